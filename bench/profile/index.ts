// npm run profile [-- --images 12 --rounds 2 --warmup 3 --only <model>[,<model>] --photos portraits|scenes --out bench/results/profile.json]
// then npm run readme -- profile to regenerate README's "Where the time goes" table.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { runProfile } from "./profile.js";

process.env.MODELZOO_HOME ??= path.join(os.tmpdir(), "modelzoo-bench-home");
const { values } = parseArgs({ options: { images: { type: "string", default: "12" }, rounds: { type: "string", default: "2" }, warmup: { type: "string", default: "3" }, only: { type: "string" }, photos: { type: "string" }, out: { type: "string", default: "bench/results/profile.json" } } });
const images = Number(values.images);
const rounds = Number(values.rounds);
if (!Number.isInteger(images) || images < 1 || !Number.isInteger(rounds) || rounds < 1) throw new Error(`--images and --rounds take whole numbers of 1 or more; got ${values.images}, ${values.rounds}.`);
const warmupSeconds = Number(values.warmup);
if (!(warmupSeconds >= 0)) throw new Error(`--warmup takes seconds, 0 or more; got ${values.warmup}.`);
if (values.photos !== undefined && values.photos !== "portraits" && values.photos !== "scenes") throw new Error(`--photos is portraits or scenes; got ${values.photos}.`);
const command = `npm run profile -- ${process.argv.slice(2).join(" ")}`.trim();
const results = await runProfile({
  images,
  rounds,
  warmupSeconds,
  ...(values.only ? { only: values.only.split(",") } : {}),
  ...(values.photos ? { sets: [values.photos] } : {}),
  command: command === "npm run profile --" ? "npm run profile" : command,
  log: (s) => console.log(s),
});
fs.mkdirSync(path.dirname(values.out), { recursive: true });
fs.writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`wrote ${values.out} (${results.seconds.toFixed(0)} s)`);
