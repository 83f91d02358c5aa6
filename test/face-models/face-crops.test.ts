import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Dataset, cropImage, decodeImage, resizeImage, zoo, type BoundingBox, type Classification, type Regression, type Detections, type Keypoints, type Model, type Point, type RgbImage } from "../../src/index.js";
import { demoPhotos, tempDir, useTempHome } from "../support/env.js";
import { faceApiCropNets } from "../support/face-api-reference.js";

useTempHome();
const dir = tempDir("modelzoo-face-crops-");
// sample1: three women, the one on the right laughing; sample5: five people.
const photos = [demoPhotos()[0]!, demoPhotos()[4]!];
const EXPRESSIONS = ["neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised"];

let ds: Dataset;
const models: Model[] = [];
const load = async (name: string, options?: { crops: false }) => {
  const m = await zoo.loadZooModel(name, options);
  models.push(m);
  await m.load();
  return m;
};
const mean = (pts: Point[]) => [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length] as const;
const dist = (a: Float32Array, b: Float32Array) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0));

before(async () => {
  for (const p of photos) fs.copyFileSync(p, path.join(dir, path.basename(p)));
  ds = await Dataset.fromDir("face-crops", dir);
});
after(async () => {
  for (const m of models) await m.dispose();
});

describe("face-api's crop-level nets, run on the faces SSD-MobileNetV1 finds", () => {
  for (const name of ["face-landmarks-68-tfjs", "face-landmarks-68-tiny-tfjs"]) {
    test(`${name}: 68 plausible points on every face`, async () => {
      const field = name.includes("tiny") ? "tiny" : "lm";
      await ds.applyModel(await load(name), { labelField: field });
      for await (const s of ds) {
        const faces = (s.get(`${field}_detections`) as Detections).detections;
        const sets = (s.get(`${field}_keypoints`) as Keypoints).keypoints;
        assert.equal(faces.length, path.basename(s.filepath) === "sample1.jpg" ? 3 : 5);
        assert.equal(sets.length, faces.length, "one point set per face");
        for (const [i, set] of sets.entries()) {
          const pts = set.points as Point[];
          assert.equal(pts.length, 68);
          const [x, y, w, h] = faces[i]!.boundingBox;
          const inBox = pts.filter(([px, py]) => px >= x - 0.15 * w && px <= x + 1.15 * w && py >= y - 0.15 * h && py <= y + 1.15 * h);
          assert.equal(inBox.length, 68, "every point lies on the face (its box grown by 15%)");
          // iBUG 68 layout: 36–41 one eye, 42–47 the other, 30 the nose tip, 48–67 the mouth.
          const [eyeLx, eyeLy] = mean(pts.slice(36, 42));
          const [eyeRx, eyeRy] = mean(pts.slice(42, 48));
          const [, mouthY] = mean(pts.slice(48, 68));
          const noseY = pts[30]![1];
          assert.ok(eyeLx < eyeRx, "the image-left eye is left of the other");
          assert.ok((eyeLy + eyeRy) / 2 < noseY && noseY < mouthY, "eyes above the nose tip, above the mouth");
          assert.ok(eyeRx - eyeLx > 0.2 * w, "the eyes are apart");
        }
      }
      if (field === "tiny") {
        // The tiny net agrees with the full one to a few percent of the face's width.
        for await (const s of ds) {
          const full = (s.get("lm_keypoints") as Keypoints).keypoints;
          const tiny = (s.get("tiny_keypoints") as Keypoints).keypoints;
          const widths = (s.get("lm_detections") as Detections).detections.map((d) => d.boundingBox[2]);
          for (const [i, set] of tiny.entries()) {
            const gap = set.points.reduce((sum, p, j) => sum + Math.hypot(p![0] - full[i]!.points[j]![0], p![1] - full[i]!.points[j]![1]), 0) / 68;
            assert.ok(gap < 0.08 * widths[i]!, `tiny and full landmarks differ by ${(gap / widths[i]!).toFixed(3)} face widths`);
          }
        }
      }
    });
  }

  test("expressions become attributes of each face; the laughing woman is happy", async () => {
    await ds.applyModel(await load("face-expression-tfjs"), { labelField: "expr" });
    const sample1 = await ds.match({ filepath: { $regex: "sample1\\.jpg$" } }).first();
    const faces = (sample1!.get("expr") as Detections).detections;
    assert.equal(faces.length, 3);
    for (const f of faces) assert.ok(EXPRESSIONS.includes(f.attributes.expression as string));
    const rightmost = faces.reduce((a, b) => (a.boundingBox[0] > b.boundingBox[0] ? a : b));
    assert.equal(rightmost.attributes.expression, "happy");
    assert.ok((rightmost.attributes.expression_confidence as number) > 0.9);
  });

  test("age and gender become attributes of each face: adults, women", async () => {
    await ds.applyModel(await load("age-gender-xception-tfjs"), { labelField: "ag" });
    for await (const s of ds) {
      for (const f of (s.get("ag") as Detections).detections) {
        // Every face in these two photos is a young woman's (looked at).
        assert.equal(f.attributes.gender, "female");
        const age = f.attributes.age as number;
        assert.ok(age > 15 && age < 45, `age ${age.toFixed(1)}`);
      }
    }
  });

  test("128-d face embeddings: a face is closer to itself shifted or mirrored than to anyone else", async () => {
    const detector = await load("ssd-mobilenet-v1-wider-face-tfjs");
    await ds.applyModel(detector, { labelField: "faces" });
    const recognition = await load("face-recognition-resnet34-tfjs", { crops: false });
    const patches = await ds.computePatchEmbeddings(recognition, "faces");
    assert.equal(patches.dim, 128);
    assert.deepEqual([...patches.embeddings.values()].map((v) => v.length).sort(), [3, 5]);

    const image: RgbImage = await decodeImage(photos[1]!);
    const sample5 = await ds.match({ filepath: { $regex: "sample5\\.jpg$" } }).first();
    const boxes = (sample5!.get("faces") as Detections).detections.map((d) => d.boundingBox);
    const embed = (box: BoundingBox, mirror = false) => {
      let crop = cropImage(image, box);
      if (mirror) crop = mirrored(crop);
      return recognition.embed(crop);
    };
    const originals = await Promise.all(boxes.map((b) => embed(b)));
    for (const [i, b] of boxes.entries()) {
      const shifted = await embed([b[0] + 0.06 * b[2], b[1] - 0.04 * b[3], b[2], b[3]]);
      const flipped = await embed(b, true);
      const others = originals.filter((_, j) => j !== i).map((o) => dist(originals[i]!, o));
      const nearestOther = Math.min(...others);
      assert.ok(dist(originals[i]!, shifted) < nearestOther, `face ${i}: shifted ${dist(originals[i]!, shifted).toFixed(3)} < other people ${nearestOther.toFixed(3)}`);
      assert.ok(dist(originals[i]!, flipped) < nearestOther, `face ${i}: mirrored ${dist(originals[i]!, flipped).toFixed(3)} < other people ${nearestOther.toFixed(3)}`);
      // face-api's rule of thumb: descriptors of one person lie within 0.6 of each other.
      assert.ok(dist(originals[i]!, shifted) < 0.6);
    }
  });
});

