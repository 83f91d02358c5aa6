// Where applyModel's time goes, per model: each stage of the pipeline timed alone (CPU
// time of the whole process: sharp's and ONNX Runtime's threads included) on the same
// photos, beside an end-to-end applyModel run with the workers it picks. See README
// "Where the time goes"; npm run profile writes bench/results/profile.json.
import os from "node:os";
import { Dataset, ImageModel, isWorkerPoolModel, loadZooModel, type ModelOutput, type PreparedImage, type ResizeTransform, type RgbImage, type TensorData } from "../../src/index.js";
import { watchMachine, type MachineReport } from "../machine.js";
import { photoSet, type PhotoSetName } from "../photos.js";
import { median, repeatFor } from "../stats.js";

/** CPU milliseconds per photo of each stage, timed alone. */
export interface StageCpu {
  /** Reading and decoding the file with sharp (at the model's size where the model allows shrink-on-load). */
  decode: number;
  /** Resize (when decoded at full size), normalization into the input tensor. */
  prepare: number;
  /** The runtime's forward pass on one prepared image (one instance, its own threads). */
  inference: number;
  /** The output processor: tensors to labels. */
  outputDecode: number;
  /** Reading the samples and writing their labels to the SQLite store. */
  storeWrite: number;
}

/** One model on one photo set. */
export interface ProfileCase {
  model: string;
  photos: PhotoSetName;
  /** `"tfjs"` (goal: 1.6× the single-instance bare rate) or `"onnx"` (goal: 0.95× it). */
  runtime: "tfjs" | "onnx";
  /** Inference workers of the applyModel run (what the model picks for the cores). */
  workers: number;
  /** Median over the rounds. */
  cpuMsPerPhoto: StageCpu;
  /** Photos per second of the forward pass alone, one instance, by the wall clock (on a loaded machine far below the CPU-time rate of {@link Goal}). */
  bareImagesPerSecond: number;
  /** The end-to-end run: `dataset.applyModel(model)`. */
  applyModel: { imagesPerSecond: number; cpuMsPerPhoto: number; mainThreadBusyPct: number };
  /** applyModel's CPU per photo less the stages' sum: copies, messages to and from workers, GC, a second instance's slowdown. */
  otherMsPerPhoto: number;
  /** Core time per photo this process left unused during applyModel: cores × wall time − CPU time. */
  idleMsPerPhoto: number;
  /** The rate if every stage's CPU overlapped perfectly on all cores: cores × 1000 / (sum of the stages). */
  cpuLimitImagesPerSecond: number;
  /** The issue's goal for this runtime (see {@link goalOf}), and whether the stages' CPU leaves room for it. */
  goal: Goal;
  /** Load average at the start and the end of the case. */
  load: [number, number];
}

/** bench/results/profile.json. */
export interface ProfileResults {
  command: string;
  date: string;
  seconds: number;
  images: number;
  rounds: number;
  /** Seconds each instance ran untimed before a case's rounds. */
  warmupSeconds?: number;
  machine: MachineReport;
  cases: ProfileCase[];
}

/** The models of the issue (the benchmark's model cases). */
export const PROFILE_MODELS = ["centernet-coco-tfjs", "movenet-lightning-coco-tfjs", "movenet-multipose-coco-tfjs", "ssd-mobilenet-v1-wider-face-tfjs", "mobilenet-v2-nsfw-tfjs", "paddleocr-v4-det-ch-onnx"] as const;

/** The goals of issue 19: TF.js ≥ 1.6× the single-instance bare rate, ONNX ≥ 0.95× the best bare configuration. */
export const GOALS = { tfjs: 1.6, onnx: 0.95 } as const;

/** The goal for one model, from the CPU its stages cost. */
export interface Goal {
  /** The bare rate the goal is taken from: one instance on free cores, `threads × 1000 / inference CPU` (TF.js wasm: 1 thread; ONNX: its intra-op threads, one per core). */
  bareCpuImagesPerSecond: number;
  /** {@link GOALS} × that rate, photos per second. */
  imagesPerSecond: number;
  /** CPU per photo the goal leaves outside inference on these cores: `cores × 1000 / goal − inference`. */
  nonInferenceBudgetMs: number;
  /** What the stages other than inference cost (decode, prepare, output decode, store write). */
  nonInferenceMs: number;
  /** Whether the stages' CPU fits: `nonInferenceMs ≤ nonInferenceBudgetMs`. */
  reachable: boolean;
}

