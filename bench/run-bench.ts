import fs from "node:fs";
import path from "node:path";
import { watchMachine, type MachineReport } from "./machine.js";
import type { PhotoSetName } from "./photos.js";
import { benchModels, type ModelCaseResult } from "./sections/models.js";
import { benchScaling, memoryCheck, type MemoryCheck, type ScalingStep } from "./sections/scaling.js";
import { benchStore, type StoreStep } from "./sections/store.js";
import { benchSweeps, type SweepPoint } from "./sections/sweeps.js";

/** What a benchmark run measures, and how much of it. */
export interface BenchConfig {
  mode: "quick" | "full";
  /** Images per round in the model comparison. */
  images: number;
  /** Interleaved rounds in the model comparison. */
  rounds: number;
  /** Only these zoo models in the comparison (default all cases). */
  only?: string[];
  /** Photo sets of the comparison (default both: the 1920-px portraits and the ~640-px scenes). */
  photoSets?: PhotoSetName[];
  /** Batch sizes tried for bare ×1 and modelzoo before each case's rounds (each then runs at its best). */
  batchSizes?: number[];
  /**
   * Seconds each contender runs, untimed, before a case's rounds (default 0): a fresh
   * TF.js instance spends its first tens of inferences with TF.js's JavaScript not yet
   * optimized while V8 compiles it on other threads (bench/profile/small-scaling.ts).
   */
  warmupSeconds?: number;
  /** Sample counts of the scaling steps. */
  scaling: number[];
  /** The model the scaling steps apply. */
  scalingModel: string;
  /** Samples in the store benchmark. */
  storeSamples: number;
  /** The sweep's model, batch sizes, thread counts, images and rounds. */
  sweep: { model: string; batchSizes: number[]; threads: number[]; spinning: boolean[]; images: number; rounds: number };
  /** Which sections to run. */
  sections: ("models" | "scaling" | "store" | "sweeps")[];
}

/** `npm run bench -- --quick`: every section, small. */
export const QUICK: BenchConfig = {
  mode: "quick",
  images: 2,
  rounds: 1,
  // One photo set per case (the first: portraits), every contender, no batch sweep.
  photoSets: ["portraits"],
  scaling: [20, 40],
  scalingModel: "centernet-coco-tfjs",
  storeSamples: 10_000,
  sweep: { model: "paddleocr-v4-det-ch-onnx", batchSizes: [1, 2], threads: [2], spinning: [false], images: 2, rounds: 1 },
  sections: ["models", "scaling", "store", "sweeps"],
};

/** `npm run bench`: the numbers in README's Performance section. */
export const FULL: BenchConfig = {
  mode: "full",
  images: 6,
  rounds: 3,
  batchSizes: [1, 2, 4],
  warmupSeconds: 3,
  // The memory check: peak RSS from 1,000 to 10,000 images for a 512-px detector, a fresh process per step.
  scaling: [1000, 10_000],
  scalingModel: "centernet-coco-tfjs",
  storeSamples: 100_000,
  sweep: { model: "paddleocr-v4-det-ch-onnx", batchSizes: [1, 2, 4], threads: [1, 2], spinning: [false, true], images: 6, rounds: 3 },
  sections: ["models", "scaling", "store", "sweeps"],
};

/** Everything a run measured (written as JSON under bench/results/). */
export interface BenchResults {
  command: string;
  startedAt: string;
  seconds: number;
  config: BenchConfig;
  machine: MachineReport;
  models?: ModelCaseResult[];
  scaling?: { model: string; steps: ScalingStep[]; memory?: MemoryCheck };
  store?: StoreStep[];
  sweeps?: { model: string; points: SweepPoint[] };
}

/** Runs the configured sections in order and returns what they measured. */
export async function runBench(config: BenchConfig, command: string, log: (line: string) => void): Promise<BenchResults> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const machineDone = watchMachine();
  const out: Omit<BenchResults, "seconds" | "machine"> = { command, startedAt, config };
  if (config.sections.includes("models")) {
    out.models = await benchModels({
      images: config.images,
      rounds: config.rounds,
      ...(config.only ? { only: config.only } : {}),
      ...(config.photoSets ? { photoSets: config.photoSets } : {}),
      ...(config.batchSizes ? { batchSizes: config.batchSizes } : {}),
      ...(config.warmupSeconds ? { warmupSeconds: config.warmupSeconds } : {}),
      log,
    });
  }
  if (config.sections.includes("sweeps")) out.sweeps = { model: config.sweep.model, points: await benchSweeps(config.sweep.model, { ...config.sweep, log }) };
  if (config.sections.includes("store")) out.store = await benchStore(config.storeSamples, log);
  if (config.sections.includes("scaling")) {
    const steps = await benchScaling(config.scaling, config.scalingModel, log);
    out.scaling = { model: config.scalingModel, steps, ...(steps.length > 1 ? { memory: memoryCheck(steps) } : {}) };
  }
  return { ...out, seconds: (performance.now() - t0) / 1000, machine: machineDone() };
}

/** Writes the results as `bench/results/<mode>.json` (or `file`); returns the path. */
export function writeResults(results: BenchResults, file = path.resolve(import.meta.dirname, "results", `${results.config.mode}.json`)): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
