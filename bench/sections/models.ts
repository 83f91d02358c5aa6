import os from "node:os";
import pLimit from "p-limit";
import { decodeImage, ImageModel, isWorkerPoolModel, loadZooModel, type InferenceWorkersInfo, type Model } from "../../src/index.js";
import { bareContender, bareMultiContender } from "../contenders/bare.js";
import type { Contender, Role } from "../contenders/contender.js";
import { modelzooContender } from "../contenders/modelzoo.js";
import { watchMachine } from "../machine.js";
import { photoSet, type PhotoSetName } from "../photos.js";
import { median, summarize, timed, type Summary } from "../stats.js";
import { getZooModel, inCatalog, MODEL_CASES, type ModelCase } from "./model-cases.js";

/** One contender's throughput over the rounds. */
export interface ContenderResult {
  role: Role | "prepare";
  label: string;
  /** Images per second, one value per round. */
  imagesPerSec: Summary;
  /** What its last run found (detections, people, ...), as a check that it did the work. */
  found?: number;
  /** The benchmark process's peak resident memory while this contender ran (sampled every 20 ms), in MB; it includes every model the case has loaded. */
  peakRssMB?: number;
}

/** A model case's result on one photo set, or why it was skipped. */
export interface ModelCaseResult {
  name: string;
  /** Which photos: the 1920-px portraits, or the ~640-px scene photos. */
  photos?: PhotoSetName;
  skipped?: string;
  images?: number;
  rounds?: number;
  batchSize?: number;
  contenders?: ContenderResult[];
  /** Per-round ratios of images/s, measured interleaved (so both sides saw the same machine load). */
  ratios?: {
    /** modelzoo (its workers) over the single-instance bare runtime. */
    modelzooOverBare?: Summary;
    /** modelzoo over the faster of the bare rows (one instance, or one per core) in each round. */
    modelzooOverBestBare?: Summary;
    /** modelzoo over the peer. */
    modelzooOverPeer?: Summary;
    /** modelzoo in the main thread (numWorkers 0) over the single-instance bare runtime. */
    mainThreadOverBare?: Summary;
  };
  /**
   * The machine's limit in images/s: cores / (CPU seconds of one single-instance bare
   * inference + CPU seconds of decoding and preparing one photo), from the medians.
   */
  machineLimit?: number;
  /** CPU seconds per photo of decode + prepare alone (all threads of the process). */
  decodeCpuPerImage?: number;
  /** The machine during this case: load average at its start and end, and how busy all cores were. */
  load?: { start: number; end: number; machineBusyPct?: number; benchProcessPct?: number };
  /** What modelzoo's inference workers held. */
  workers?: InferenceWorkersInfo[];
}

/** Options of {@link benchModels}. */
export interface ModelBenchOptions {
  /** Images per round (the photos of the set, cycled). */
  images: number;
  /** Rounds; each runs every contender once, in an order rotated round by round. */
  rounds: number;
  /** Only these zoo names (default: every case). */
  only?: readonly string[];
  /** Photo sets (default both). */
  photoSets?: readonly PhotoSetName[];
  /** Progress lines. */
  log: (line: string) => void;
}

/** Measures every model case on every photo set: bare runtime vs modelzoo vs peer, interleaved round by round. */
export async function benchModels(options: ModelBenchOptions): Promise<ModelCaseResult[]> {
  const results: ModelCaseResult[] = [];
  for (const c of MODEL_CASES) {
    if (options.only && !options.only.includes(c.name)) continue;
    if (!inCatalog(c.name)) {
      options.log(`skipped: ${c.name} not in the catalog`);
      results.push({ name: c.name, skipped: `${c.name} not in the catalog` });
      continue;
    }
    for (const set of options.photoSets ?? (["portraits", "scenes"] as const)) results.push(await benchCase(c, set, options));
  }
  return results;
}

/** Peak RSS while `fn` runs, sampled every 20 ms. */
async function withPeakRss(fn: () => Promise<unknown>, peak: { mb: number }): Promise<void> {
  const sample = () => (peak.mb = Math.max(peak.mb, process.memoryUsage.rss() / 2 ** 20));
  sample();
  const timer = setInterval(sample, 20);
  try {
    await fn();
  } finally {
    clearInterval(timer);
    sample();
  }
}