/**
 * The goal from CPU time alone, so that it holds on a loaded machine where wall-clock
 * rates do not: a TF.js model at 1.6× one single-threaded instance has
 * `2 / 1.6 − 1 = 25%` of an inference for everything else on 2 cores; an ONNX model whose
 * one session already spreads over the cores has `1 / 0.95 − 1 ≈ 5%`. (For ONNX this takes
 * the intra-op threads as perfectly parallel, which makes the bare rate an upper bound and
 * the budget the strictest one.)
 */
export function goalOf(runtime: "tfjs" | "onnx", cpu: StageCpu, cores: number): Goal {
  const threads = runtime === "onnx" ? cores : 1;
  const bare = (threads * 1000) / cpu.inference;
  const target = GOALS[runtime] * bare;
  const budget = (cores * 1000) / target - cpu.inference;
  const rest = cpu.decode + cpu.prepare + cpu.outputDecode + cpu.storeWrite;
  return { bareCpuImagesPerSecond: bare, imagesPerSecond: target, nonInferenceBudgetMs: budget, nonInferenceMs: rest, reachable: rest <= budget };
}

/** The private steps of an ImageModel the profile times one by one (reached past on purpose, as bench/contenders/bare.ts does). */
interface Internals {
  decodeFile(filepath: string): Promise<{ image: RgbImage; transform?: ResizeTransform }>;
  prepareDecoded(decoded: { image: RgbImage; transform?: ResizeTransform }): Promise<PreparedImage>;
  runBatch(batch: readonly PreparedImage[], outputNames?: readonly string[]): Promise<{ outputs: Record<string, TensorData>; offset: number; size: number }[]>;
  decodeOutputs(batch: readonly PreparedImage[], runs: readonly { outputs: Record<string, TensorData>; offset: number; size: number }[]): ModelOutput[];
}

/** CPU milliseconds of the whole process and wall milliseconds of `fn`. */
async function measure(fn: () => Promise<void>): Promise<{ cpu: number; wall: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1000, wall: performance.now() - t0 };
}

