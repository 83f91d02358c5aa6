// @vladmandic/human's segmentation (MediaPipe Selfie, Meet) against the zoo entries, same weights.
import { decodeImage, zoo, type Segmentation } from "../../src/index.js";
import { loadUpstreamHuman } from "../../test/support/upstream-human.js";
import type { CorpusImage } from "./corpus.js";
import { gridMaskIou } from "./metrics.js";
import { meets, type AgreementRow } from "./rows.js";

/** Side of the grid both masks are sampled on. */
const GRID = 256;

/** Foreground IoU (human's alpha ≥ 128, our mask's foreground) on a 256×256 grid of each image. */
export async function segmentationRows(entry: string, file: string, images: readonly CorpusImage[], log: (s: string) => void, input: Record<string, unknown> = {}): Promise<AgreementRow[]> {
  const human = await loadUpstreamHuman({ segmentation: { enabled: true, modelPath: file, mode: "alpha" } });
  const model = await zoo.loadZooModel(entry, { input });
  await model.load();
  const ious: number[] = [];
  try {
    for (const img of images) {
      const image = await decodeImage(img.file);
      const alpha = await human.segment(image);
      const mask = ((await model.predict(image)) as Segmentation).mask!;
      const v = gridMaskIou(image, (i) => alpha[i]!, mask, GRID);
      ious.push(v);
      if (v < 0.95) log(`  ${entry} ${img.name}: mask IoU ${v.toFixed(3)}`);
    }
  } finally {
    await model.dispose();
  }
  const values = { meanIou: ious.reduce((s, v) => s + v, 0) / ious.length, minIou: Math.min(...ious) };
  return [{ model: entry, upstream: "@vladmandic/human", measure: "mask", images: images.length, values, pass: meets("mask", values) }];
}
