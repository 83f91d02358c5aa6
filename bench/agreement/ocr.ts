// @gutenye/ocr-node against paddleocr-v4-rec-ch-onnx (PaddleOCR v4 detection + recognition, the same ONNX files).
import { decodeImage, zoo, type Detections } from "../../src/index.js";
import type { CorpusImage } from "./corpus.js";
import { editDistance } from "./metrics.js";
import { meets, type AgreementRow } from "./rows.js";

interface OcrLine {
  text: string;
  mean: number;
}
interface GutenOcr {
  detect(file: string): Promise<OcrLine[]>;
}

/**
 * Page text in reading order: each box is a line or a word, `angle` its slant (degrees,
 * clockwise); boxes are ordered by their centre's distance across the lines' direction
 * (the median slant), and those within half the smallest line height of each other share
 * a line, left to right. Coordinates in pixels.
 */
export function readingOrder(items: readonly { text: string; box: readonly [number, number, number, number]; angle: number }[]): string {
  if (items.length === 0) return "";
  const angles = items.map((i) => i.angle).sort((a, b) => a - b);
  const t = (angles[Math.floor(angles.length / 2)]! * Math.PI) / 180;
  const across = (b: readonly number[]) => -Math.sin(t) * (b[0]! + b[2]! / 2) + Math.cos(t) * (b[1]! + b[3]! / 2);
  // The height of a rectangle tilted by t whose upright box is w × h.
  const height = (b: readonly number[]) => (Math.abs(Math.cos(2 * t)) > 0.3 ? (b[3]! * Math.cos(t) - b[2]! * Math.abs(Math.sin(t))) / Math.cos(2 * t) : b[3]!);
  const minHeight = Math.max(1, Math.min(...items.map((i) => height(i.box))));
  const lines: { mid: number; items: (typeof items)[number][] }[] = [];
  for (const item of [...items].sort((a, b) => across(a.box) - across(b.box))) {
    const mid = across(item.box);
    const line = lines.find((l) => Math.abs(l.mid - mid) < minHeight / 2);
    if (line) line.items.push(item);
    else lines.push({ mid, items: [item] });
  }
  return lines.map((l) => l.items.sort((a, b) => a.box[0] - b.box[0]).map((i) => i.text).join(" ")).join("\n");
}

/** Text with every run of whitespace made one space, trimmed. */
function squeeze(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Text without whitespace. */
function solid(text: string): string {
  return text.replace(/\s+/g, "");
}

/**
 * Character error rate over the text pages of the corpus: our page text (lines read with
 * confidence ≥ 0.5, as upstream keeps them, in reading order) against upstream's, counted
 * on the characters other than whitespace (`cer`; upstream drops the spaces between the
 * words of tilted lines, where we keep them: `cerWithSpaces` counts those too).
 */
export async function ocrRows(images: readonly CorpusImage[], log: (s: string) => void): Promise<AgreementRow[]> {
  const { default: Ocr } = (await import("@gutenye/ocr-node")) as unknown as { default: { create(): Promise<GutenOcr> } };
  const upstream = await Ocr.create();
  const model = await zoo.loadZooModel("paddleocr-v4-rec-ch-onnx");
  await model.load();
  let edits = 0;
  let chars = 0;
  let worst = 0;
  let spaceEdits = 0;
  let spaceChars = 0;
  try {
    for (const img of images) {
      const theirs = squeeze((await upstream.detect(img.file)).map((l) => l.text).join("\n"));
      const image = await decodeImage(img.file);
      const found = ((await model.predict(image)) as Detections).detections;
      const read = found.filter((d) => typeof d.attributes.text === "string" && (d.attributes.text_confidence as number) >= 0.5);
      const px = (b: readonly number[]) => [b[0]! * image.width, b[1]! * image.height, b[2]! * image.width, b[3]! * image.height] as const;
      const ours = squeeze(readingOrder(read.map((d) => ({ text: d.attributes.text as string, box: px(d.boundingBox), angle: (d.attributes.angle as number) ?? 0 }))));
      const e = editDistance(solid(ours), solid(theirs));
      const n = Math.max(1, [...solid(theirs)].length);
      edits += e;
      chars += [...solid(theirs)].length;
      spaceEdits += editDistance(ours, theirs);
      spaceChars += [...theirs].length;
      worst = Math.max(worst, theirs.length === 0 && ours.length === 0 ? 0 : e / n);
      if (e > 0) log(`  ocr ${img.name}: CER ${(e / n).toFixed(3)} (${e} edits / ${n} chars)\n    ours:     ${ours.slice(0, 300)}\n    upstream: ${theirs.slice(0, 300)}`);
    }
  } finally {
    await model.dispose();
  }
  const values = { cer: chars === 0 ? 0 : edits / chars, worstPageCer: worst, upstreamChars: chars, cerWithSpaces: spaceChars === 0 ? 0 : spaceEdits / spaceChars };
  return [{ model: "paddleocr-v4-rec-ch-onnx", upstream: "@gutenye/ocr-node", measure: "text", images: images.length, values, pass: meets("text", values) }];
}
