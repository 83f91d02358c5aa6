// npm run bench [-- --quick] [--images N] [--rounds N] [--only name,name] [--photos portraits,scenes,text] [--batch-sizes 1,2,4] [--warmup seconds] [--scaling 1000,10000] [--sections models,sweeps,store,scaling] [--out file.json]
// Measures modelzoo against the bare runtime and the peer libraries; see README's Performance section.
import { parseArgs } from "node:util";
import os from "node:os";
import path from "node:path";
import { markdownReport } from "./report.js";
import { FULL, QUICK, runBench, writeResults, type BenchConfig } from "./run-bench.js";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    images: { type: "string" },
    rounds: { type: "string" },
    only: { type: "string" },
    photos: { type: "string" },
    sections: { type: "string" },
    "batch-sizes": { type: "string" },
    warmup: { type: "string" },
    scaling: { type: "string" },
    out: { type: "string" },
  },
});
// Models download into a cache of the benchmark's own unless the user points elsewhere.
process.env.MODELZOO_HOME ??= path.join(os.tmpdir(), "modelzoo-bench-home");
const config: BenchConfig = structuredClone(values.quick ? QUICK : FULL);
if (values.images) config.images = Number(values.images);
if (values.rounds) config.rounds = Number(values.rounds);
if (values.only) config.only = values.only.split(",");
if (values.photos) config.photoSets = values.photos.split(",") as BenchConfig["photoSets"];
if (values["batch-sizes"]) config.batchSizes = values["batch-sizes"].split(",").map(Number);
if (values.warmup) config.warmupSeconds = Number(values.warmup);
if (values.scaling) config.scaling = values.scaling.split(",").map(Number);
if (values.sections) config.sections = values.sections.split(",") as BenchConfig["sections"];
const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`;
const results = await runBench(config, command, (line) => console.log(line));
const file = writeResults(results, values.out);
console.log(`\n${markdownReport(results)}\n\nresults: ${path.relative(process.cwd(), file)}`);
