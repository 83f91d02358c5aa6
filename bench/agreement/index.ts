// npm run agreement: every covered npm-sourced model against its upstream library on the
// corpus (bench/agreement/corpus.ts). Writes bench/agreement/results.json and the README
// table (scripts/agreement-table.ts, written by scripts/readme-tables.ts). Run: npm run agreement [-- --only <model-substring>]
// (--only reruns the matching families and replaces their rows in results.json; --reasons
// runs nothing and gives the last results the current reasons.ts).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { corpus } from "./corpus.js";
import { BODY_MODELS, bodyRows } from "./body.js";
import { faceApiCropRows, faceApiRows, tinyFaceRows } from "./face-api.js";
import { blazefaceRows, handRows, objectRows } from "./human.js";
import { faceAttributeRows, facemeshRows } from "./human-face.js";
import { blazefaceEyesRows, irisRows } from "./human-eyes.js";
import { imglyRows } from "./imgly.js";
import { nsfwRows } from "./nsfw.js";
import { ocrRows } from "./ocr.js";
import { nanodetWithHumanDecoding } from "./nanodet-human.js";
import { REASONS } from "./reasons.js";
import { segmentationRows } from "./segmentation.js";
import { UPSCALER_MODELS, upscalerRows } from "./upscaler.js";
import type { AgreementResults, AgreementRow } from "./rows.js";

export const RESULTS_FILE = path.join(import.meta.dirname, "results.json");

/** Human's object module defaults (minConfidence 0.2, iouThreshold 0.4, maxDetected 10, NMS across classes), given to both sides. */
const OBJECT_OPTIONS = { minScore: 0.2, iouThreshold: 0.4, maxDetections: 10, classAgnostic: true };
const HUMAN_OBJECT = { minConfidence: 0.2, iouThreshold: 0.4, maxDetected: 10 };

/** The ESRGAN entries of one size (slim, medium, thick). */
const esrgan = (size: string) => Object.keys(UPSCALER_MODELS).filter((m) => m.startsWith(`esrgan-${size}-`));
/** The corpus images the slow RRDN ("thick") models are compared on: a portrait, an animal, a page, grayscale, a building, objects. */
const THICK_IMAGES = ["skimage-astronaut", "opencv-baboon", "skimage-text", "skimage-camera", "opencv-building", "opencv-fruits"];

/** The families of rows: a name (matched by --only) and how to compute its rows. */
function families(log: (s: string) => void): [string, () => Promise<AgreementRow[]>][] {
  const images = corpus();
  const text = images.filter((i) => i.kinds.includes("text"));
  const people = images.filter((i) => i.kinds.some((k) => k === "people" || k === "group" || k === "portrait"));
  const face = (which: Parameters<typeof faceAttributeRows>[0]) => () => faceAttributeRows(which, images, log);
  return [
    ["paddleocr-v4-rec-ch-onnx", () => ocrRows(text, log)],
    ["blazeface-back-mediapipe-tfjs", () => blazefaceRows(images, log)],
    ["centernet-coco-tfjs", async () => [await objectRows("centernet-coco-tfjs", "centernet.json", images, log, OBJECT_OPTIONS, HUMAN_OBJECT)]],
    ["nanodet-coco-tfjs", async () => [await objectRows("nanodet-coco-tfjs", "nanodet.json", images, log, OBJECT_OPTIONS, HUMAN_OBJECT, () => Promise.resolve(nanodetWithHumanDecoding(0.2, 0.4, 10)))]],
    ["handlandmark-lite-mediapipe-tfjs", () => handRows("handlandmark-lite-mediapipe-tfjs", "handlandmark-lite.json", people, log)],
    ["handlandmark-full-mediapipe-tfjs", () => handRows("handlandmark-full-mediapipe-tfjs", "handlandmark-full.json", people, log)],
    ["ssd-mobilenet-v1-wider-face-tfjs", () => faceApiRows(images, log)],
    ["nsfw-tfjs (mobilenet-v2, mobilenet-v2-mid, inception-v3)", () => nsfwRows(images, log)],
    ["isnet-general-use-imgly-onnx", () => imglyRows(images, log)],
    ["emotion-fer2013-tfjs", face("emotion")],
    ["antispoof-human-tfjs", face("antispoof")],
    ["liveness-human-tfjs", face("liveness")],
    ["faceres-vggface2-tfjs", face("faceres")],
    ["faceres-deep-vggface2-tfjs", face("faceres-deep")],
    ["ssrnet-gender-imdb-tfjs", face("ssrnet-gender")],
    ["ssrnet-age-tfjs", face("ssrnet-age")],
    ["facemesh-mediapipe-tfjs", () => facemeshRows(images, log)],
    ["tiny-face-detector-wider-face-tfjs", () => tinyFaceRows(images, log)],
    ["face-api crop nets (landmarks 68 and tiny, expression, age-gender, recognition)", () => faceApiCropRows(people, log)],
    ...Object.keys(BODY_MODELS).map((entry): [string, () => Promise<AgreementRow[]>] => [entry, () => bodyRows(entry, people, log)]),
    ["selfie-mediapipe-tfjs", () => segmentationRows("selfie-mediapipe-tfjs", "selfie.json", people, log)],
    ["meet-mediapipe-tfjs", () => segmentationRows("meet-mediapipe-tfjs", "meet.json", people, log)],
    ["blazeface-front-mediapipe-tfjs", () => blazefaceRows(images, log, "front")],
    ["blazeface-eyes-mediapipe-tfjs", () => blazefaceEyesRows(images, log)],
    ["iris-mediapipe-tfjs", () => irisRows(images, log)],
    ["isnet-small-general-use-imgly-onnx", () => imglyRows(images, log, {}, "small")],
    ["esrgan-slim-div2k-tfjs (x2, x3, x4, x8)", () => upscalerRows(esrgan("slim"), images, log)],
    ["esrgan-medium-div2k-tfjs (x2, x3, x4, x8)", () => upscalerRows(esrgan("medium"), images, log)],
    // RRDN runs about ten times slower than the RDN models on TF.js's wasm backend: six images of different kinds.
    ["esrgan-thick-div2k-tfjs (x2, x3, x4, x8)", () => upscalerRows(esrgan("thick"), images.filter((i) => THICK_IMAGES.includes(i.name)), log)],
  ];
}

