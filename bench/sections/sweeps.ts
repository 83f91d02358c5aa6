import { loadZooModel, OnnxImageModel } from "../../src/index.js";
import { modelzooContender } from "../contenders/modelzoo.js";
import type { Contender } from "../contenders/contender.js";
import { photos } from "../photos.js";
import { summarize, timed, type Summary } from "../stats.js";

/** applyModel throughput at one batch size and thread count. */
export interface SweepPoint {
  batchSize: number;
  intraOpNumThreads: number;
  imagesPerSec: Summary;
}

/**
 * Batch size × ONNX Runtime intra-op threads for one ONNX zoo model, every setting
 * measured end to end (applyModel) and interleaved round by round.
 */
export async function benchSweeps(
  name: string,
  options: { batchSizes: readonly number[]; threads: readonly number[]; images: number; rounds: number; log: (line: string) => void },
): Promise<SweepPoint[]> {
  const base = await loadZooModel(name);
  if (!(base instanceof OnnxImageModel)) throw new Error(`The sweep needs an ONNX zoo model; ${name} is not one.`);
  const files = photos(options.images);
  const settings: { batchSize: number; intraOpNumThreads: number; contender: Contender; runs: number[] }[] = [];
  try {
    for (const threads of options.threads) {
      for (const batchSize of options.batchSizes) {
        const model = new OnnxImageModel({ ...base.config, modelPath: base.modelPath, intraOpNumThreads: threads, defaultBatchSize: batchSize });
        settings.push({ batchSize, intraOpNumThreads: threads, contender: await modelzooContender(model, files), runs: [] });
      }
    }
    for (let r = 0; r < options.rounds; r++) {
      for (const s of settings) s.runs.push(files.length / (await timed(() => s.contender.run())));
      options.log(`sweep ${name} round ${r + 1}/${options.rounds}: ${settings.map((s) => `b${s.batchSize}/t${s.intraOpNumThreads} ${s.runs.at(-1)!.toFixed(2)}`).join(", ")} images/s`);
    }
    return settings.map((s) => ({ batchSize: s.batchSize, intraOpNumThreads: s.intraOpNumThreads, imagesPerSec: summarize(s.runs) }));
  } finally {
    for (const s of settings) await s.contender.dispose();
  }
}
