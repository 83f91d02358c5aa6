// Times applyModel alone on the demo photos, for profiling the pipeline:
//   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile-apply.ts movenet-lightning-coco-tfjs 60
import os from "node:os";
import path from "node:path";
import { Dataset, loadZooModel } from "../src/index.js";
import { photos } from "./photos.js";

process.env.MODELZOO_HOME ??= path.join(os.tmpdir(), "modelzoo-bench-home");
const name = process.argv[2] ?? "movenet-lightning-coco-tfjs";
const n = Number(process.argv[3] ?? 30);
const dataset = await Dataset.create(`bench-profile-${process.pid}`);
await dataset.addImages(photos(n));
const model = await loadZooModel(name);
await model.load();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await dataset.applyModel(model, { labelField: "profile", progress: false });
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
console.log(`${name}: ${(n / seconds).toFixed(2)} images/s, CPU ${((cpu.user + cpu.system) / 1e6 / seconds).toFixed(2)} cores busy`);
await dataset.delete();
await model.dispose();