async function benchCase(c: ModelCase, set: PhotoSetName, options: ModelBenchOptions): Promise<ModelCaseResult> {
  const machine = watchMachine();
  const files = photoSet(set, options.images);
  const entry = getZooModel(c.name);
  const cores = os.availableParallelism();
  const zooModel = await loadZooModel(c.name);
  const mainModel = await loadZooModel(c.name);
  const contenders: Contender[] = [];
  const notes: string[] = [];
  try {
    // The peer first: @vladmandic/human sets the wasm backend's file paths, which must precede its start.
    const config = await loadZooModel(c.name);
    const peer = await c.peer(files, config as ImageModel, entry);
    if (config instanceof ImageModel) {
      contenders.push(await bareContender(config, files, { batchSize: zooModel.defaultBatchSize }));
      const multi = cores > 1 ? await bareMultiContender(config, files, { batchSize: zooModel.defaultBatchSize, instances: cores }) : undefined;
      if (multi) contenders.push(multi);
    } else notes.push("bare: the zoo model is not a configured ImageModel");
    const thresh = c.confidenceThresh === undefined ? {} : { confidenceThresh: c.confidenceThresh };
    // modelzoo as a user gets it on this machine: the workers its runtime picks for these cores (numWorkers left out, which small runs would keep in the main thread).
    const workers = isWorkerPoolModel(zooModel) ? zooModel.defaultNumWorkers(cores) : 0;
    contenders.push(await modelzooContender(zooModel, files, { ...thresh, numWorkers: workers }, "modelzoo"));
    contenders.push(await modelzooContender(mainModel, files, { ...thresh, numWorkers: 0 }, "modelzoo-main"));
    if (typeof peer === "string") notes.push(`peer skipped: ${peer}`);
    else contenders.push(peer);
    const prepare = prepareOnly(config, files);
    const perRound = new Map<string, number[]>();
    const peaks = new Map<string, { mb: number }>(contenders.map((k) => [k.role, { mb: 0 }]));
    const ratio = { bare: [] as number[], bestBare: [] as number[], peer: [] as number[], main: [] as number[] };
    const decodeCpu: number[] = [];
    const runners: { role: string; run: () => Promise<void> }[] = contenders.map((k) => ({ role: k.role, run: () => k.run() }));
    if (prepare) {
      runners.push({
        role: "prepare",
        run: async () => {
          const cpu0 = process.cpuUsage();
          await prepare();
          const cpu = process.cpuUsage(cpu0);
          decodeCpu.push((cpu.user + cpu.system) / 1e6 / files.length);
        },
      });
    }
    for (let r = 0; r < options.rounds; r++) {
      const ips = new Map<string, number>();
      // The order rotates every round, so that no contender always runs first (or right after another).
      const order = runners.map((_, i) => runners[(i + r) % runners.length]!);
      for (const k of order) {
        const peak = peaks.get(k.role) ?? { mb: 0 };
        let seconds = 0;
        await withPeakRss(async () => (seconds = await timed(k.run)), peak);
        ips.set(k.role, files.length / seconds);
      }
      for (const [role, v] of ips) perRound.set(role, [...(perRound.get(role) ?? []), v]);
      const mz = ips.get("modelzoo")!;
      const bare = ips.get("bare");
      if (bare) ratio.bare.push(mz / bare);
      if (bare) ratio.main.push(ips.get("modelzoo-main")! / bare);
      if (bare) ratio.bestBare.push(mz / Math.max(bare, ips.get("bare-multi") ?? 0));
      if (ips.has("peer")) ratio.peer.push(mz / ips.get("peer")!);
      options.log(`${c.name} (${set}) round ${r + 1}/${options.rounds} [${order.map((k) => k.role).join(" → ")}]: ${[...ips].map(([k, v]) => `${k} ${v.toFixed(2)}`).join(", ")} images/s`);
    }
    const out: ContenderResult[] = [];
    for (const k of contenders) {
      const found = await k.found();
      out.push({ role: k.role, label: k.label, imagesPerSec: summarize(perRound.get(k.role)!), ...(found === undefined ? {} : { found }), peakRssMB: peaks.get(k.role)!.mb });
    }
    if (prepare) out.push({ role: "prepare", label: "decode + prepare only (modelzoo's pipeline, no inference)", imagesPerSec: summarize(perRound.get("prepare")!) });
    for (const n of notes) options.log(`${c.name}: ${n}`);
    const bareMedian = perRound.has("bare") ? median(perRound.get("bare")!) : undefined;
    const decodeCpuPerImage = decodeCpu.length ? median(decodeCpu) : undefined;
    const m = machine();
    const workerInfo = isWorkerPoolModel(zooModel) && zooModel.numWorkers > 0 ? await zooModel.useWorkers(zooModel.numWorkers) : [];
    return {
      name: c.name,
      photos: set,
      images: files.length,
      rounds: options.rounds,
      batchSize: zooModel.defaultBatchSize,
      contenders: out,
      ratios: {
        ...(ratio.bare.length ? { modelzooOverBare: summarize(ratio.bare), mainThreadOverBare: summarize(ratio.main), modelzooOverBestBare: summarize(ratio.bestBare) } : {}),
        ...(ratio.peer.length ? { modelzooOverPeer: summarize(ratio.peer) } : {}),
      },
      ...(bareMedian && decodeCpuPerImage !== undefined ? { machineLimit: cores / (1 / bareMedian + decodeCpuPerImage), decodeCpuPerImage } : {}),
      load: { start: m.loadAvgStart[0]!, end: m.loadAvgEnd[0]!, ...(m.machineBusyPct === undefined ? {} : { machineBusyPct: m.machineBusyPct, benchProcessPct: m.benchProcessPct! }) },
      ...(workerInfo.length ? { workers: workerInfo } : {}),
      ...(notes.length ? { skipped: notes.join("; ") } : {}),
    };
  } finally {
    for (const k of contenders) await k.dispose();
    await zooModel.dispose();
    await mainModel.dispose();
  }
}

/** Decode + prepare of every file with the pipeline's concurrency (4), no inference: what must hide behind it. */
function prepareOnly(model: Model, files: readonly string[]): (() => Promise<void>) | undefined {
  if (!(model instanceof ImageModel)) return undefined;
  const limit = pLimit(4);
  return async () => {
    await Promise.all(files.map((f) => limit(async () => (model.prepareFile ? model.prepareFile(f) : model.prepare(await decodeImage(f))))));
  };
}
