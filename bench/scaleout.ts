// npm run bench:scaleout [-- --images N] [--workers 1,2,4] [--model NAME] [--store-samples N] [--sections workers,store] [--database-uri URI]
// Measures README's "Scaling out" numbers: distributed applyModel with 1, 2 and 4
// `modelzoo worker` processes against one process, and the dataset store's
// operations on SQLite and on PostgreSQL. Without --database-uri it starts an
// embedded PostgreSQL (fsync off, as a scratch server) in a temporary folder.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Dataset, Detection, Detections, Sample, zoo } from "../src/index.js";
import { watchMachine, type MachineReport } from "./machine.js";
import { repeatedPhotoFiles } from "./photos.js";
import { startEmbeddedPostgres } from "./postgres.js";
import { timed } from "./stats.js";

/** One run of the worker section. */
export interface WorkerStep {
  /** "single process" (local applyModel) or "N workers". */
  setup: string;
  workers: number;
  samples: number;
  seconds: number;
  samplesPerSec: number;
  /** Throughput over (workers × the one-worker throughput). */
  efficiency?: number;
  /** CPU seconds the run used: the workers' (or the single process's) plus the coordinator's. */
  cpuSeconds: number;
  /** Samples per CPU second: the cost of a sample, whatever else shares the cores. */
  samplesPerCpuSec: number;
}

/** One store operation on one store ("sqlite-memory": SQLite with the view run in JavaScript, as before views went to SQL). */
export interface StoreOp {
  store: "sqlite" | "sqlite-memory" | "postgres";
  operation: string;
  samples: number;
  seconds: number;
  /** What it returned (rows matched), as a check that both stores agree. */
  result?: number;
}

/** What `npm run bench:scaleout` measured (bench/results/scaleout.json). */
export interface ScaleoutResults {
  /** Each section with the command that measured it and how busy the machine was meanwhile. */
  workers?: { command: string; startedAt: string; model: string; steps: WorkerStep[]; machine: MachineReport };
  store?: { command: string; startedAt: string; ops: StoreOp[]; machine: MachineReport };
}

