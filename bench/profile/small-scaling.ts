// Why a small TF.js model scales so little on 2 cores (issue 19, README "Where the time
// goes"). One process runs, round by round in rotated order, the same forward pass
// (modelzoo's TF.js runtime adapter, as each inference worker runs it) on the same
// prepared tensors, in several arrangements:
//   x1-main      one instance in the main thread
//   x1-worker    one instance in a worker thread, looping inside the worker (no message per image)
//   x2-workers   two instances in two worker threads, each looping inside itself
//   x2-pool      two instances behind WorkerPoolRuntime, one message per image (the bench's bare ×2)
//   x1-process / x2-processes   the same loop in one / two child processes (threads vs processes)
// For each it reports images/s, the CPU of every thread of the process grouped by thread
// name (/proc/self/task/*/stat), the loop threads' own CPU and wall time per image, and
// their garbage collections (v8.GCProfiler).
//
//   npx tsx bench/profile/small-scaling.ts [--model movenet-lightning-coco-tfjs] [--photos scenes]
//     [--images 12] [--seconds 4] [--rounds 3] [--cases x1-main,x2-workers,...] [--out file.json]
//     [--warm-main <seconds>] [--warmup <seconds per case, untimed>]
//     [--v8-flags "--no-opt"]   (V8 flags of the child processes; V8 flags are process-wide, so workers cannot take them)
import { fork } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import v8 from "node:v8";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { parseArgs } from "node:util";

interface Batch {
  data: Int32Array | Float32Array;
  dims: number[];
}

/** What one loop thread measured. */
interface LoopReport {
  images: number;
  wallMs: number;
  /** This thread's own CPU (user + system), ms. */
  threadCpuMs: number;
  gcCount: number;
  gcMs: number;
  /** The thread's time inside graph.execute + data() alone (wall), ms. */
  forwardMs: number;
  heapUsedMB: number;
  tid: string;
}

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

/** utime + stime of every thread of this process, by thread id, with its name. */
function threadTimes(pid: number | "self" = "self"): Map<string, { name: string; ms: number }> {
  const out = new Map<string, { name: string; ms: number }>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const name = stat.slice(stat.indexOf("(") + 1, close);
      const fields = stat.slice(close + 2).split(" ");
      out.set(tid, { name, ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS });
    } catch {
      // the thread ended
    }
  }
  return out;
}

/**
 * CPU per kind of thread between two snapshots: "main" (the process's first thread),
 * "loop" (threads that ran the forward pass, by the ids they reported), "other" (the rest:
 * V8's platform workers for GC and compilation, libuv's pool, idle worker threads).
 * Node 20 names all its threads "node", so the ids are what tells them apart.
 */
function perName(before: Map<string, { name: string; ms: number }>, after: Map<string, { name: string; ms: number }>, loopTids: readonly string[] = []): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [tid, a] of after) {
    const d = a.ms - (before.get(tid)?.ms ?? 0);
    const kind = tid === String(process.pid) ? (loopTids.includes(tid) ? "main+loop" : "main") : loopTids.includes(tid) ? "loop" : "other";
    if (d > 0) out[kind] = (out[kind] ?? 0) + d;
  }
  return out;
}

/** The kernel's id of the calling thread. */
function ownTid(): string {
  return fs.readlinkSync("/proc/thread-self").split("/").pop()!;
}

