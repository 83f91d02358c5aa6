import os from "node:os";
import pLimit from "p-limit";
import { decodeImage, ImageModel, isWorkerPoolModel, loadZooModel, type InferenceWorkersInfo, type Model } from "../../src/index.js";
import { bareContender, bareMultiContender } from "../contenders/bare.js";
import type { Contender, Role } from "../contenders/contender.js";
import { modelzooContender } from "../contenders/modelzoo.js";
import { isTfjsPeer, makePeer, peerInWorkers } from "../contenders/peers.js";
import { loadTfjs } from "../../src/runtimes/index.js";
import { watchMachine } from "../machine.js";
import { photoSet, type PhotoSetName } from "../photos.js";
import { median, repeatFor, summarize, timed, type Summary } from "../stats.js";
import { getZooModel, inCatalog, inputSide, MODEL_CASES, type ModelCase } from "./model-cases.js";

/** One contender's throughput over the rounds. */
export interface ContenderResult {
  role: Role | "prepare";
  /** Unique within the case: the role, and for peers the library (`peer:human`, `peer-tuned:human`). */
  key: string;
  label: string;
  /** Images per second, one value per round. */
  imagesPerSec: Summary;
  /** What its last run found (detections, people, ...), as a check that it did the work. */
  found?: number;
  /** The benchmark process's peak resident memory while this contender ran (sampled every 20 ms), in MB; it includes every model the case has loaded. */
  peakRssMB?: number;
  /** The batch size it ran at (the best of the sweep for bare and modelzoo; 1 for peers, whose APIs take one image). */
  batchSize?: number;
  /** The input tensor shapes its TF.js graph ran on in the main thread (e.g. `1×256×256×3`): what size the model really saw. */
  inputShapes?: string[];
  /** TF.js graph executions per photo in the first round (main thread): 1 for a one-stage model that ran on every photo; less means results came from a cache. */
  graphRunsPerImage?: number;
}

