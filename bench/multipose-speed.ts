// MoveNet MultiPose's input geometries, timed side by side in one process: applyModel (the
// workers it picks), the bare runtime on prepared tensors, and decode+prepare alone, for
// each geometry of bench/agreement/multipose-geometry.ts, rounds interleaved and the order
// rotated each round.
// Run: npx tsx bench/multipose-speed.ts [--images 12] [--rounds 3] [--out bench/results/multipose-speed.json]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { zoo, type ImageModel, type Model } from "../src/index.js";
import { loadTfjs, readGraphModelArtifacts } from "../src/runtimes/index.js";
import { humanModelsDir } from "../test/support/models.js";
import { MULTIPOSE_GEOMETRIES } from "./agreement/multipose-geometry.js";
import { bareContender } from "./contenders/bare.js";
import type { Contender } from "./contenders/contender.js";
import { modelzooContender } from "./contenders/modelzoo.js";
import { watchMachine } from "./machine.js";
import { photoSet, type PhotoSetName } from "./photos.js";
import { summarize, timed } from "./stats.js";

const ENTRY = "movenet-multipose-coco-tfjs";

process.env.MODELZOO_HOME ??= path.join(os.homedir(), ".modelzoo");
const arg = (flag: string, fallback: number) => {
  const k = process.argv.indexOf(flag);
  return k > 0 ? Number(process.argv[k + 1]) : fallback;
};
const images = arg("--images", 12);
const rounds = arg("--rounds", 3);
const done = watchMachine();
const report: Record<string, unknown>[] = [];

/** decode+prepare alone: `prepareFile` (what applyModel calls) on every file, one at a time. */
function prepareContender(model: ImageModel, files: readonly string[]): Timed {
  return {
    async run() {
      for (const f of files) model.releasePrepared([await model.prepareFile(f)]);
    },
    dispose: () => Promise.resolve(),
  };
}

/** What a round runs and times. */
type Timed = Pick<Contender, "run" | "dispose">;

for (const set of ["portraits", "scenes"] as PhotoSetName[]) {
  const files = photoSet(set, images);
  const contenders: { geometry: string; kind: string; c: Timed; shapes: Set<string> }[] = [];
  const models: Model[] = [];
  for (const [geometry, input] of Object.entries(MULTIPOSE_GEOMETRIES)) {
    const pooled = await zoo.loadZooModel(ENTRY, { input });
    const main = (await zoo.loadZooModel(ENTRY, { input })) as ImageModel;
    await main.load();
    models.push(main);
    const shapes = new Set<string>();
    for (const f of files) {
      const p = await main.prepareFile(f);
      shapes.add(`1×${p.height ?? main.config.input.height}×${p.width ?? main.config.input.width}×3`);
    }
    contenders.push({ geometry, kind: "modelzoo (2 workers, batch 4)", c: await modelzooContender(pooled, files, { batchSize: 4, numWorkers: 2 }), shapes });
    contenders.push({ geometry, kind: "bare ×1 (prepared tensors)", c: await bareContender(main, files, { batchSize: 1 }), shapes });
    contenders.push({ geometry, kind: "decode+prepare alone", c: prepareContender(main, files), shapes });
  }
  for (const { c } of contenders) await c.run(); // warm-up
  // Images/s and the process's CPU time per photo (all its threads: workers, libuv's decoders), each round.
  const times = new Map<Timed, number[]>(contenders.map(({ c }) => [c, []]));
  const cpu = new Map<Timed, number[]>(contenders.map(({ c }) => [c, []]));
  for (let r = 0; r < rounds; r++) {
    const order = contenders.map((_, i) => contenders[(i + r) % contenders.length]!);
    for (const { c } of order) {
      const before = process.cpuUsage();
      times.get(c)!.push(files.length / (await timed(() => c.run())));
      const used = process.cpuUsage(before);
      cpu.get(c)!.push((used.user + used.system) / 1000 / files.length);
    }
  }
  for (const { geometry, kind, c, shapes } of contenders) {
    const s = summarize(times.get(c)!);
    const ms = summarize(cpu.get(c)!);
    // Per-round ratio to the same contender on the first geometry (the letterbox): both ran in the same round.
    const base = contenders.find((o) => o.kind === kind)!.c;
    const ratio = summarize(times.get(c)!.map((v, r) => v / times.get(base)![r]!));
    const row = { photos: set, geometry, contender: kind, input: [...shapes].join(", "), imagesPerSecond: s, cpuMsPerPhoto: ms, ratioToLetterbox: ratio };
    report.push(row);
    console.log(`${set} | ${geometry} | ${kind} | ${row.input} | ${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)}) images/s | ×${ratio.median.toFixed(2)} (${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)}) the letterbox's | ${ms.median.toFixed(1)} (${ms.min.toFixed(1)}–${ms.max.toFixed(1)}) ms CPU per photo`);
  }
  for (const { c } of contenders) await c.dispose();
  for (const m of models) await m.dispose();
}
// The forward pass alone by input size: the three shapes interleaved, many times each, in
// this thread. The minimum is the least disturbed by other work on the machine (which only adds).
{
  const { tf, converter } = await loadTfjs();
  const graph = await converter.loadGraphModel({ load: () => Promise.resolve(readGraphModelArtifacts(path.join(humanModelsDir(), "movenet-multipose.json"))) });
  const shapes = [[1, 256, 256, 3], [1, 224, 256, 3], [1, 192, 256, 3]];
  const inputs = shapes.map((s) => tf.fill(s, 128, "int32"));
  const ms = shapes.map((): number[] => []);
  const forward = (i: number) => {
    const out = graph.execute(inputs[i]!) as { dataSync(): unknown; dispose(): void };
    out.dataSync();
    out.dispose();
  };
  shapes.forEach((_, i) => forward(i)); // warm-up
  for (let r = 0; r < 10 * rounds; r++) {
    for (let i = 0; i < shapes.length; i++) {
      const t0 = performance.now();
      forward(i);
      ms[i]!.push(performance.now() - t0);
    }
  }
  shapes.forEach((shape, i) => {
    const s = summarize(ms[i]!);
    report.push({ section: "forward pass alone", input: shape.join("×"), ms: s });
    console.log(`forward pass alone | ${shape.join("×")} | min ${s.min.toFixed(1)} ms, median ${s.median.toFixed(1)} ms over ${s.runs.length} runs | min ×${(Math.min(...ms[0]!) / s.min).toFixed(2)} the 256×256 rate`);
  });
  tf.dispose(inputs);
  graph.dispose();
}
const machine = done();
console.log(`load average ${machine.loadAvgStart.map((v) => v.toFixed(2)).join(" ")} → ${machine.loadAvgEnd.map((v) => v.toFixed(2)).join(" ")}; machine busy ${machine.machineBusyPct?.toFixed(0)}%, this process ${machine.benchProcessPct?.toFixed(0)}%`);
const k = process.argv.indexOf("--out");
if (k > 0) fs.writeFileSync(process.argv[k + 1]!, `${JSON.stringify({ date: new Date().toISOString(), images, rounds, machine, rows: report }, null, 2)}\n`);