function ownThreadCpuMs(): number {
  const stat = fs.readFileSync("/proc/thread-self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

function machineBusy(): { busy: number; total: number } {
  const cpu = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3]! + cpu[4]!;
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/**
 * Loads the model in this thread with modelzoo's runtime adapter (what each inference
 * worker runs: tf.tensor → GraphModel.execute or LayersModel.predict → await data() →
 * dispose) and returns a loop that runs for `seconds` over the batches.
 */
async function makeLoop(modelPath: string, batches: Batch[]): Promise<(seconds: number) => Promise<LoopReport>> {
  const { loadRecipe } = await import("../../src/runtimes/pool/runtime-recipe.js");
  const runtime = await loadRecipe({ kind: "tfjs", modelPath });
  const inputName = runtime.inputs[0]!.name;
  let forwardMs = 0;
  const forward = async (b: Batch) => {
    const t0 = performance.now();
    await runtime.run({ [inputName]: b });
    forwardMs += performance.now() - t0;
  };
  for (const b of batches.slice(0, 3)) await forward(b); // warm-up, as a model's load() does
  return async (seconds: number) => {
    forwardMs = 0;
    const gc = new v8.GCProfiler();
    gc.start();
    const cpu0 = ownThreadCpuMs();
    const t0 = performance.now();
    let images = 0;
    for (let i = 0; performance.now() - t0 < seconds * 1000; i++) {
      const b = batches[i % batches.length]!;
      await forward(b);
      images += b.dims[0]!;
    }
    const wallMs = performance.now() - t0;
    const stats = gc.stop()?.statistics ?? [];
    const gcCount = stats.length;
    const gcMs = stats.reduce((a, e) => a + e.cost / 1000, 0); // cost is in microseconds
    return { images, wallMs, threadCpuMs: ownThreadCpuMs() - cpu0, gcCount, gcMs, forwardMs, heapUsedMB: process.memoryUsage().heapUsed / 2 ** 20, tid: ownTid() };
  };
}

// ---------- worker thread / child process side ----------
if (!isMainThread || process.argv.includes("--child")) {
  const recv = (cb: (m: { seconds: number } | "exit") => void) => (isMainThread ? process.on("message", cb) : parentPort!.on("message", cb));
  const send = (m: unknown) => (isMainThread ? process.send!(m) : parentPort!.postMessage(m));
  const init = isMainThread ? await new Promise<{ modelPath: string; batches: Batch[] }>((r) => process.once("message", (m) => r(m as never))) : (workerData as { modelPath: string; batches: Batch[] });
  // Child processes get plain arrays (JSON over IPC): rebuild the typed arrays.
  const batches = init.batches.map((b) => ({ dims: b.dims, data: b.data instanceof Int32Array || b.data instanceof Float32Array ? b.data : Int32Array.from(Object.values(b.data as object) as number[]) }));
  const loop = await makeLoop(init.modelPath, batches);
  recv((m) => {
    if (m === "exit") {
      if (isMainThread) process.exit(0);
      else parentPort!.close();
      return;
    }
    const before = isMainThread ? threadTimes() : undefined;
    void loop(m.seconds).then((r) => send({ ...r, threads: before ? perName(before, threadTimes(), [r.tid]) : undefined }));
  });
  send("ready");
} else {
  await main();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: "string", default: "movenet-lightning-coco-tfjs" },
      photos: { type: "string", default: "scenes" },
      images: { type: "string", default: "12" },
      seconds: { type: "string", default: "4" },
      rounds: { type: "string", default: "3" },
      cases: { type: "string", default: "x1-main,x1-worker,x2-workers,x2-pool,x1-process,x2-processes" },
      "v8-flags": { type: "string", default: "" },
      "warm-main": { type: "string", default: "0" },
      warmup: { type: "string", default: "0" },
      out: { type: "string" },
    },
  });
  const { loadZooModel, decodeImage, TfjsImageModel } = await import("../../src/index.js");
  const { WorkerPoolRuntime } = await import("../../src/runtimes/index.js");
  const { photoSet } = await import("../photos.js");
  const model = await loadZooModel(values.model);
  if (!(model instanceof TfjsImageModel)) throw new Error(`${values.model} is not a TF.js image model (a model.json of graph or layers format)`);
  const c = model.config.input;
  const files = photoSet(values.photos as "scenes", Number(values.images));
  const prepared = await Promise.all(files.map(async (f) => model.prepare(await decodeImage(f))));
  const perImage = c.layout === "nchw" ? [3, c.height, c.width] : [c.height, c.width, 3];
  const batches: Batch[] = prepared.map((p) => {
    const data = c.dtype === "int32" ? new Int32Array(new SharedArrayBuffer(p.tensor.length * 4)) : new Float32Array(new SharedArrayBuffer(p.tensor.length * 4));
    for (let j = 0; j < p.tensor.length; j++) data[j] = c.dtype === "int32" ? Math.round(p.tensor[j]!) : p.tensor[j]!;
    return { data, dims: [1, ...perImage] };
  });
  let seconds = Number(values.seconds);
  const v8Flags = values["v8-flags"] ? values["v8-flags"].split(/\s+/) : [];
  const here = new URL(import.meta.url);
  const tsxApi = import.meta.resolve("tsx/esm/api");

  const startWorker = async (): Promise<Worker> => {
    const w = new Worker(`import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(here.href)}); });`, {
      eval: true,
      workerData: { modelPath: model.modelPath, batches },
      execArgv: process.execArgv,
    });
    await new Promise((r) => w.once("message", r));
    return w;
  };
  const startChild = async () => {
    const child = fork(here.pathname, ["--child"], { execArgv: ["--import", "tsx", ...v8Flags], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    child.send({ modelPath: model.modelPath, batches: batches.map((b) => ({ dims: b.dims, data: Array.from(b.data) })) });
    await new Promise((r) => child.once("message", r));
    return child;
  };
  const askWorker = (w: Worker) => new Promise<LoopReport>((r) => { w.once("message", r); w.postMessage({ seconds }); });
  const askChild = (ch: ReturnType<typeof fork>) => new Promise<LoopReport & { threads: Record<string, number> }>((r) => { ch.once("message", (m) => r(m as never)); ch.send({ seconds }); });

  // Everything loaded once, before the rounds.
  const wanted = values.cases.split(",");
  const mainLoop = wanted.includes("x1-main") || Number(values["warm-main"]) > 0 ? await makeLoop(model.modelPath, batches) : undefined;
  // Optionally warm the main thread's instance first (its wasm code tiered up) before any worker starts.
  if (mainLoop && Number(values["warm-main"]) > 0) console.log("warm-main", JSON.stringify(await mainLoop(Number(values["warm-main"]))));
  const w1 = wanted.includes("x1-worker") ? await startWorker() : undefined;
  const w2 = wanted.includes("x2-workers") ? await Promise.all([startWorker(), startWorker()]) : undefined;
  const pool = wanted.includes("x2-pool") ? await WorkerPoolRuntime.start({ kind: "tfjs", modelPath: model.modelPath }, 2, model.name) : undefined;
  const ch1 = wanted.includes("x1-process") ? await startChild() : undefined;
  const ch2 = wanted.includes("x2-processes") ? await Promise.all([startChild(), startChild()]) : undefined;
  const inputName = pool?.inputs[0]!.name ?? "";
  if (pool) await Promise.all(batches.slice(0, 4).map((b) => pool.run({ [inputName]: b })));

  interface CaseResult {
    case: string;
    round: number;
    imagesPerSec: number;
    /** CPU ms per image of this process's threads by name (children: theirs, summed). */
    cpuMsPerImage: Record<string, number>;
    processCpuMsPerImage: number;
    loops?: { msPerImage: number; threadCpuMsPerImage: number; forwardMsPerImage: number; gcPerImage: number; gcMsPerImage: number; heapUsedMB: number }[];
    machineBusyPct: number;
    load: number;
  }
  const results: CaseResult[] = [];
  const runCase = async (name: string): Promise<Omit<CaseResult, "case" | "round" | "machineBusyPct" | "load"> | undefined> => {
    const loopsOf = (rs: LoopReport[]) => rs.map((r) => ({ msPerImage: r.wallMs / r.images, threadCpuMsPerImage: r.threadCpuMs / r.images, forwardMsPerImage: r.forwardMs / r.images, gcPerImage: r.gcCount / r.images, gcMsPerImage: r.gcMs / r.images, heapUsedMB: r.heapUsedMB }));
    const within = async (fn: () => Promise<{ images: number; wallMs: number; loops?: LoopReport[]; childThreads?: Record<string, number>[] }>) => {
      const t0 = threadTimes();
      const cpu0 = process.cpuUsage();
      const r = await fn();
      const cpu = process.cpuUsage(cpu0);
      const byName = perName(t0, threadTimes(), (r.loops ?? []).map((l) => l.tid));
      for (const ct of r.childThreads ?? []) for (const [k, v] of Object.entries(ct)) byName[`child:${k}`] = (byName[`child:${k}`] ?? 0) + v;
      const per = Object.fromEntries(Object.entries(byName).map(([k, v]) => [k, +(v / r.images).toFixed(2)]));
      const childCpu = (r.childThreads ?? []).flatMap((t) => Object.values(t)).reduce((a, b) => a + b, 0);
      return { imagesPerSec: (r.images / r.wallMs) * 1000, cpuMsPerImage: per, processCpuMsPerImage: ((cpu.user + cpu.system) / 1000 + childCpu) / r.images, ...(r.loops ? { loops: loopsOf(r.loops) } : {}) };
    };
    const sumLoops = (rs: LoopReport[], t0: number) => ({ images: rs.reduce((a, r) => a + r.images, 0), wallMs: performance.now() - t0, loops: rs });
    switch (name) {
      case "x1-main":
        return mainLoop && within(async () => { const t0 = performance.now(); return sumLoops([await mainLoop(seconds)], t0); });
      case "x1-worker":
        return w1 && within(async () => { const t0 = performance.now(); return sumLoops([await askWorker(w1)], t0); });
      case "x2-workers":
        return w2 && within(async () => { const t0 = performance.now(); return sumLoops(await Promise.all(w2.map(askWorker)), t0); });
      case "x1-process":
        return ch1 && within(async () => { const t0 = performance.now(); const r = await askChild(ch1); return { ...sumLoops([r], t0), childThreads: [r.threads] }; });
      case "x2-processes":
        return ch2 && within(async () => { const t0 = performance.now(); const rs = await Promise.all(ch2.map(askChild)); return { ...sumLoops(rs, t0), childThreads: rs.map((r) => r.threads) }; });
      case "x2-pool":
        return pool && within(async () => {
          // Two runs in flight at all times (each worker busy), one message per image: how bench's bare ×2 and applyModel feed the pool.
          const t0 = performance.now();
          let images = 0;
          let next = 0;
          const lane = async () => {
            while (performance.now() - t0 < seconds * 1000) {
              await pool.run({ [inputName]: batches[next++ % batches.length]! });
              images++;
            }
          };
          await Promise.all([lane(), lane()]);
          return { images, wallMs: performance.now() - t0 };
        });
    }
    return undefined;
  };
  const order = wanted.filter((n) => ["x1-main", "x1-worker", "x2-workers", "x2-pool", "x1-process", "x2-processes"].includes(n));
  const rounds = Number(values.rounds);
  // Optionally run every case once, untimed, so that every instance is past its warm-up (JIT, GC sizing).
  if (Number(values.warmup) > 0) {
    const timed = seconds;
    seconds = Number(values.warmup);
    for (const name of order) await runCase(name);
    seconds = timed;
  }
  for (let round = 0; round < rounds; round++) {
    const rotated = order.map((_, i) => order[(i + round) % order.length]!);
    for (const name of rotated) {
      const m0 = machineBusy();
      const r = await runCase(name);
      const m1 = machineBusy();
      if (!r) continue;
      const res: CaseResult = { case: name, round, ...r, machineBusyPct: ((m1.busy - m0.busy) / (m1.total - m0.total)) * 100, load: os.loadavg()[0]! };
      results.push(res);
      console.log(JSON.stringify(res));
    }
  }
  // Medians per case.
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
  const lines: string[] = [];
  const x1 = med(results.filter((r) => r.case === "x1-main").map((r) => r.imagesPerSec));
  for (const name of order) {
    const rs = results.filter((r) => r.case === name);
    if (!rs.length) continue;
    const ips = rs.map((r) => r.imagesPerSec);
    const loops = rs.flatMap((r) => r.loops ?? []);
    lines.push(
      `${name.padEnd(13)} ${med(ips).toFixed(2).padStart(6)}/s (${Math.min(...ips).toFixed(2)}–${Math.max(...ips).toFixed(2)})` +
        (x1 ? `  ×${(med(ips) / x1).toFixed(2)}` : "") +
        `  CPU/img ${med(rs.map((r) => r.processCpuMsPerImage)).toFixed(1)} ms` +
        (loops.length ? `  loop wall/img ${med(loops.map((l) => l.msPerImage)).toFixed(1)} cpu/img ${med(loops.map((l) => l.threadCpuMsPerImage)).toFixed(1)} fwd/img ${med(loops.map((l) => l.forwardMsPerImage)).toFixed(1)} gc/img ${med(loops.map((l) => l.gcPerImage)).toFixed(2)} (${med(loops.map((l) => l.gcMsPerImage)).toFixed(2)} ms)` : "") +
        `  busy ${med(rs.map((r) => r.machineBusyPct)).toFixed(0)}%  threads ${JSON.stringify(rs[Math.floor((rs.length - 1) / 2)]!.cpuMsPerImage)}`,
    );
  }
  console.log(lines.join("\n"));
  if (values.out) fs.writeFileSync(values.out, JSON.stringify({ command: process.argv.slice(2).join(" "), date: new Date().toISOString(), node: process.version, load: os.loadavg(), results }, null, 1));
  await pool?.dispose();
  for (const w of [w1, ...(w2 ?? [])]) await w?.terminate();
  for (const ch of [ch1, ...(ch2 ?? [])]) ch?.kill();
}