/**
 * Runs every family whose name contains `only` (all without it), each in a child process of
 * its own: human and face-api keep one model per module, so two families that run the same
 * module with different weights (FaceRes and FaceRes-deep) cannot share a process.
 */
export async function runAgreement(log: (s: string) => void = console.log, only?: string): Promise<AgreementResults> {
  const rows: AgreementRow[] = [];
  for (const [name] of families(log)) {
    if (only && !name.includes(only)) continue;
    const started = Date.now();
    log(`${name}…`);
    rows.push(...withReasons(await runFamilyInChild(name)));
    log(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return { corpusImages: corpus().length, rows };
}

/** One family in a child process (this file with --family): its rows, read from a temporary file. */
async function runFamilyInChild(name: string): Promise<AgreementRow[]> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "modelzoo-agreement-")), "rows.json");
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", import.meta.filename, "--family", name, "--out", out], { stdio: "inherit" });
      child.on("error", reject);
      child.on("exit", resolve);
    });
    if (code !== 0) throw new Error(`agreement family ${name} failed (exit code ${code})`);
    return JSON.parse(fs.readFileSync(out, "utf8")) as AgreementRow[];
  } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

/** Rows that miss their threshold get their measured reason from reasons.ts (others none). */
function withReasons(rows: readonly AgreementRow[]): AgreementRow[] {
  return rows.map(({ reason: _old, ...row }) => {
    const reason = REASONS[`${row.model}/${row.measure}`];
    return row.pass || !reason ? row : { ...row, reason };
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  process.env.MODELZOO_HOME ??= path.join(os.homedir(), ".modelzoo");
  const arg = (flag: string) => {
    const k = process.argv.indexOf(flag);
    return k > 0 ? process.argv[k + 1] : undefined;
  };
  const family = arg("--family");
  if (family) {
    // A child of runAgreement: one family, its rows to --out.
    const run = families(console.log).find(([name]) => name === family);
    if (!run) throw new Error(`no agreement family named ${family}`);
    fs.writeFileSync(arg("--out")!, JSON.stringify(await run[1]()));
    process.exit(0);
  }
  const i = process.argv.indexOf("--only");
  const only = i > 0 ? process.argv[i + 1] : undefined;
  // --reasons: no run; the last results get the current reasons.ts (after editing a reason).
  const results = process.argv.includes("--reasons") ? { corpusImages: corpus().length, rows: [] } : await runAgreement(console.log, only);
  if ((only || process.argv.includes("--reasons")) && fs.existsSync(RESULTS_FILE)) {
    // Only some families ran: their rows replace the same models' rows of the last full run.
    const previous = JSON.parse(fs.readFileSync(RESULTS_FILE, "utf8")) as AgreementResults;
    const key = (r: AgreementRow) => `${r.model}/${r.upstream}/${r.measure}`;
    const fresh = new Map(results.rows.map((r) => [key(r), r]));
    const merged = previous.rows.map((r) => fresh.get(key(r)) ?? r);
    results.rows = [...merged, ...results.rows.filter((r) => !previous.rows.some((p) => key(p) === key(r)))];
  }
  results.rows = withReasons(results.rows);
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  const { writeReadmeTables } = await import("../../scripts/readme-tables.js");
  writeReadmeTables(["agreement-table"]);
  console.log(`wrote ${path.relative(process.cwd(), RESULTS_FILE)} and the README table`);
}
