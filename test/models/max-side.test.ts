import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import { InputConfigError, MoveNetProcessor, TfjsImageModel, zoo, type ImageInputConfig } from "../../src/index.js";
import { pointToSource, pointToTarget } from "../../src/media/index.js";
import { ImageInputSchema } from "../../src/models/index.js";
import { planMaxSide } from "../../src/models/max-side.js";
import { useTempHome } from "../support/env.js";
import { humanModelsDir } from "../support/models.js";

useTempHome();

/** pose-detection 2.1.3's own arithmetic (dist/movenet/detector.js, estimateMultiplePoses), restated: resized and padded sizes. */
function poseDetectionSizes(width: number, height: number, max = 256): { resized: [number, number]; padded: [number, number] } {
  if (width > height) {
    const h = Math.round((max * height) / width);
    return { resized: [max, h], padded: [max, Math.ceil(h / 32) * 32] };
  }
  const w = Math.round((max * width) / height);
  return { resized: [w, max], padded: [Math.ceil(w / 32) * 32, max] };
}

const INPUT: ImageInputConfig = { width: 256, height: 256, layout: "nhwc", maxSide: 256, padMultiple: 32, kernel: "tfjs-bilinear", scale: 1, dtype: "int32" };

describe("maxSide input geometry", () => {
  test("the sizes pose-detection's MultiPose feeds: landscapes, portraits, squares, tiny and extreme shapes", () => {
    assert.deepEqual(planMaxSide(1920, 1280, 256, 32), { ...planMaxSide(1920, 1280, 256, 32), resizedWidth: 256, resizedHeight: 171, width: 256, height: 192 });
    assert.deepEqual([planMaxSide(1280, 1920, 256, 32).width, planMaxSide(1280, 1920, 256, 32).height], [192, 256]);
    assert.deepEqual([planMaxSide(512, 512, 256, 32).width, planMaxSide(512, 512, 256, 32).height], [256, 256]);
    for (const [w, h] of [[1920, 1280], [1920, 1448], [1920, 1537], [640, 480], [190, 135], [135, 190], [512, 512], [3000, 7], [7, 3000], [257, 256], [256, 257], [1001, 999]] as const) {
      const plan = planMaxSide(w, h, 256, 32);
      const pd = poseDetectionSizes(w, h);
      assert.deepEqual([plan.resizedWidth, plan.resizedHeight], pd.resized.map((v) => Math.max(1, v)), `${w}×${h}: resized`);
      assert.deepEqual([plan.width, plan.height], pd.padded.map((v) => Math.max(32, v)), `${w}×${h}: padded`);
    }
    // A side that rounds to 0 keeps one pixel (pose-detection would ask TF.js for an empty image).
    assert.equal(planMaxSide(1000, 1, 256, 32).resizedHeight, 1);
    // Without padMultiple nothing is padded; a longer side that is not a multiple is padded too.
    assert.deepEqual([planMaxSide(1920, 1280, 256).width, planMaxSide(1920, 1280, 256).height], [256, 171]);
    assert.deepEqual([planMaxSide(1920, 1280, 250, 32).width, planMaxSide(1920, 1280, 250, 32).height], [256, 192]);
  });

  test("points map back exactly as pose-detection maps them: input coordinate × padded / resized", () => {
    for (const [w, h] of [[1920, 1280], [1280, 1920], [190, 135], [640, 480]] as const) {
      const { transform, width, height, resizedWidth, resizedHeight } = planMaxSide(w, h, 256, 32);
      // Points on the content (past it, pointToSource keeps them in the image).
      for (const p of [[0, 0], [0.5, 0.25], [0.9, 0.6], [1, 1]].map(([f, g]) => [(f! * resizedWidth) / width, (g! * resizedHeight) / height] as const)) {
        const [x, y] = pointToSource(p, transform);
        assert.ok(Math.abs(x - (p[0] * width) / resizedWidth) < 1e-12 && Math.abs(y - (p[1] * height) / resizedHeight) < 1e-12, `${w}×${h}: ${p.join(",")}`);
        const back = pointToTarget([x, y], transform);
        assert.ok(Math.abs(back[0] - p[0]) < 1e-12 && Math.abs(back[1] - p[1]) < 1e-12);
      }
      // The content's bottom-right corner is the image's.
      const corner = pointToSource([resizedWidth / width, resizedHeight / height], transform);
      assert.ok(Math.abs(corner[0] - 1) < 1e-12 && Math.abs(corner[1] - 1) < 1e-12);
    }
  });

  test("prepare: content at the top-left, padding right and bottom in padValue before normalization (synthetic image: plumbing only)", async () => {
    const model = new TfjsImageModel({ name: "multipose", modelPath: path.join(humanModelsDir(), "movenet-multipose.json"), input: { ...INPUT, padValue: 7, scale: 2 }, processor: new MoveNetProcessor({ variant: "multi" }) });
    const image = { data: new Uint8Array(300 * 200 * 3).fill(100), width: 300, height: 200, channels: 3 as const };
    const p = await model.prepare(image);
    assert.deepEqual([p.width, p.height], [256, 192]);
    assert.equal(p.tensor.length, 256 * 192 * 3);
    const at = (x: number, y: number) => p.tensor[(y * 256 + x) * 3]!;
    assert.equal(at(0, 0), 200); // 100 × scale 2
    assert.equal(at(255, 170), 200); // last content row: round(256 · 200 / 300) = 171 rows
    assert.equal(at(0, 171), 14); // padding: 7 × 2
    assert.equal(at(255, 191), 14);
    assert.deepEqual(p.transform, planMaxSide(300, 200, 256, 32).transform);
  });

  test("maxSide with another option that sets the input's size: a clear error in the manifest schema, the constructor and a zoo override", async () => {
    const parsed = ImageInputSchema.safeParse({ ...INPUT, minSide: 800 });
    assert.equal(parsed.success, false);
    assert.match(parsed.error.issues[0]!.message, /input\.maxSide cannot be combined with input\.minSide/);
    assert.deepEqual(parsed.error.issues[0]!.path, ["maxSide"]);
    assert.equal(ImageInputSchema.safeParse(INPUT).success, true);
    assert.equal(ImageInputSchema.safeParse({ ...INPUT, maxSide: 0 }).success, false);
    assert.throws(
      () => new TfjsImageModel({ name: "m", modelPath: "m.json", input: { ...INPUT, resizeShortest: 256, maxWidth: 320 } }),
      (err: unknown) => err instanceof InputConfigError && /Model "m": input\.maxSide cannot be combined with input\.resizeShortest, input\.maxWidth/.test(err.message) && /remove it/.test(err.message),
    );
    await assert.rejects(zoo.loadZooModel("movenet-multipose-coco-tfjs", { input: { minSide: 300 } }), InputConfigError);
  });
});