describe("face-api's crop-level nets against face-api itself", () => {
  test("age, gender, expressions and descriptors match on identical crops", async () => {
    const image = await decodeImage(photos[0]!);
    const boxes: BoundingBox[] = [
      [0.214, 0.268, 0.095, 0.196],
      [0.43, 0.306, 0.107, 0.206],
      [0.77, 0.17, 0.102, 0.171],
    ];
    // Letterboxed once, so both libraries see identical pixels.
    const square = async (b: BoundingBox, size: number) => (await resizeImage(cropImage(image, b), { width: size, height: size, mode: "letterbox" })).image;
    const crops112 = await Promise.all(boxes.map((b) => square(b, 112)));
    const crops150 = await Promise.all(boxes.map((b) => square(b, 150)));
    const reference = await faceApiCropNets(crops112, crops150);
    const ageGender = await load("age-gender-xception-tfjs", { crops: false });
    const expression = await load("face-expression-tfjs", { crops: false });
    const recognition = await load("face-recognition-resnet34-tfjs", { crops: false });
    for (const [i, ref] of reference.entries()) {
      const ag = (await ageGender.predict(crops112[i]!)) as { age: Regression; gender: Classification };
      assert.ok(Math.abs(ag.age.value - ref.age) < 0.05, `age ${ag.age.value} vs ${ref.age}`);
      assert.equal(ag.gender.label, ref.gender);
      assert.ok(Math.abs(ag.gender.confidence! - ref.genderProbability) < 1e-3);
      const ex = (await expression.predict(crops112[i]!)) as Classification;
      assert.ok(Math.abs(ex.confidence! - ref.expressions[ex.label]!) < 1e-3, `${ex.label} ${ex.confidence} vs ${ref.expressions[ex.label]}`);
      assert.equal(ex.label, Object.entries(ref.expressions).sort((a, b) => b[1] - a[1])[0]![0]);
      const d = await recognition.embed(crops150[i]!);
      assert.ok(dist(d, ref.descriptor) < 1e-3, `descriptor distance ${dist(d, ref.descriptor)}`);
    }
  });
});

/** The image mirrored left to right. */
function mirrored(image: RgbImage): RgbImage {
  const data = new Uint8Array(image.data.length);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const from = (y * image.width + x) * 3;
      const to = (y * image.width + (image.width - 1 - x)) * 3;
      data.set(image.data.subarray(from, from + 3), to);
    }
  }
  return { ...image, data };
}
