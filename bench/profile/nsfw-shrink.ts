// Would shrink-on-load keep nsfwjs agreement? For the corpus photos that it would shrink
// (shorter side ≥ 896 px, four times the NSFW classifier's 224-px input): nsfwjs on the full decode (its own pipeline) against
// modelzoo's mobilenet-v2-nsfw-tfjs on (a) the full decode, as applyModel does now, and
// (b) a JPEG/PNG decoded with sharp's shrink-on-load to the largest power-of-two
// reduction that keeps the shorter side ≥ 448 px, then resized the same way (TF.js
// bilinear, aligned corners). Prints top-label agreement, mean |Δp| of nsfwjs's top
// class, and the decode CPU per photo of each path.
//   node --import tsx bench/profile/nsfw-shrink.ts
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { decodeImage, loadZooModel, type Classification, type ImageModel, type RgbImage } from "../../src/index.js";
import { nsfwjsProbabilities } from "../../test/support/nsfwjs-reference.js";
import { corpus, type CorpusImage } from "../agreement/corpus.js";

process.env.MODELZOO_HOME ??= path.join(os.tmpdir(), "modelzoo-bench-home");

/** Decoded with shrink-on-load by the largest power of two (≤ 8) that keeps the shorter side ≥ `minSide`. */
export async function decodeShrunk(file: string, minSide: number): Promise<RgbImage> {
  const meta = (await sharp(file, { autoOrient: true }).metadata()).autoOrient;
  let s = 1;
  while (s < 8 && Math.min(meta.width, meta.height) / (s * 2) >= minSide) s *= 2;
  const { data, info } = await sharp(file, { autoOrient: true })
    .resize(Math.round(meta.width / s), Math.round(meta.height / s), { fit: "fill", kernel: "linear", fastShrinkOnLoad: true })
    .toColourspace("srgb")
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, channels: 3 };
}

// Only photos that shrink-on-load would reduce (shorter side ≥ 2 × 448): the 1920-px portraits and their derived copies.
const images: CorpusImage[] = [];
for (const i of corpus()) {
  const m = (await sharp(i.file, { autoOrient: true }).metadata()).autoOrient;
  if (Math.min(m.width, m.height) >= 896) images.push(i);
}
const cpuOf = async (fn: () => Promise<unknown>) => {
  const c0 = process.cpuUsage();
  await fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / images.length;
};
const full: RgbImage[] = [];
const shrunk: RgbImage[] = [];
const fullCpu = await cpuOf(async () => {
  for (const i of images) full.push(await decodeImage(i.file));
});
const shrunkCpu = await cpuOf(async () => {
  for (const i of images) shrunk.push(await decodeShrunk(i.file, 448));
});
const theirs = await nsfwjsProbabilities("MobileNetV2", 224, full);
const model = (await loadZooModel("mobilenet-v2-nsfw-tfjs")) as ImageModel;
await model.load();
for (const [label, set] of [["full decode (now)", full], ["shrink-on-load to ≥ 448 px", shrunk]] as const) {
  let same = 0;
  let diff = 0;
  for (const [k, image] of set.entries()) {
    const ours = (await model.predict(image)) as Classification;
    const top = Object.entries(theirs[k]!).sort((a, b) => b[1] - a[1])[0]!;
    if (top[0] === ours.label) same++;
    diff += Math.abs((theirs[k]![ours.label] ?? 0) - (ours.confidence ?? 0));
  }
  console.log(JSON.stringify({ path: label, images: set.length, sameTop: same / set.length, meanProbDiff: diff / set.length, decodeCpuMsPerPhoto: label.startsWith("full") ? fullCpu : shrunkCpu }));
}
await model.dispose();