/** Profiles one model on `images` photos of a set, `rounds` rounds (stages and the end-to-end run interleaved in each), after `warmupSeconds` untimed for each instance. */
export async function profileCase(name: string, set: PhotoSetName, images: number, rounds: number, warmupSeconds = 3): Promise<ProfileCase> {
  const load0 = os.loadavg()[0]!;
  const cores = os.availableParallelism();
  const files = photoSet(set, images);
  const staged = await loadZooModel(name);
  const applied = await loadZooModel(name);
  if (!(staged instanceof ImageModel)) throw new Error(`${name} is not an ImageModel: the profile times ImageModel's stages.`);
  const dataset = await Dataset.create(`profile-${process.pid}-${Date.now()}`);
  try {
    await dataset.addImages(files);
    const ids = await dataset.ids();
    await staged.load();
    await applied.load();
    const m = staged as unknown as Internals;
    const outputNames = staged.config.processor?.outputNames;
    const workers = isWorkerPoolModel(applied) ? applied.defaultNumWorkers(cores) : 0;
    await dataset.applyModel(applied, { labelField: "warm", progress: false, numWorkers: workers }); // starts the workers
    // Both instances past their warm-up before anything is timed: a fresh TF.js instance runs its
    // first tens of inferences with TF.js's JavaScript still being optimized by V8 on other
    // threads, up to twice the CPU per photo (bench/profile/small-scaling.ts).
    const warm = await Promise.all(files.map(async (f) => m.prepareDecoded(await m.decodeFile(f))));
    await repeatFor(warmupSeconds, (i) => m.runBatch([warm[i % warm.length]!], outputNames));
    staged.releasePrepared(warm);
    await repeatFor(warmupSeconds, () => dataset.applyModel(applied, { labelField: "warm", progress: false, numWorkers: workers }));
    const per: Record<keyof StageCpu | "bareWall" | "applyCpu" | "applyWall" | "busy", number[]> = { decode: [], prepare: [], inference: [], outputDecode: [], storeWrite: [], bareWall: [], applyCpu: [], applyWall: [], busy: [] };
    for (let r = 0; r < rounds; r++) {
      let decoded: { image: RgbImage; transform?: ResizeTransform }[] = [];
      let prepared: PreparedImage[] = [];
      let runs: Awaited<ReturnType<Internals["runBatch"]>>[] = [];
      let outputs: ModelOutput[] = [];
      const decode = await measure(async () => {
        decoded = [];
        for (const f of files) decoded.push(await m.decodeFile(f));
      });
      const prepare = await measure(async () => {
        prepared = [];
        for (const d of decoded) prepared.push(await m.prepareDecoded(d));
      });
      const inference = await measure(async () => {
        runs = [];
        for (const p of prepared) runs.push(await m.runBatch([p], outputNames));
      });
      const outputDecode = await measure(() => {
        outputs = prepared.flatMap((p, i) => m.decodeOutputs([p], runs[i]!));
        return Promise.resolve();
      });
      const store = await measure(async () => {
        const samples = await dataset.getSamples(ids, { fields: [] });
        samples.forEach((s, i) => s.addLabels(outputs[i] ?? null, `stage${r}`));
        await dataset.saveSamples(samples);
      });
      staged.releasePrepared(prepared); // as the pipeline does after each batch: the next round's tensors reuse these buffers
      const elu0 = performance.eventLoopUtilization();
      const apply = await measure(() => dataset.applyModel(applied, { labelField: `apply${r}`, progress: false, numWorkers: workers }).then(() => undefined));
      per.busy.push(performance.eventLoopUtilization(elu0).utilization * 100);
      for (const [k, v] of [["decode", decode], ["prepare", prepare], ["inference", inference], ["outputDecode", outputDecode], ["storeWrite", store]] as const) per[k].push(v.cpu / files.length);
      per.bareWall.push(inference.wall / files.length);
      per.applyCpu.push(apply.cpu / files.length);
      per.applyWall.push(apply.wall / files.length);
    }
    const cpu: StageCpu = { decode: median(per.decode), prepare: median(per.prepare), inference: median(per.inference), outputDecode: median(per.outputDecode), storeWrite: median(per.storeWrite) };
    const sum = cpu.decode + cpu.prepare + cpu.inference + cpu.outputDecode + cpu.storeWrite;
    const applyCpu = median(per.applyCpu);
    const applyWall = median(per.applyWall);
    const bare = 1000 / median(per.bareWall);
    const runtime = /onnx/i.test(staged.constructor.name) ? "onnx" : "tfjs";
    return {
      model: name,
      photos: set,
      runtime,
      workers,
      cpuMsPerPhoto: cpu,
      bareImagesPerSecond: bare,
      applyModel: { imagesPerSecond: 1000 / applyWall, cpuMsPerPhoto: applyCpu, mainThreadBusyPct: median(per.busy) },
      otherMsPerPhoto: applyCpu - sum,
      idleMsPerPhoto: cores * applyWall - applyCpu,
      cpuLimitImagesPerSecond: (cores * 1000) / sum,
      goal: goalOf(runtime, cpu, cores),
      load: [load0, os.loadavg()[0]!],
    };
  } finally {
    await dataset.delete();
    await staged.dispose();
    await applied.dispose();
  }
}

/** Profiles every model on both photo sets. */
export async function runProfile(options: { images: number; rounds: number; warmupSeconds?: number; only?: readonly string[]; sets?: readonly PhotoSetName[]; command: string; log?: (s: string) => void }): Promise<ProfileResults> {
  const started = Date.now();
  const machine = watchMachine();
  const cases: ProfileCase[] = [];
  for (const name of options.only ?? PROFILE_MODELS) {
    for (const set of options.sets ?? (["portraits", "scenes"] as const)) {
      const c = await profileCase(name, set, options.images, options.rounds, options.warmupSeconds);
      options.log?.(`${name} (${set}): ${JSON.stringify(c.cpuMsPerPhoto, (_, v: unknown) => (typeof v === "number" ? Math.round(v * 10) / 10 : v))}, applyModel ${c.applyModel.imagesPerSecond.toFixed(2)} img/s, bare ${c.bareImagesPerSecond.toFixed(2)}, load ${c.load.map((l) => l.toFixed(1)).join(" → ")}`);
      cases.push(c);
    }
  }
  return { command: options.command, date: new Date(started).toISOString(), seconds: (Date.now() - started) / 1000, images: options.images, rounds: options.rounds, warmupSeconds: options.warmupSeconds ?? 3, machine: machine(), cases };
}
