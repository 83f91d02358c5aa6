import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { Array2D } from "../../src/labels/index.js";
import { ImageNotFoundError, MediaArgumentError, readMaskPng, writeMaskPng } from "../../src/media/index.js";
import { mediaTempDir } from "./fixtures.js";

const dir = mediaTempDir();

test("mask PNGs round-trip class ids exactly, 8- and 16-bit", async () => {
  const small = Array2D.from([[0, 1, 2], [255, 7, 0]], "uint8");
  await writeMaskPng(small, path.join(dir, "a", "small.png"));
  const back = await readMaskPng(path.join(dir, "a", "small.png"));
  assert.equal(back.dtype, "uint8");
  assert.deepEqual([back.height, back.width, Array.from(back.data)], [2, 3, [0, 1, 2, 255, 7, 0]]);

  const deep = Array2D.from([[0, 300], [65535, 1]], "uint16");
  await writeMaskPng(deep, path.join(dir, "deep.png"));
  const deepBack = await readMaskPng(path.join(dir, "deep.png"));
  assert.equal(deepBack.dtype, "uint16");
  assert.deepEqual(Array.from(deepBack.data), [0, 300, 65535, 1]);

  await assert.rejects(() => writeMaskPng(Array2D.zeros(1, 1, "float32"), path.join(dir, "f.png")), (e: unknown) => e instanceof MediaArgumentError && /only uint8 and uint16/.test(e.message));
  await assert.rejects(() => readMaskPng(path.join(dir, "none.png")), ImageNotFoundError);
});