/** A model case's result on one photo set, or why it was skipped. */
export interface ModelCaseResult {
  name: string;
  /** Which photos: the 1920-px portraits, the ~640-px scene photos, or text pages. */
  photos?: PhotoSetName;
  skipped?: string;
  images?: number;
  rounds?: number;
  /** modelzoo's batch size in the rounds (the best of the sweep). */
  batchSize?: number;
  /** The batch-size sweep before the rounds: one timed pass per size, for bare ×1 and modelzoo; each then runs at its best. */
  batchSweep?: { key: string; batchSize: number; imagesPerSec: number }[];
  contenders?: ContenderResult[];
  /** Per-round ratios of images/s, measured interleaved (so both sides saw the same machine load). */
  ratios?: {
    /** modelzoo (its workers) over the single-instance bare runtime. */
    modelzooOverBare?: Summary;
    /** modelzoo over the faster of the bare rows (one instance, or one per core) in each round. */
    modelzooOverBestBare?: Summary;
    /** modelzoo over the fastest peer variant (stock or done well, any peer library) in each round. */
    modelzooOverPeer?: Summary;
    /** modelzoo over each peer variant, by contender key. */
    modelzooOverPeers?: Record<string, Summary>;
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
  /** Peers that could not run, and why. */
  peerNotes?: string[];
}

/** Options of {@link benchModels}. */
export interface ModelBenchOptions {
  /** Images per round (the photos of the set, cycled). */
  images: number;
  /** Rounds; each runs every contender once, in an order rotated round by round. */
  rounds: number;
  /** Only these zoo names (default: every case). */
  only?: readonly string[];
  /** Photo sets (default: each case's own, portraits and scenes unless it says otherwise). */
  photoSets?: readonly PhotoSetName[];
  /** Batch sizes tried for bare ×1 and modelzoo before the rounds (default: only the model's default). */
  batchSizes?: readonly number[];
  /** Seconds each contender runs, untimed, before the rounds (default 0; see BenchConfig.warmupSeconds). */
  warmupSeconds?: number;
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
    const sets = c.photoSets ?? (["portraits", "scenes"] as const);
    for (const set of options.photoSets ? sets.filter((x) => options.photoSets!.includes(x)) : sets) {
      try {
        results.push(await benchCase(c, set, options));
      } catch (err) {
        // One case failing must not lose the others' measurements: the report shows it as not measured, with the error.
        const message = err instanceof Error ? err.message : String(err);
        options.log(`${c.name} (${set}) failed: ${message}`);
        results.push({ name: c.name, photos: set, skipped: `failed: ${message}` });
      }
    }
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

/** A runner of the rounds: a contender, or the decode+prepare-only pass. */
interface Runner {
  key: string;
  role: Role | "prepare";
  contender?: Contender;
  run: () => Promise<void>;
}

/** What the wrapped `GraphModel.execute` saw, per contender key: one store for the process, as the wrapper is installed once. */
const seenShapes = new Map<string, Set<string>>();
const graphCalls = new Map<string, number>();
let recording: string | undefined;

/** `1×256×256×3` for each input tensor a TF.js graph ran on while `record` was on. */
function watchInputShapes(converter: { GraphModel: { prototype: object } }): { record(key: string | undefined): void; shapes(key: string): string[] | undefined; runs(key: string): number } {
  const proto = converter.GraphModel.prototype as Record<string, (...args: unknown[]) => unknown>;
  const shapeOf = (inputs: unknown): string[] => {
    const list = Array.isArray(inputs) ? inputs : inputs && typeof inputs === "object" && "shape" in inputs ? [inputs] : Object.values((inputs ?? {}));
    return list.map((t) => ((t as { shape?: number[] }).shape ?? []).join("×"));
  };
  for (const name of ["execute", "executeAsync"]) {
    const original = proto[name]!;
    if ((original as { benchWrapped?: boolean }).benchWrapped) continue;
    const wrapped = function (this: unknown, ...args: unknown[]) {
      if (recording) {
        for (const s of shapeOf(args[0])) seenShapes.set(recording, (seenShapes.get(recording) ?? new Set()).add(s));
        graphCalls.set(recording, (graphCalls.get(recording) ?? 0) + 1);
      }
      return original.apply(this, args);
    };
    (wrapped as { benchWrapped?: boolean }).benchWrapped = true;
    proto[name] = wrapped;
  }
  // Keys repeat from case to case: each case starts afresh.
  seenShapes.clear();
  graphCalls.clear();
  return {
    record(key) {
      recording = key;
      if (key) {
        seenShapes.delete(key);
        graphCalls.delete(key);
      }
    },
    shapes: (key) => (seenShapes.has(key) ? [...seenShapes.get(key)!] : undefined),
    runs: (key) => graphCalls.get(key) ?? 0,
  };
}

async function benchCase(c: ModelCase, set: PhotoSetName, options: ModelBenchOptions): Promise<ModelCaseResult> {
  const machine = watchMachine();
  const files = photoSet(set, options.images);
  const entry = getZooModel(c.name);
  const cores = os.availableParallelism();
  const zooModel = await loadZooModel(c.name);
  const mainModel = await loadZooModel(c.name);
  const contenders: { key: string; contender: Contender }[] = [];
  const notes: string[] = [];
  const shapes = watchInputShapes((await loadTfjs()).converter);
  try {
    // The peers first: @vladmandic/human sets the wasm backend's file paths, which must precede its start.
    const config = await loadZooModel(c.name);
    const side = inputSide(config);
    for (const spec of c.peers(config, entry)) {
      if (typeof spec === "string") {
        notes.push(spec);
        continue;
      }
      const stock = await makePeer(spec, files);
      if (typeof stock === "string") notes.push(`${spec.kind}: ${stock}`);
      else contenders.push({ key: `peer:${spec.kind}`, contender: stock });
      const tunedDecode = { size: side ?? 640 };
      const tuned = isTfjsPeer(spec) && cores > 1 ? await peerInWorkers(spec, files, tunedDecode, cores) : await makePeer(spec, files, tunedDecode);
      if (typeof tuned === "string") notes.push(`${spec.kind} (done well): ${tuned}`);
      else contenders.push({ key: `peer-tuned:${spec.kind}`, contender: tuned });
    }
    const sweep: { key: string; batchSize: number; imagesPerSec: number }[] = [];
    const sizes = [...new Set(options.batchSizes ?? [zooModel.defaultBatchSize])];
    if (config instanceof ImageModel) {
      // bare ×1 at each batch size (a graph with a fixed batch of 1 runs at 1 whatever is asked), one timed pass each; the fastest stays.
      let best: { contender: Contender; ips: number } | undefined;
      const tried = new Set<number>();
      for (const size of sizes) {
        // Each candidate gets its own model object: a bare row on modelzoo's adapter disposes its model, which must not be the winner's.
        const bare = await bareContender((await loadZooModel(c.name)) as ImageModel, files, { batchSize: size });
        if (tried.has(bare.batchSize ?? size)) {
          await bare.dispose();
          continue;
        }
        tried.add(bare.batchSize ?? size);
        const ips = files.length / (await timed(() => bare.run()));
        if (sizes.length > 1) sweep.push({ key: "bare", batchSize: bare.batchSize ?? size, imagesPerSec: ips });
        if (!best || ips > best.ips) {
          if (best) await best.contender.dispose();
          best = { contender: bare, ips };
        } else await bare.dispose();
      }
      contenders.push({ key: "bare", contender: best!.contender });
      const multi = cores > 1 ? await bareMultiContender(config, files, { batchSize: best!.contender.batchSize ?? 1, instances: cores }) : undefined;
      if (multi) contenders.push({ key: "bare-multi", contender: multi });
    } else notes.push("bare: the zoo model is a cascade of two models, not one forward pass");
    const thresh = c.confidenceThresh === undefined ? {} : { confidenceThresh: c.confidenceThresh };
    // modelzoo as a user gets it on this machine: the workers its runtime picks for these cores (numWorkers left out, which small runs would keep in the main thread).
    const workers = isWorkerPoolModel(zooModel) ? zooModel.defaultNumWorkers(cores) : 0;
    const mz = await modelzooContender(zooModel, files, { ...thresh, numWorkers: workers }, "modelzoo");
    const main = await modelzooContender(mainModel, files, { ...thresh, numWorkers: 0 }, "modelzoo-main");
    if (sizes.length > 1) {
      await mz.run(); // warm-up: the workers' first batches
      let bestSize = sizes[0]!;
      let bestIps = 0;
      for (const size of sizes) {
        mz.setBatchSize(size);
        const ips = files.length / (await timed(() => mz.run()));
        sweep.push({ key: "modelzoo", batchSize: size, imagesPerSec: ips });
        if (ips > bestIps) [bestSize, bestIps] = [size, ips];
      }
      mz.setBatchSize(bestSize);
      main.setBatchSize(bestSize);
      options.log(`${c.name} (${set}) batch sweep: ${sweep.map((p) => `${p.key} b${p.batchSize} ${p.imagesPerSec.toFixed(2)}`).join(", ")} images/s`);
    }
    contenders.push({ key: "modelzoo", contender: mz }, { key: "modelzoo-main", contender: main });
    const prepare = prepareOnly(config, files);
    const perRound = new Map<string, number[]>();
    const peaks = new Map<string, { mb: number }>(contenders.map((k) => [k.key, { mb: 0 }]));
    const ratio = { bare: [] as number[], bestBare: [] as number[], peer: [] as number[], main: [] as number[], peers: new Map<string, number[]>() };
    const decodeCpu: number[] = [];
    const runners: Runner[] = contenders.map((k) => ({ key: k.key, role: k.contender.role, contender: k.contender, run: () => k.contender.run() }));
    if (prepare) {
      runners.push({
        key: "prepare",
        role: "prepare",
        run: async () => {
          const cpu0 = process.cpuUsage();
          await prepare();
          const cpu = process.cpuUsage(cpu0);
          decodeCpu.push((cpu.user + cpu.system) / 1e6 / files.length);
        },
      });
    }
    // Every contender warms up alike: its runtime instances (worker threads included) past
    // V8's optimization of TF.js's JavaScript, which costs a fresh MoveNet Lightning instance
    // about its first 40 inferences at up to twice the CPU each (README "Where the time goes").
    for (const k of runners) if (k.role !== "prepare") await repeatFor(options.warmupSeconds ?? 0, () => k.run());
    for (let r = 0; r < options.rounds; r++) {
      const ips = new Map<string, number>();
      // The order rotates every round, so that no contender always runs first (or right after another).
      const order = runners.map((_, i) => runners[(i + r) % runners.length]!);
      for (const k of order) {
        const peak = peaks.get(k.key) ?? { mb: 0 };
        let seconds = 0;
        if (r === 0) shapes.record(k.key);
        try {
          await withPeakRss(async () => (seconds = await timed(k.run)), peak);
        } finally {
          shapes.record(undefined);
        }
        ips.set(k.key, files.length / seconds);
      }
      for (const [key, v] of ips) perRound.set(key, [...(perRound.get(key) ?? []), v]);
      const mzIps = ips.get("modelzoo")!;
      const bare = ips.get("bare");
      if (bare) {
        ratio.bare.push(mzIps / bare);
        ratio.main.push(ips.get("modelzoo-main")! / bare);
        ratio.bestBare.push(mzIps / Math.max(bare, ips.get("bare-multi") ?? 0));
      }
      const peerKeys = [...ips.keys()].filter((k) => k.startsWith("peer"));
      if (peerKeys.length) ratio.peer.push(mzIps / Math.max(...peerKeys.map((k) => ips.get(k)!)));
      for (const k of peerKeys) ratio.peers.set(k, [...(ratio.peers.get(k) ?? []), mzIps / ips.get(k)!]);
      options.log(`${c.name} (${set}) round ${r + 1}/${options.rounds} [${order.map((k) => k.key).join(" → ")}]: ${[...ips].map(([k, v]) => `${k} ${v.toFixed(2)}`).join(", ")} images/s`);
    }
    const out: ContenderResult[] = [];
    for (const { key, contender: k } of contenders) {
      const found = await k.found();
      const inputShapes = shapes.shapes(key);
      out.push({
        role: k.role,
        key,
        label: k.label,
        imagesPerSec: summarize(perRound.get(key)!),
        ...(found === undefined ? {} : { found }),
        peakRssMB: peaks.get(key)!.mb,
        batchSize: k.batchSize ?? 1,
        ...(inputShapes ? { inputShapes, graphRunsPerImage: shapes.runs(key) / files.length } : {}),
      });
    }
    if (prepare) out.push({ role: "prepare", key: "prepare", label: "decode + prepare only (modelzoo's pipeline, no inference)", imagesPerSec: summarize(perRound.get("prepare")!) });
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
      batchSize: mz.batchSize!,
      ...(sweep.length ? { batchSweep: sweep } : {}),
      contenders: out,
      ratios: {
        ...(ratio.bare.length ? { modelzooOverBare: summarize(ratio.bare), mainThreadOverBare: summarize(ratio.main), modelzooOverBestBare: summarize(ratio.bestBare) } : {}),
        ...(ratio.peer.length ? { modelzooOverPeer: summarize(ratio.peer), modelzooOverPeers: Object.fromEntries([...ratio.peers].map(([k, v]) => [k, summarize(v)])) } : {}),
      },
      ...(bareMedian && decodeCpuPerImage !== undefined ? { machineLimit: cores / (1 / bareMedian + decodeCpuPerImage), decodeCpuPerImage } : {}),
      load: { start: m.loadAvgStart[0]!, end: m.loadAvgEnd[0]!, ...(m.machineBusyPct === undefined ? {} : { machineBusyPct: m.machineBusyPct, benchProcessPct: m.benchProcessPct! }) },
      ...(workerInfo.length ? { workers: workerInfo } : {}),
      ...(notes.length ? { peerNotes: notes } : {}),
    };
  } finally {
    for (const k of contenders) await k.contender.dispose();
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
