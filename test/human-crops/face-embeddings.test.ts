import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { cropImage, decodeImage, mirrorImage, zoo, type RgbImage } from "../../src/index.js";
import { cosine } from "../../src/processors/index.js";
import { demoPhotos, useTempHome } from "../support/env.js";

useTempHome();

/** Cosine distance. */
const distance = (a: Float32Array, b: Float32Array) => 1 - cosine(a, b);

describe("face embeddings of the most confident face (the cascade's embed)", () => {
  // Three regions of sample1 with one woman each (left, middle, right), one of them also shifted and mirrored.
  let left: RgbImage, leftShifted: RgbImage, leftMirrored: RgbImage, middle: RgbImage, right: RgbImage;
  before(async () => {
    const photo = await decodeImage(demoPhotos()[0]!);
    left = cropImage(photo, [0.12, 0.2, 0.3, 0.5]);
    leftShifted = cropImage(photo, [0.14, 0.22, 0.3, 0.5]);
    leftMirrored = mirrorImage(left);
    middle = cropImage(photo, [0.38, 0.25, 0.25, 0.5]);
    right = cropImage(photo, [0.7, 0.1, 0.3, 0.5]);
  });

  for (const [name, dim] of [
    ["faceres-vggface2-tfjs", 1024],
    ["faceres-deep-vggface2-tfjs", 1024],
    ["mobileface-becauseofai-tfjs", 256],
  ] as const) {
    test(`${name}: the same face shifted or mirrored is closer than another woman's`, async () => {
      const model = await zoo.loadZooModel(name);
      await model.load();
      assert.ok(model.hasEmbeddings);
      const [a, shifted, mirrored, b, c] = await model.embedAll([left, leftShifted, leftMirrored, middle, right]);
      assert.equal(a!.length, dim);
      const same = Math.max(distance(a!, shifted!), distance(a!, mirrored!));
      const other = Math.min(distance(a!, b!), distance(a!, c!), distance(b!, c!));
      assert.ok(same < other / 2, `same face ${same.toFixed(3)} vs different faces ${other.toFixed(3)}`);
      await model.dispose();
    });
  }
});
