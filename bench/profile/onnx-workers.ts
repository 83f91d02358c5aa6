// How many ONNX sessions should applyModel run on this machine? One session with every core as
// intra-op threads (the default), or one single-thread session per core? Interleaved, warmed,
// order rotated each round; images/s by the wall clock and the process's CPU per photo.
//   node --import tsx bench/profile/onnx-workers.ts [--model paddleocr-v4-det-ch-onnx] [--images 12] [--rounds 3] [--out file.json]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Dataset, loadZooModel, type ImageModel } from "../../src/index.js";
import { photoSet, type PhotoSetName } from "../photos.js";
import { median } from "../stats.js";

process.env.MODELZOO_HOME ??= path.join(os.tmpdir(), "modelzoo-bench-home");
const { values } = parseArgs({ options: { model: { type: "string", default: "paddleocr-v4-det-ch-onnx" }, images: { type: "string", default: "12" }, rounds: { type: "string", default: "3" }, out: { type: "string", default: "" } } });
const images = Number(values.images);
const rounds = Number(values.rounds);
const model = (await loadZooModel(values.model)) as ImageModel;
const cores = os.availableParallelism();
const configs = [1, cores].map((numWorkers) => ({ numWorkers, label: numWorkers === 1 ? `1 session × ${cores} intra-op threads` : `${numWorkers} sessions × 1 intra-op thread` }));
const results: Record<string, unknown>[] = [];
for (const set of ["portraits", "scenes"] as PhotoSetName[]) {
  const files = photoSet(set, images);
  const run = async (numWorkers: number) => {
    const ds = await Dataset.create();
    await ds.addImages(files);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await ds.applyModel(model, { labelField: "out", numWorkers, progress: false });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    await ds.delete();
    return { rate: files.length / seconds, cpuMs: (cpu.user + cpu.system) / 1000 / files.length };
  };
  for (const c of configs) await run(c.numWorkers); // warm-up
  const got = new Map(configs.map((c) => [c.numWorkers, [] as { rate: number; cpuMs: number }[]]));
  for (let r = 0; r < rounds; r++) {
    const order = configs.map((_, i) => configs[(i + r) % configs.length]!);
    for (const c of order) got.get(c.numWorkers)!.push(await run(c.numWorkers));
    console.error(`${set} round ${r + 1}: ${configs.map((c) => `${c.label} ${got.get(c.numWorkers)!.at(-1)!.rate.toFixed(2)}/s`).join(", ")} (load ${os.loadavg()[0]!.toFixed(1)})`);
  }
  const one = got.get(1)!;
  const many = got.get(cores)!;
  results.push({
    photos: set,
    rows: configs.map((c) => ({ ...c, imagesPerSecond: +median(got.get(c.numWorkers)!.map((x) => x.rate)).toFixed(2), cpuMsPerPhoto: +median(got.get(c.numWorkers)!.map((x) => x.cpuMs)).toFixed(1) })),
    ratioManyOverOne: +median(one.map((o, i) => many[i]!.rate / o.rate)).toFixed(2),
  });
}
await model.dispose();
const out = { command: `node --import tsx bench/profile/onnx-workers.ts ${process.argv.slice(2).join(" ")}`.trim(), model: values.model, cores, images, rounds, at: new Date().toISOString(), results };
console.log(JSON.stringify(out, null, 2));
if (values.out) fs.writeFileSync(values.out, `${JSON.stringify(out, null, 2)}\n`);