const LABELS = ["person", "car", "dog", "cat", "bicycle"] as const;
const repoRoot = path.resolve(import.meta.dirname, "..");

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      images: { type: "string", default: "240" },
      workers: { type: "string", default: "1,2,4" },
      model: { type: "string", default: "nanodet-coco-tfjs" },
      "store-samples": { type: "string", default: "1000000" },
      sections: { type: "string", default: "workers,store" },
      "database-uri": { type: "string" },
      out: { type: "string" },
    },
  });
  process.env.MODELZOO_HOME ??= path.join(os.tmpdir(), "modelzoo-bench-home");
  const server = values["database-uri"] ? undefined : await startEmbeddedPostgres();
  const uri = values["database-uri"] ?? server!.uri;
  const log = (line: string) => console.log(line);
  const sections = values.sections.split(",");
  const command = `npm run bench:scaleout${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`;
  const file = values.out ?? path.join(repoRoot, "bench", "results", "scaleout.json");
  // Sections not run now keep their last results.
  const results: ScaleoutResults = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as ScaleoutResults) : {};
  try {
    if (sections.includes("workers")) {
      const startedAt = new Date().toISOString();
      const machineDone = watchMachine();
      const steps = await benchWorkers(uri, values.model, Number(values.images), values.workers.split(",").map(Number), log);
      results.workers = { command, startedAt, model: values.model, steps, machine: machineDone() };
    }
    if (sections.includes("store")) {
      const startedAt = new Date().toISOString();
      const machineDone = watchMachine();
      const ops = await benchStores(uri, Number(values["store-samples"]), log);
      results.store = { command, startedAt, ops, machine: machineDone() };
    }
  } finally {
    await server?.stop();
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${scaleoutMarkdown(results)}\n\nresults: ${path.relative(process.cwd(), file)}`);
}

/** Starts `modelzoo worker` processes (the CLI, from source) and resolves once all take jobs. */
async function startWorkers(n: number, uri: string): Promise<ChildProcess[]> {
  const script = `import { main } from "./src/cli/main.ts"; process.exitCode = await main(["worker", "--poll", "0.5"]);`;
  return Promise.all(
    Array.from({ length: n }, async () => {
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        cwd: repoRoot,
        // One runtime thread per worker: the processes are the parallelism.
        env: { ...process.env, MODELZOO_DATABASE_URI: uri, UV_THREADPOOL_SIZE: "1", OMP_NUM_THREADS: "1", VIPS_CONCURRENCY: "1" },
        stdio: ["ignore", "pipe", "inherit"],
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (d: Buffer) => d.toString().includes("worker ready") && resolve());
        child.on("exit", (code) => reject(new Error(`worker exited (${code}) before it was ready`)));
      });
      return child;
    }),
  );
}

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
function cpuOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz)
}

/** Runs `fn`, returning its wall seconds and the CPU seconds of this process and of `pids` meanwhile. */
async function measured(pids: readonly number[], fn: () => Promise<unknown>): Promise<{ seconds: number; cpuSeconds: number }> {
  const own = process.cpuUsage();
  const before = pids.map(cpuOf);
  const seconds = await timed(fn);
  const ownUsed = process.cpuUsage(own);
  const others = pids.reduce((sum, pid, i) => sum + cpuOf(pid) - before[i]!, 0);
  return { seconds, cpuSeconds: (ownUsed.user + ownUsed.system) / 1e6 + others };
}

async function stopWorkers(children: readonly ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          c.on("exit", () => resolve());
          c.kill("SIGTERM");
        }),
    ),
  );
}

async function benchWorkers(uri: string, modelName: string, images: number, counts: number[], log: (line: string) => void): Promise<WorkerStep[]> {
  const { dir, files } = repeatedPhotoFiles(images);
  const steps: WorkerStep[] = [];
  const model = await zoo.loadZooModel(modelName);
  try {
    const ds = await Dataset.create(`bench-workers-${process.pid}`, { databaseUri: uri });
    await ds.addImages(files);
    await ds.computeMetadata();
    // Warm-up (model load, first decodes) outside the timings.
    await ds.limit(4).applyModel(model, { labelField: "warmup" });
    const local = await measured([], () => ds.applyModel(model, { labelField: "local" }));
    steps.push({ setup: "single process", workers: 0, samples: images, seconds: local.seconds, samplesPerSec: images / local.seconds, cpuSeconds: local.cpuSeconds, samplesPerCpuSec: images / local.cpuSeconds });
    log(`single process: ${(images / local.seconds).toFixed(1)} samples/s`);
    for (const n of counts) {
      const workers = await startWorkers(n, uri);
      try {
        // Each worker loads the model on its first shard: warm them up with one small shard each.
        await ds.limit(n * 2).applyModel(model, { labelField: `warm${n}`, distributed: { shards: n } });
        const run = await measured(
          workers.map((w) => w.pid!),
          () => ds.applyModel(model, { labelField: `dist${n}`, distributed: { shards: Math.max(8, n * 4) } }),
        );
        steps.push({
          setup: `${n} worker${n > 1 ? "s" : ""}`,
          workers: n,
          samples: images,
          seconds: run.seconds,
          samplesPerSec: images / run.seconds,
          cpuSeconds: run.cpuSeconds,
          samplesPerCpuSec: images / run.cpuSeconds,
        });
        log(`${n} workers: ${(images / run.seconds).toFixed(1)} samples/s, ${(images / run.cpuSeconds).toFixed(1)} samples per CPU second`);
      } finally {
        await stopWorkers(workers);
      }
    }
    const one = steps.find((s) => s.workers === 1);
    if (one) for (const s of steps) if (s.workers > 0) s.efficiency = s.samplesPerSec / (s.workers * one.samplesPerSec);
    await ds.delete();
  } finally {
    await model.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return steps;
}

/** A sample with three boxes whose labels and confidences cycle deterministically. */
function labelled(i: number): Sample {
  return new Sample({
    filepath: `/photos/${i}.jpg`,
    tags: i % 2 ? ["train"] : ["val"],
    index: i,
    predictions: new Detections({
      detections: [0, 1, 2].map((k) => new Detection({ label: LABELS[(i + k) % LABELS.length]!, boundingBox: [0.1 * k, 0.1, 0.2, 0.3], confidence: ((i * 7 + k * 13) % 100) / 100 })),
    }),
  });
}

async function benchStores(uri: string, n: number, log: (line: string) => void): Promise<StoreOp[]> {
  const ops: StoreOp[] = [];
  for (const store of ["sqlite", "postgres"] as const) {
    const ds = await Dataset.create(`bench-store-${store}-${process.pid}`, { databaseUri: store === "sqlite" ? "" : uri });
    const op = async (operation: string, fn: () => Promise<number | undefined>, kind: StoreOp["store"] = store) => {
      let result: number | undefined;
      const seconds = await timed(async () => (result = await fn()));
      ops.push({ store: kind, operation, samples: n, seconds, ...(result === undefined ? {} : { result }) });
      log(`${kind} ${operation}: ${seconds.toFixed(2)} s${result === undefined ? "" : ` (${result})`}`);
    };
    try {
      await op("insert samples with a Detections label", async () => {
        await ds.addSamples((function* () {
          for (let i = 0; i < n; i++) yield labelled(i);
        })());
        return undefined;
      });
      await op("count", () => ds.count());
      // On SQLite the views run twice: in SQL, and in JavaScript (behind exclude([]), a stage no store runs).
      for (const [kind, c] of store === "sqlite" ? ([["sqlite", ds], ["sqlite-memory", ds.exclude([])]] as const) : ([["postgres", ds]] as const)) {
        const view = (operation: string, fn: () => Promise<number | undefined>) => op(operation, fn, kind);
        const filter = { "predictions.detections.label": "dog", "predictions.detections.confidence": { $gt: 0.9 } };
        await view("match label and confidence, count", () => c.match(filter).count());
        await view("match on a number range, first 100 ids", async () => (await c.match({ index: { $gte: n / 2 } }).skip(10).limit(100).ids()).length);
        await view("exists, count", () => c.exists("predictions").count());
        await view("matchTags, count", () => c.matchTags("train").count());
        await view("countValues of detection labels", async () => (await c.countValues("predictions.detections.label")).get("dog"));
        await view("sortBy a number, first 100", async () => (await c.sortBy("index", { reverse: true }).limit(100).ids()).length);
        await view("sortBy a list path, first 100", async () => (await c.sortBy("predictions.detections.confidence", { reverse: true }).limit(100).ids()).length);
      }
    } finally {
      await ds.delete();
    }
  }
  return ops;
}

/** The tables of README's "Scaling out" section. */
export function scaleoutMarkdown(r: ScaleoutResults): string {
  const lines: string[] = [];
  if (r.workers) {
    const w = r.workers;
    lines.push(`Distributed \`applyModel\` (${w.model}, ${w.steps[0]?.samples ?? 0} photos, PostgreSQL on the same machine; \`${w.command}\`):`, "");
    lines.push("| setup | samples/s | scaling efficiency | samples per CPU second |", "|---|---|---|---|");
    for (const s of w.steps) {
      lines.push(`| ${s.setup} | ${s.samplesPerSec.toFixed(1)} | ${s.efficiency === undefined ? "" : `${Math.round(s.efficiency * 100)}%`} | ${s.samplesPerCpuSec.toFixed(1)} |`);
    }
    lines.push("", machineLine(w.machine));
  }
  if (r.store) {
    const n = r.store.ops[0]?.samples ?? 0;
    lines.push(
      "",
      `Store operations on ${n.toLocaleString("en")} samples, in seconds (\`${r.store.command}\`; "in memory": the same view run in JavaScript, as views ran before they went to SQL; the result checks that all agree):`,
      "",
    );
    lines.push("| operation | SQLite | SQLite, view in memory | PostgreSQL | result |", "|---|---|---|---|---|");
    for (const op of [...new Set(r.store.ops.map((o) => o.operation))]) {
      const [s, m, p] = (["sqlite", "sqlite-memory", "postgres"] as const).map((store) => r.store!.ops.find((o) => o.store === store && o.operation === op));
      lines.push(`| ${op} | ${s?.seconds.toFixed(2) ?? ""} | ${m?.seconds.toFixed(2) ?? ""} | ${p?.seconds.toFixed(2) ?? ""} | ${p?.result ?? s?.result ?? ""} |`);
    }
    lines.push("", machineLine(r.store.machine));
  }
  return lines.join("\n");
}

function machineLine(m: MachineReport): string {
  return (
    `Machine: ${m.cpus} × ${m.cpuModel}, Node ${m.node}; load average ${m.loadAvgStart[0]!.toFixed(1)} at the start, ${m.loadAvgEnd[0]!.toFixed(1)} at the end` +
    `${m.shared ? " (other work shared the cores: compare numbers within this table only)" : ""}.`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
