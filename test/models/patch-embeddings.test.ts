import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import sharp from "sharp";
import { BaseModel, Dataset, Detection, Detections, Polyline, Polylines, Sample, type ModelOutput, type RgbImage } from "../../src/index.js";
import { tempDir, useTempHome } from "../support/env.js";
import { near } from "../support/decode-context.js";

useTempHome();
const dir = tempDir("modelzoo-patches-");

/** Embeds an image as its mean R, G, B: exact answers for patch geometry. */
class MeanColour extends BaseModel {
  readonly name = "mean-colour";
  override readonly hasEmbeddings = true;
  override readonly defaultBatchSize = 2;
  protected doLoad() {
    return Promise.resolve();
  }
  protected doDispose() {
    return Promise.resolve();
  }
  predict(): Promise<ModelOutput> {
    return Promise.resolve(null);
  }
  override embed(img: RgbImage): Promise<Float32Array> {
    const sum = [0, 0, 0];
    for (let i = 0; i < img.data.length; i += 3) for (let c = 0; c < 3; c++) sum[c]! += img.data[i + c]!;
    return Promise.resolve(Float32Array.from(sum.map((s) => s / (img.width * img.height))));
  }
}

describe("computePatchEmbeddings", () => {
  test("embeds each object's patch; alpha and forceSquare change the patch; missing patches are handled as asked", async () => {
    // 100×50: red left half, blue right half.
    const file = path.join(dir, "halves.png");
    const raw = Buffer.alloc(100 * 50 * 3);
    for (let y = 0; y < 50; y++) for (let x = 0; x < 100; x++) raw.set(x < 50 ? [255, 0, 0] : [0, 0, 255], (y * 100 + x) * 3);
    await sharp(raw, { raw: { width: 100, height: 50, channels: 3 } }).png().toFile(file);
    const ds = await Dataset.create("patches");
    await ds.addSamples([
      new Sample({
        filepath: file,
        objects: new Detections({
          detections: [
            new Detection({ label: "left", boundingBox: [0.1, 0.2, 0.3, 0.6] }),
            new Detection({ label: "right", boundingBox: [0.6, 0.2, 0.3, 0.6] }),
            new Detection({ label: "edge", boundingBox: [0.25, 0.2, 0.25, 0.6] }), // x 25..50: all red
          ],
        }),
        lines: new Polylines({ polylines: [new Polyline({ label: "l", points: [[[0.6, 0.1], [0.9, 0.9]]] })] }),
      }),
      new Sample({ filepath: file, objects: new Detections() }),
    ]);
    const model = new MeanColour();
    const r = await ds.computePatchEmbeddings(model, "objects");
    assert.equal(r.dim, 3);
    assert.equal(r.embeddings.size, 1, "the sample without objects is skipped");
    const [left, right, edge] = [...r.embeddings.values()][0]!;
    near(Array.from(left!), [255, 0, 0]);
    near(Array.from(right!), [0, 0, 255]);
    near(Array.from(edge!), [255, 0, 0]);
    // alpha 1 doubles the edge box about its centre (x 37.5 → 12.5..62.5): 37.5 red columns of 50 → mostly red, some blue.
    const grown = (await ds.computePatchEmbeddings(model, "objects", { alpha: 1 })).embeddings.values().next().value![2]!;
    assert.ok(grown[0]! > 150 && grown[0]! < 230 && grown[2]! > 25 && grown[2]! < 105, `a mix of red and blue: ${Array.from(grown).join(",")}`);
    // forceSquare grows the 25×30-px edge box to 30×30 about its centre: 3 of its 30 columns are blue.
    const square = (await ds.computePatchEmbeddings(model, "objects", { forceSquare: true })).embeddings.values().next().value![2]!;
    assert.ok(square[0]! > 200 && square[2]! > 10 && square[2]! < 40, `slightly blue: ${Array.from(square).join(",")}`);
    const lines = (await ds.computePatchEmbeddings(model, "lines")).embeddings.values().next().value!;
    near(Array.from(lines[0]!), [0, 0, 255], 1e-3);

    const whole = await ds.computePatchEmbeddings(model, "objects", { handleMissing: "image", embeddingsField: "patch_emb" });
    assert.equal(whole.embeddings.size, 0, "stored, not returned");
    // As FiftyOne: each vector on its label (detections[i].patch_emb; here in the label's attributes).
    const [first, second] = (await ds.values("objects")) as Detections[];
    assert.deepEqual(first!.detections.map((d) => d.label), ["left", "right", "edge"], "the labels are kept");
    near(first!.detections[1]!.attributes.patch_emb as number[], [0, 0, 255]);
    near(first!.detections[0]!.attributes.patch_emb as number[], [255, 0, 0]);
    assert.equal(second!.detections.length, 0, "an empty Detections has no patches to embed, even with handleMissing image");
    const onLines = await ds.computePatchEmbeddings(model, "lines", { embeddingsField: "emb" });
    assert.equal(onLines.dim, 3);
    near(((await ds.values("lines")) as (Polylines | undefined)[])[0]!.polylines[0]!.attributes.emb as number[], [0, 0, 255], 1e-3);
    await assert.rejects(() => ds.computePatchEmbeddings(model, "objects", { embeddingsField: "bad.name" }), /must be an attribute name/);
    await assert.rejects(() => ds.computePatchEmbeddings(model, "missing_field", { handleMissing: "error", skipFailures: false }), /has no patches in "missing_field"/);
  });
});
