// One scaling step in its own process, so that its peak RSS is its own:
// node --import tsx bench/scaling-child.ts <samples> <zoo model>  → one JSON line on stdout.
import fs from "node:fs";
import { Dataset, isWorkerPoolModel, loadZooModel } from "../src/index.js";
import { repeatedPhotoFiles } from "./photos.js";

const samples = Number(process.argv[2]);
const name = process.argv[3]!;
const { dir, files } = repeatedPhotoFiles(samples);
const dataset = await Dataset.create(`bench-scaling-${process.pid}`);
try {
  await dataset.addImages(files);
  const model = await loadZooModel(name);
  await model.load();
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const result = await dataset.applyModel(model, { labelField: "bench", progress: false });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const workers = isWorkerPoolModel(model) ? model.numWorkers : 0;
  await model.dispose();
  console.log(
    JSON.stringify({
      samples,
      processed: result.processed,
      failures: result.failures.length,
      seconds,
      samplesPerSec: samples / seconds,
      rssBeforeMB: rssBefore / 2 ** 20,
      peakRssDuringApplyMB: peakRss / 2 ** 20,
      maxRssProcessMB: process.resourceUsage().maxRSS / 1024,
      workers,
    }),
  );
} finally {
  await dataset.delete();
  fs.rmSync(dir, { recursive: true, force: true });
}
