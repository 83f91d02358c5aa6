import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Dataset, zoo, type Detection, type Detections, type Keypoints, type Model } from "../../src/index.js";
import { demoPhotos, useTempHome } from "../support/env.js";
import { inBox } from "../support/people.js";

useTempHome();

/** Faces a person counts in the photos used here. */
const FACES: Record<string, number> = { "sample2.jpg": 3, "sample5.jpg": 5, "sample6.jpg": 4 };
const photos = [demoPhotos()[1]!, demoPhotos()[4]!, demoPhotos()[5]!];

const loaded: Model[] = [];
after(async () => {
  for (const m of loaded) await m.dispose();
});

/** Each photo's labels from one zoo model, applied through a dataset as a user would. */
type Faces = Map<string, Record<string, unknown>>;
const results = new Map<string, Faces>();
before(async () => {
  const ds = await Dataset.create("faces");
  await ds.addImages(photos);
  for (const [name, field] of [["blazeface-back-mediapipe-tfjs", "back"], ["blazeface-front-mediapipe-tfjs", "front"], ["faceboxes-widerface-tfjs", "boxes"]] as const) {
    const model = await zoo.loadZooModel(name);
    loaded.push(model);
    await ds.applyModel(model, { labelField: field });
  }
  for (const field of ["back", "front", "boxes"]) results.set(field, new Map());
  for await (const s of ds) {
    const file = path.basename(s.filepath);
    results.get("back")!.set(file, { detections: s.get("back_detections"), keypoints: s.get("back_keypoints") });
    results.get("front")!.set(file, { detections: s.get("front_detections"), keypoints: s.get("front_keypoints") });
    results.get("boxes")!.set(file, { detections: s.get("boxes") });
  }
});

const centre = (d: Detection): [number, number] => [d.boundingBox[0] + d.boundingBox[2] / 2, d.boundingBox[1] + d.boundingBox[3] / 2];

describe("face detectors on the group photos", () => {
  test("BlazeFace (back camera) finds every face, each with 6 keypoints on the face: eyes and nose above the mouth", () => {
    for (const [file, out] of results.get("back")!) {
      const faces = (out.detections as Detections).detections;
      const kps = (out.keypoints as Keypoints).keypoints;
      assert.equal(faces.length, FACES[file], `${file}: faces`);
      assert.equal(kps.length, faces.length);
      for (const face of faces) {
        assert.equal(face.label, "face");
        const [, , w, h] = face.boundingBox;
        assert.ok(w > 0.02 && w < 0.25 && h > 0.02 && h < 0.3, `${file}: a face-sized box ${String(face.boundingBox)}`);
        const kp = kps.find((k) => k.index === face.index)!;
        const [rightEye, leftEye, nose, mouth] = [0, 1, 2, 3].map((i) => kp.points[i]!) as [[number, number], [number, number], [number, number], [number, number]];
        for (const p of [rightEye, leftEye, nose, mouth]) assert.ok(inBox(p, face.boundingBox, 0.01), `${file}: keypoint ${String(p)} in its face box`);
        assert.ok(Math.max(rightEye[1], leftEye[1]) < mouth[1], `${file}: eyes above the mouth`);
        assert.ok(nose[1] < mouth[1], `${file}: nose above the mouth`);
      }
    }
  });

  test("FaceBoxes finds every face, at the faces BlazeFace finds", () => {
    for (const [file, out] of results.get("boxes")!) {
      const faces = (out.detections as Detections).detections;
      assert.equal(faces.length, FACES[file], `${file}: faces`);
      const blaze = (results.get("back")!.get(file)!.detections as Detections).detections;
      for (const face of faces) assert.ok(blaze.some((b) => inBox(centre(face), b.boundingBox, 0)), `${file}: FaceBoxes face ${String(face.boundingBox)} is a BlazeFace face`);
    }
  });

  test("BlazeFace (front camera), made for faces close to the camera, finds only real faces: each one BlazeFace back finds", () => {
    let found = 0;
    for (const [file, out] of results.get("front")!) {
      const faces = (out.detections as Detections).detections;
      found += faces.length;
      assert.ok(faces.length <= FACES[file]!, `${file}: no more faces than there are`);
      const blaze = (results.get("back")!.get(file)!.detections as Detections).detections;
      for (const face of faces) assert.ok(blaze.some((b) => inBox(centre(face), b.boundingBox, 0)), `${file}: ${String(face.boundingBox)} is a face`);
    }
    assert.ok(found >= 5, `faces found: ${found}`);
  });
});
