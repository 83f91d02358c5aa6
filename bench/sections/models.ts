import pLimit from "p-limit";
import { decodeImage, ImageModel, loadZooModel, type Model } from "../../src/index.js";
import { bareContender } from "../contenders/bare.js";
import type { Contender, Role } from "../contenders/contender.js";
import { modelzooContender } from "../contenders/modelzoo.js";
import { photos } from "../photos.js";
import { summarize, timed, type Summary } from "../stats.js";
import { getZooModel, inCatalog, MODEL_CASES, type ModelCase } from "./model-cases.js";

/** One contender's throughput over the rounds. */
export interface ContenderResult {
  role: Role | "prepare";
  label: string;
  /** Images per second, one value per round. */
  imagesPerSec: Summary;
  /** What its last run found (detections, people, ...), as a check that it did the work. */
  found?: number;
}

/** A model case's result, or why it was skipped. */
export interface ModelCaseResult {
  name: string;
  skipped?: string;
  images?: number;
  rounds?: number;
  batchSize?: number;
  contenders?: ContenderResult[];
  /** Per-round ratios of images/s, measured interleaved (so both sides saw the same machine load). */
  ratios?: { modelzooOverBare?: Summary; modelzooOverPeer?: Summary };
}

/** Options of {@link benchModels}. */
export interface ModelBenchOptions {
  /** Images per round (the demo photos, cycled). */
  images: number;
  /** Rounds; each runs bare, modelzoo, peer (and decode+prepare alone) one after the other. */
  rounds: number;
  /** Only these zoo names (default: every case). */
  only?: readonly string[];
  /** Progress lines. */
  log: (line: string) => void;
}

/** Measures every model case: bare runtime vs modelzoo vs peer, interleaved round by round. */
export async function benchModels(options: ModelBenchOptions): Promise<ModelCaseResult[]> {
  const results: ModelCaseResult[] = [];
  for (const c of MODEL_CASES) {
    if (options.only && !options.only.includes(c.name)) continue;
    if (!inCatalog(c.name)) {
      options.log(`skipped: ${c.name} not in the catalog`);
      results.push({ name: c.name, skipped: `${c.name} not in the catalog` });
      continue;
    }
    results.push(await benchCase(c, options));
  }
  return results;
}

async function benchCase(c: ModelCase, options: ModelBenchOptions): Promise<ModelCaseResult> {
  const files = photos(options.images);
  const entry = getZooModel(c.name);
  const zooModel = await loadZooModel(c.name);
  const contenders: Contender[] = [];
  const notes: string[] = [];
  try {
    // The peer first: @vladmandic/human sets the wasm backend's file paths, which must precede its start.
    const config = await loadZooModel(c.name);
    const peer = await c.peer(files, config as ImageModel, entry);
    if (config instanceof ImageModel) contenders.push(await bareContender(config, files, { batchSize: zooModel.defaultBatchSize }));
    else notes.push("bare: the zoo model is not a configured ImageModel");
    contenders.push(await modelzooContender(zooModel, files, c.confidenceThresh === undefined ? {} : { confidenceThresh: c.confidenceThresh }));
    if (typeof peer === "string") notes.push(`peer skipped: ${peer}`);
    else contenders.push(peer);
    const prepare = prepareOnly(config, files);
    const perRound = new Map<string, number[]>();
    const ratioBare: number[] = [];
    const ratioPeer: number[] = [];
    for (let r = 0; r < options.rounds; r++) {
      const ips = new Map<string, number>();
      for (const k of contenders) ips.set(k.role, files.length / (await timed(() => k.run())));
      if (prepare) ips.set("prepare", files.length / (await timed(prepare)));
      for (const [role, v] of ips) perRound.set(role, [...(perRound.get(role) ?? []), v]);
      const mz = ips.get("modelzoo")!;
      if (ips.has("bare")) ratioBare.push(mz / ips.get("bare")!);
      if (ips.has("peer")) ratioPeer.push(mz / ips.get("peer")!);
      options.log(`${c.name} round ${r + 1}/${options.rounds}: ${[...ips].map(([k, v]) => `${k} ${v.toFixed(2)}`).join(", ")} images/s`);
    }
    const out: ContenderResult[] = [];
    for (const k of contenders) {
      const found = await k.found();
      out.push({ role: k.role, label: k.label, imagesPerSec: summarize(perRound.get(k.role)!), ...(found === undefined ? {} : { found }) });
    }
    if (prepare) out.push({ role: "prepare", label: "decode + prepare only (modelzoo's pipeline, no inference)", imagesPerSec: summarize(perRound.get("prepare")!) });
    for (const n of notes) options.log(`${c.name}: ${n}`);
    return {
      name: c.name,
      images: files.length,
      rounds: options.rounds,
      batchSize: zooModel.defaultBatchSize,
      contenders: out,
      ratios: {
        ...(ratioBare.length ? { modelzooOverBare: summarize(ratioBare) } : {}),
        ...(ratioPeer.length ? { modelzooOverPeer: summarize(ratioPeer) } : {}),
      },
      ...(notes.length ? { skipped: notes.join("; ") } : {}),
    };
  } finally {
    for (const k of contenders) await k.dispose();
    await zooModel.dispose();
  }
}

/** Decode + prepare of every file with the pipeline's concurrency (4), no inference: what must hide behind it. */
function prepareOnly(model: Model, files: readonly string[]): (() => Promise<void>) | undefined {
  if (!(model instanceof ImageModel)) return undefined;
  const limit = pLimit(4);
  return async () => {
    await Promise.all(files.map((f) => limit(async () => (model.prepareFile ? model.prepareFile(f) : model.prepare(await decodeImage(f))))));
  };
}
