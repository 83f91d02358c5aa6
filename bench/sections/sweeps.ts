import { loadZooModel, OnnxImageModel } from "../../src/index.js";
import { modelzooContender } from "../contenders/modelzoo.js";
import type { Contender } from "../contenders/contender.js";
import { photos } from "../photos.js";
import { summarize, timed, type Summary } from "../stats.js";

/** applyModel throughput at one batch size and thread count. */
export interface SweepPoint {
  batchSize: number;
  intraOpNumThreads: number;
  /** ONNX Runtime's thread spin-waiting (modelzoo's default is off). */
  allowSpinning: boolean;
  imagesPerSec: Summary;
}

/**
 * Batch size × ONNX Runtime intra-op threads (× thread spin-waiting) for one ONNX zoo model, every setting
 * measured end to end (applyModel) and interleaved round by round.
 */
export async function benchSweeps(
  name: string,
  options: { batchSizes: readonly number[]; threads: readonly number[]; spinning?: readonly boolean[]; images: number; rounds: number; log: (line: string) => void },
): Promise<SweepPoint[]> {
  const base = await loadZooModel(name);
  if (!(base instanceof OnnxImageModel)) throw new Error(`The sweep needs an ONNX zoo model; ${name} is not one.`);
  const files = photos(options.images);
  const settings: { batchSize: number; intraOpNumThreads: number; allowSpinning: boolean; contender: Contender; runs: number[] }[] = [];
  try {
    for (const allowSpinning of options.spinning ?? [false]) {
      for (const threads of options.threads) {
        for (const batchSize of options.batchSizes) {
          const model = new OnnxImageModel({ ...base.config, modelPath: base.modelPath, intraOpNumThreads: threads, allowSpinning, defaultBatchSize: batchSize });
          settings.push({ batchSize, intraOpNumThreads: threads, allowSpinning, contender: await modelzooContender(model, files), runs: [] });
        }
      }
    }
    for (let r = 0; r < options.rounds; r++) {
      for (const s of settings) s.runs.push(files.length / (await timed(() => s.contender.run())));
      options.log(`sweep ${name} round ${r + 1}/${options.rounds}: ${settings.map((s) => `b${s.batchSize}/t${s.intraOpNumThreads} ${s.runs.at(-1)!.toFixed(2)}${s.allowSpinning ? " spin" : ""}`).join(", ")} images/s`);
    }
    return settings.map((s) => ({ batchSize: s.batchSize, intraOpNumThreads: s.intraOpNumThreads, allowSpinning: s.allowSpinning, imagesPerSec: summarize(s.runs) }));
  } finally {
    for (const s of settings) await s.contender.dispose();
  }
}
