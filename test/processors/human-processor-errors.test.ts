import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BlazeFaceProcessor, ManifestError, PoseNetProcessor, ProcessorOptionsError, ProcessorOutputError, zoo } from "../../src/index.js";
import { decodeContext } from "../support/decode-context.js";
import { useTempHome } from "../support/env.js";

useTempHome();

describe("human-models processors refuse what they cannot decode, saying why", () => {
  test("a bad option is a ProcessorOptionsError naming it; through the zoo, a ManifestError naming the model", async () => {
    assert.throws(() => new PoseNetProcessor({ minScore: 2 }), (e: unknown) => e instanceof ProcessorOptionsError && /minScore must be a number from 0 to 1; got 2/.test(e.message));
    assert.throws(() => new BlazeFaceProcessor({ inputSize: 0 }), ProcessorOptionsError);
    await assert.rejects(
      () => zoo.loadZooModel("blazeface-back-mediapipe-tfjs", { processorOptions: { iouThreshold: -1 } }),
      (e: unknown) => e instanceof ManifestError && /blazeface-back-mediapipe-tfjs/.test(e.message) && /iouThreshold/.test(e.message),
    );
  });

  test("outputs of the wrong shape are a ProcessorOutputError that says what to check", () => {
    // Strides of 8 and 16 on a 256 input make 3584 anchors; the model gave 512 + 384 rows.
    const face = new BlazeFaceProcessor({ inputSize: 256, strides: [8, 16] });
    const rows = (n: number, w: number) => ({ data: new Float32Array(n * w), dims: [1, n, w] });
    const outputs = { "Identity:0": rows(512, 1), "Identity_2:0": rows(512, 16), "Identity_1:0": rows(384, 1), "Identity_3:0": rows(384, 16) };
    assert.throws(() => face.process(outputs, decodeContext({ size: 256 })), (e: unknown) => e instanceof ProcessorOutputError && /Check inputSize/.test(e.message));
    const pose = new PoseNetProcessor();
    const grid = (c: number) => ({ data: new Float32Array(25 * 25 * c), dims: [1, 25, 25, c] });
    const swapped = { "MobilenetV1/heatmap_2/BiasAdd:0": grid(34), "MobilenetV1/offset_2/BiasAdd:0": grid(17), "MobilenetV1/displacement_fwd_2/BiasAdd:0": grid(32), "MobilenetV1/displacement_bwd_2/BiasAdd:0": grid(32) };
    assert.throws(() => pose.process(swapped, decodeContext({ size: 385 })), (e: unknown) => e instanceof ProcessorOutputError && /17, 34, 32 and 32 channels, got 34, 17, 32, 32/.test(e.message));
  });
});
