import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { zoo, type Detections, type RgbImage } from "../../src/index.js";
import { near } from "../support/decode-context.js";
import { useTempHome } from "../support/env.js";
import { fakeUltralytics, fakeYolov10, hfFiles, registerStandIns } from "../support/family-fakes.js";
import { HfMirror } from "../support/hf-mirror.js";
import { zooModelLoader } from "../support/model-loader.js";

/*
 * The YOLO family (manifest-yolo.json): YOLOv8 / YOLO11 detection and instance
 * segmentation, YOLOv10 NMS-free detection. Every entry downloads from a local stand-in
 * of the hub under its own repo and revision and runs on a stand-in graph with the
 * Ultralytics export's interface; the letterbox and the decoding are checked in numbers.
 */

useTempHome();
const mirror = new HfMirror();
const { load, disposeAll } = zooModelLoader((name) => standIn[name]!);
const YOLO = zoo.listZooModels({ tags: "yolo" });
let standIn: Record<string, string> = {};

function solid(w: number, h: number, v: number): RgbImage {
  return { data: new Uint8Array(w * h * 3).fill(v), width: w, height: h, channels: 3 };
}


before(async () => {
  await mirror.start();
  process.env.HF_ENDPOINT = mirror.endpoint;
  const det = fakeUltralytics(false);
  const seg = fakeUltralytics(true);
  const v10 = fakeYolov10();
  for (const name of YOLO) {
    const { repo, revision, files } = hfFiles(name);
    const data = name.startsWith("yolov10") ? v10 : name.includes("-seg-") ? seg : det;
    for (const f of files) mirror.put(repo, revision, f, data);
  }
  standIn = await registerStandIns(YOLO);
});
after(async () => {
  await disposeAll();
  await mirror.close();
});

// A 640×480 photo in the 640×640 input: scale 1, 80 rows of grey above and below.
const PERSON = [270 / 640, 140 / 480, 100 / 640, 200 / 480];
const DOG = [75 / 640, 0, 50 / 640, 45 / 480]; // input y 75–125: its top 5 rows lie in the padding

describe("YOLO detection and instance segmentation", () => {
  test("the catalog has YOLOv8, YOLOv10 and YOLO11 detectors and YOLOv8/YOLO11 -seg models, under FiftyOne's names too, at pinned revisions", () => {
    assert.equal(YOLO.length, 22);
    for (const s of ["n", "s", "m", "l", "x"]) for (const f of [`yolov8${s}-coco-onnx`, `yolo11${s}-coco-onnx`, `yolov10${s}-coco-onnx`]) assert.ok(YOLO.includes(f), f);
    for (const f of ["yolov10b-coco-onnx", "yolov8n-seg-coco-onnx", "yolov8m-seg-coco-onnx", "yolo11n-seg-coco-onnx", "yolo11m-seg-coco-onnx"]) assert.ok(YOLO.includes(f), f);
    assert.equal(zoo.getZooModel("yolo11n-seg-coco-torch").name, "yolo11n-seg-coco-onnx");
    assert.equal(zoo.getZooModel("yolov8s-coco-torch").name, "yolov8s-coco-onnx");
    for (const name of YOLO) assert.match(hfFiles(name).revision, /^[0-9a-f]{40}$/, name);
    const pinned = YOLO.filter((n) => zoo.getZooModel(n).source.files.every((f) => f.sha256 && f.size));
    assert.equal(pinned.length, 12, "the files whose sha256 the hub's commit pages state");
  });

  test("every detector: letterboxed input, boxes mapped back to the photo, NMS on v8/11, the dog only on a bright photo", async () => {
    for (const name of YOLO.filter((n) => !n.includes("-seg-"))) {
      const model = await load(name);
      const bright = ((await model.predict(solid(640, 480, 255))) as Detections).detections;
      assert.deepEqual(bright.map((d) => d.label), ["person", "dog"], name);
      near(bright[0]!.boundingBox, PERSON, 1e-6);
      assert.ok(Math.abs(bright[0]!.confidence! - 0.9) < 1e-6);
      near(bright[1]!.boundingBox, DOG, 1e-6);
      // mean(input) = (480 rows of 1 + 160 rows of 114/255) / 640 (float32 sums: 1e-3).
      assert.ok(Math.abs(bright[1]!.confidence! - 0.5 * ((480 + (160 * 114) / 255) / 640)) < 1e-3, `${name}: ${bright[1]!.confidence}`);
      const dark = ((await model.predict(solid(640, 480, 0))) as Detections).detections;
      assert.deepEqual(dark.map((d) => d.label), ["person"], name);
      await model.dispose();
    }
  });

  test("every -seg model: a mask over each box, sigmoid(coefficients · prototypes) sampled over it", async () => {
    for (const name of YOLO.filter((n) => n.includes("-seg-"))) {
      const model = await load(name);
      const dets = ((await model.predict(solid(640, 480, 200))) as Detections).detections;
      const person = dets.find((d) => d.label === "person")!;
      near(person.boundingBox, PERSON, 1e-6);
      const mask = person.mask!;
      assert.deepEqual([mask.width, mask.height], [100, 200], name);
      // Prototype 0 is on left of input x = 320: the box's left 50 columns.
      for (const y of [0, 100, 199]) {
        assert.equal(mask.get(y, 0), 1);
        assert.equal(mask.get(y, 49), 1);
        assert.equal(mask.get(y, 50), 0);
        assert.equal(mask.get(y, 99), 0);
      }
      await model.dispose();
    }
  });
});
