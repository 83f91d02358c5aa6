import fs from "node:fs";
import os from "node:os";
import sharp from "sharp";
import type { InferenceSession } from "onnxruntime-node";
import { loadOrt } from "../../src/runtimes/index.js";
import type { Contender } from "./contender.js";
import { sumOverFiles } from "./peer-tensor.js";

/** ImageNet mean and std, PaddleOCR's detector normalization (its det config's NormalizeImage). */
const MEAN = [0.485, 0.456, 0.406] as const;
const STD = [0.229, 0.224, 0.225] as const;

/**
 * The peer for PaddleOCR's detector: the code people write by hand around
 * onnxruntime-node (as in the PaddleOCR ports on npm) — sharp letterboxes the file to
 * the input size in one pipeline, a per-pixel loop normalizes into an NCHW float
 * array, one `session.run` per image, and the probability map is thresholded at
 * DB's 0.3 into a text mask. Same threads as modelzoo.
 */
export async function paddleOrtContender(modelPath: string, files: readonly string[], size: number, threads = os.availableParallelism(), inFlight2 = false): Promise<Contender> {
  const ort = await loadOrt();
  const session: InferenceSession = await ort.InferenceSession.create(fs.readFileSync(modelPath), { intraOpNumThreads: threads });
  const input = session.inputNames[0]!;
  const output = session.outputNames[0]!;
  let found = 0;
  const detect = async (file: string) => {
    const { data } = await sharp(file)
      .rotate()
      .resize(size, size, { fit: "contain", background: { r: 0, g: 0, b: 0 } })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const plane = size * size;
    const tensor = new Float32Array(3 * plane);
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < 3; c++) tensor[c * plane + p] = (data[p * 3 + c]! / 255 - MEAN[c]!) / STD[c]!;
    }
    const out = await session.run({ [input]: new ort.Tensor("float32", tensor, [1, 3, size, size]) });
    const map = out[output]!.data as Float32Array; // [1, 1, size, size] text probability
    let text = 0;
    for (const v of map) if (v > 0.3) text++;
    return text > 0 ? 1 : 0;
  };
  await detect(files[0]!); // warm-up
  return {
    role: inFlight2 ? "peer-tuned" : "peer",
    label: `hand-written onnxruntime-node + sharp (${threads} threads)${inFlight2 ? ", 2 photos in flight" : ""}`,
    async run() {
      // Done well: two photos in flight, so that one decodes (sharp, libuv threads) while the other infers.
      found = await sumOverFiles(files, detect, inFlight2 ? 2 : 1);
    },
    found: () => Promise.resolve(found),
    dispose: () => session.release(),
  };
}
