import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Dataset, TfjsImageModel } from "../../src/index.js";
import { demoPhotos, useTempHome } from "../support/env.js";
import { zooModelLoader } from "../support/models.js";

useTempHome();
const load = zooModelLoader();

/** MobileNetV2's last feature map (7×7×C, NHWC) in the TF Hub graph nsfwjs ships; its 7×7 average is the feature vector. */
const FEATURE_MAP = "StatefulPartitionedCall/sequential/keras_layer/StatefulPartitionedCall/StatefulPartitionedCall/StatefulPartitionedCall/predict/MobilenetV2/Conv_1/Relu6";

describe("multi-dimensional embeddings", () => {
  test("an unpooled feature map embeds with its shape; averaged over its grid it is the model's pooled vector", async () => {
    const pooled = (await load("mobilenet-v2-mid-nsfw-tfjs")) as TfjsImageModel;
    const grid = new TfjsImageModel({ ...pooled.config, name: "mobilenet-v2-grid", modelPath: pooled.modelPath, embeddings: { output: FEATURE_MAP } });
    await grid.load();
    assert.equal(grid.embeddingShape, undefined, "unknown before the first embedding");
    const ds = await Dataset.create();
    await ds.addImages(demoPhotos().slice(0, 2));
    const r = await ds.computeEmbeddings(grid);
    const flat = await ds.computeEmbeddings(pooled);
    assert.equal(flat.shape, undefined, "a plain vector has no shape");
    const C = flat.dim;
    assert.deepEqual(r.shape, [7, 7, C]);
    assert.equal(r.dim, 7 * 7 * C);
    assert.deepEqual(grid.embeddingShape, [7, 7, C]);
    for (let s = 0; s < 2; s++) {
      const row = r.data.subarray(s * r.dim, (s + 1) * r.dim);
      for (let c = 0; c < C; c += 97) {
        let mean = 0;
        for (let p = 0; p < 49; p++) mean += row[p * C + c]! / 49;
        assert.ok(Math.abs(mean - flat.data[s * C + c]!) < 1e-4, `sample ${s} channel ${c}: ${mean} vs ${flat.data[s * C + c]}`);
      }
    }
    await grid.dispose();
  });
});
