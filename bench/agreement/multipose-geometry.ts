// MoveNet MultiPose's input geometry against both upstream libraries that run its weights:
// @vladmandic/human (which letterboxes to 256×256) and @tensorflow-models/pose-detection
// (which keeps the aspect ratio: longer side 256, sides padded to multiples of 32).
// Run: npx tsx bench/agreement/multipose-geometry.ts [--out bench/results/multipose-geometry.json]
// It decides the catalog entry's input (README, "Using every core").
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { bodyRows } from "./body.js";
import { corpus } from "./corpus.js";
import type { AgreementRow } from "./rows.js";

/** The geometries compared, as `input` overrides of the entry (each sets every geometry field, so the entry's own do not leak in). */
export const MULTIPOSE_GEOMETRIES: Record<string, Record<string, unknown>> = {
  "letterbox 256×256, sharp's linear kernel (Human's geometry)": { width: 256, height: 256, resize: "letterbox", maxSide: undefined, padMultiple: undefined, kernel: undefined },
  "maxSide 256, multiples of 32, TF.js resizeBilinear (pose-detection's geometry and resize)": { maxSide: 256, padMultiple: 32, kernel: "tfjs-bilinear" },
  "maxSide 256, multiples of 32, sharp's linear kernel (shrink-on-load)": { maxSide: 256, padMultiple: 32, kernel: undefined },
};

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  process.env.MODELZOO_HOME ??= path.join(os.homedir(), ".modelzoo");
  const people = corpus().filter((i) => i.kinds.some((k) => k === "people" || k === "group" || k === "portrait"));
  const results: { geometry: string; input: Record<string, unknown>; rows: AgreementRow[] }[] = [];
  for (const [geometry, input] of Object.entries(MULTIPOSE_GEOMETRIES)) {
    const rows = await bodyRows("movenet-multipose-coco-tfjs", people, console.log, input);
    results.push({ geometry, input, rows });
    for (const r of rows) {
      const v = r.values;
      console.log(`${geometry} | ${r.upstream} | mean distance ${(100 * v.meanDistance!).toFixed(3)}% of the diagonal | ${v.instances}/${v.upstreamPeople} upstream people paired (${v.ourPeople} ours), ${v.keypointsCompared} keypoints | ${r.pass ? "pass" : "FAIL"}`);
    }
  }
  const k = process.argv.indexOf("--out");
  if (k > 0) {
    fs.writeFileSync(process.argv[k + 1]!, `${JSON.stringify({ date: new Date().toISOString(), images: people.length, results }, null, 2)}\n`);
    console.log(`wrote ${process.argv[k + 1]}`);
  }
}
