import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { decodeImage, zoo, type Detections, type Keypoints, type Model, type RgbImage } from "../../src/index.js";
import { demoPhotos, useTempHome } from "../support/env.js";

useTempHome();

/** MediaPipe face-mesh indices (its canonical mesh): eye corners, upper lip centre, chin. */
const MESH = { rightEyeOuter: 33, leftEyeOuter: 263, upperLip: 13, chin: 152 };

describe("face landmarks on the faces BlazeFace finds", () => {
  let facemesh: Model;
  let iris: Model;
  let photo: RgbImage;
  before(async () => {
    [facemesh, iris] = await Promise.all([zoo.loadZooModel("facemesh-mediapipe-tfjs"), zoo.loadZooModel("iris-mediapipe-tfjs")]);
    await Promise.all([facemesh.load(), iris.load()]);
    photo = await decodeImage(demoPhotos()[4]!); // sample5: five women on a staircase, faces towards the camera
  });
  after(async () => {
    await facemesh.dispose();
    await iris.dispose();
  });

  test("FaceMesh: 468 points per face, inside its box, eyes above the mouth above the chin", async () => {
    const out = (await facemesh.predict(photo)) as { detections: Detections; keypoints: Keypoints };
    assert.equal(out.detections.detections.length, 5, "five faces");
    assert.equal(out.keypoints.keypoints.length, 5, "one mesh per face");
    for (const mesh of out.keypoints.keypoints) {
      assert.equal(mesh.points.length, 468);
      const [x, y, w, h] = out.detections.detections[mesh.index!]!.boundingBox;
      // The patch is the box grown by 40% and made square: points may reach 20% (and a bit) beyond the box.
      const inside = mesh.points.filter((p) => p && p[0] >= x - 0.3 * w && p[0] <= x + 1.3 * w && p[1] >= y - 0.3 * h && p[1] <= y + 1.3 * h);
      assert.ok(inside.length >= 460, `face ${mesh.index}: ${inside.length} of 468 points near its box`);
      const yOf = (i: number) => mesh.points[i]![1];
      assert.ok(Math.max(yOf(MESH.rightEyeOuter), yOf(MESH.leftEyeOuter)) < yOf(MESH.upperLip), `face ${mesh.index}: eyes above the mouth`);
      assert.ok(yOf(MESH.upperLip) < yOf(MESH.chin), `face ${mesh.index}: mouth above the chin`);
      // The person's right eye is on the image's left for a face towards the camera.
      assert.ok(mesh.points[MESH.rightEyeOuter]![0] < mesh.points[MESH.leftEyeOuter]![0], `face ${mesh.index}: eyes in mirror order`);
    }
  });

  test("Iris: each iris centre lies inside its eye patch, near the middle, and the two eyes of a face are side by side", async () => {
    const out = (await iris.predict(photo)) as { detections: Detections; keypoints: Keypoints };
    const eyes = out.detections.detections;
    assert.equal(eyes.length, 10, "two eyes for each of five faces");
    const irises = out.keypoints.keypoints.filter((k) => k.label === "iris");
    assert.equal(irises.length, 10);
    for (const k of irises) {
      assert.equal(k.points.length, 5, "centre and four edge points");
      const [x, y, w, h] = eyes[k.index!]!.boundingBox;
      const [cx, cy] = k.points[0]!;
      assert.ok(cx > x + 0.2 * w && cx < x + 0.8 * w && cy > y + 0.2 * h && cy < y + 0.8 * h, `iris ${k.index} near the middle of its eye patch`);
    }
    const contours = out.keypoints.keypoints.filter((k) => k.label === "eye_contour");
    for (let face = 0; face < 5; face++) {
      const [right, left] = [irises[2 * face]!.points[0]!, irises[2 * face + 1]!.points[0]!];
      assert.ok(right[0] < left[0], `face ${face}: right iris left of the left iris in the image`);
      assert.ok(Math.abs(right[1] - left[1]) < Math.abs(right[0] - left[0]), `face ${face}: irises roughly level`);
      // Right eyes are mirrored for the model and back: the first contour point is the same corner of each eye, so on opposite sides.
      const side = (eye: number) => Math.sign(contours[eye]!.points[0]![0] - irises[eye]!.points[0]![0]);
      assert.equal(side(2 * face), -side(2 * face + 1), `face ${face}: eye contours mirror each other`);
    }
  });
});
