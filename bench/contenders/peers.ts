import os from "node:os";
import { Worker } from "node:worker_threads";
import type { Contender } from "./contender.js";
import { faceApiContender } from "./face-api.js";
import { gutenyeContender } from "./gutenye.js";
import { humanContender, type HumanTask } from "./human.js";
import { imglyContender } from "./imgly.js";
import { nsfwjsContender } from "./nsfwjs.js";
import { paddleOrtContender } from "./paddle-ort.js";
import { poseDetectionContender } from "./pose-detection.js";
import type { TunedDecode } from "./peer-tensor.js";

/** A peer library and its settings: plain data, so that a worker thread can build the same peer. */
export type PeerSpec =
  | { kind: "human"; task: HumanTask }
  | { kind: "face-api"; minConfidence: number }
  | { kind: "nsfwjs"; modelName: string }
  | { kind: "paddle-ort"; modelPath: string; size: number }
  | { kind: "gutenye"; detectSize: number }
  | { kind: "imgly"; size: number }
  | { kind: "pose-detection"; variant: "lightning" | "multipose"; minScore: number };

/** True for the peers that run TF.js's wasm backend (single-threaded in Node: one core per instance). */
export function isTfjsPeer(spec: PeerSpec): boolean {
  return spec.kind === "human" || spec.kind === "face-api" || spec.kind === "nsfwjs" || spec.kind === "pose-detection";
}

/**
 * The peer as its documentation shows it (`tuned` undefined), or "done well" in this
 * process (`tuned`: decoded at the model's size, one photo decoded ahead; for the ONNX
 * peers, two photos in flight).
 */
export async function makePeer(spec: PeerSpec, files: readonly string[], tuned?: TunedDecode): Promise<Contender | string> {
  switch (spec.kind) {
    case "human":
      return humanContender(spec.task, files, tuned);
    case "face-api":
      return faceApiContender(files, spec.minConfidence, tuned);
    case "nsfwjs":
      return (await nsfwjsContender(files, spec.modelName, tuned)) ?? "nsfwjs is not installed (npm install -D nsfwjs)";
    case "paddle-ort":
      return paddleOrtContender(spec.modelPath, files, spec.size, os.availableParallelism(), tuned !== undefined);
    case "gutenye":
      return gutenyeContender(files, tuned ? { detectSize: spec.detectSize } : undefined);
    case "imgly":
      return imglyContender(files, tuned ? { size: spec.size } : undefined);
    case "pose-detection":
      return poseDetectionContender(spec.variant, files, spec.minScore, tuned);
  }
}

type ToPeerWorker = { type: "run" } | { type: "dispose" };
type FromPeerWorker = { type: "ready"; label: string } | { type: "ran"; found: number | undefined } | { type: "error"; message: string };

const WORKER_URL = new URL("./peer-worker.ts", import.meta.url);

/**
 * "Done well" for a TF.js peer: `instances` copies of it, each in its own worker thread
 * with its own TF.js wasm backend (the only way a wasm peer uses more than one core),
 * each decoding at the model's size with one photo decoded ahead, the photos dealt out
 * round-robin. Resolves to a reason string when a worker cannot start the peer.
 */
export async function peerInWorkers(spec: PeerSpec, files: readonly string[], tuned: TunedDecode, instances: number): Promise<Contender | string> {
  const shares = Array.from({ length: instances }, (_, k) => files.filter((_, i) => i % instances === k)).filter((s) => s.length > 0);
  const workers = shares.map(
    (share) =>
      new Worker(`import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`, {
        eval: true,
        workerData: { spec, files: share, tuned },
      }),
  );
  const next = (w: Worker) =>
    new Promise<FromPeerWorker>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`peer worker exited with code ${code}`));
      w.once("exit", onExit);
      w.once("message", (m: FromPeerWorker) => {
        w.off("exit", onExit);
        resolve(m);
      });
    });
  const terminate = () => Promise.all(workers.map((w) => w.terminate()));
  let ready: FromPeerWorker[];
  try {
    ready = await Promise.all(workers.map(next));
  } catch (err) {
    await terminate();
    return `the peer could not start in a worker thread: ${(err as Error).message}`;
  }
  const failed = ready.find((m) => m.type === "error");
  if (failed?.type === "error") {
    await terminate();
    return `the peer could not start in a worker thread: ${failed.message}`;
  }
  const label = ready[0]!.type === "ready" ? ready[0]!.label : "";
  let found: number | undefined;
  return {
    role: "peer-tuned",
    label: `${workers.length} × ${label}, one per worker thread`,
    async run() {
      const replies = await Promise.all(
        workers.map((w) => {
          const reply = next(w);
          w.postMessage({ type: "run" } satisfies ToPeerWorker);
          return reply;
        }),
      );
      const bad = replies.find((m) => m.type === "error");
      if (bad?.type === "error") throw new Error(`peer worker: ${bad.message}`);
      found = replies.reduce<number | undefined>((n, m) => (m.type === "ran" && m.found !== undefined ? (n ?? 0) + m.found : n), undefined);
    },
    found: () => Promise.resolve(found),
    async dispose() {
      await terminate();
    },
  };
}

export type { ToPeerWorker, FromPeerWorker };
