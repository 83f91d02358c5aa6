import { z } from "zod";
import { Keypoint } from "../labels/index.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { ProcessorOutputError } from "./errors.js";
import { fraction, outputName, registerProcessor } from "./registry.js";

/** Options of {@link FaceMeshProcessor}. */
export interface FaceMeshOptions {
  /** The mesh, 468 × (x, y, z) in input pixels: `[N, 1404]` or `[N, 1, 1, 1404]`. Default `"Identity_2:0"` (facemesh). */
  mesh?: string;
  /** The face flag, `[N, 1]`: the probability that the patch holds a face. Default `"Identity_1:0"`. */
  score?: string;
  /** Patches whose face flag is below this give no mesh. Default 0.5. */
  minScore?: number;
}

/** Points in the MediaPipe face mesh. */
export const FACE_MESH_POINTS = 468;

/**
 * MediaPipe FaceMesh on a face patch (192×192, RGB in [0, 1]): 468 landmarks as
 * (x, y, z) in input pixels, and a face flag (@vladmandic/human src/face/facemesh.ts reads
 * the 1404-value output as `[-1, 3]` rows and keeps `x`, `y` as pixel positions in the
 * crop). Gives one `Keypoint` labelled `face` with the 468 points relative to the patch
 * (z is dropped) and the face flag in `attributes.face_score`; `null` below `minScore`.
 */
export class FaceMeshProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];
  private readonly mesh: string;
  private readonly score: string;

  /** @param options - output names and threshold */
  constructor(private readonly options: FaceMeshOptions = {}) {
    this.mesh = options.mesh ?? "Identity_2:0";
    this.score = options.score ?? "Identity_1:0";
    this.outputNames = [this.mesh, this.score];
  }

  /** The face mesh of the patch at `ctx.index`, or null when the model sees no face. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): Keypoint | null {
    const mesh = requireOutput(outputs, this.mesh, "FaceMeshProcessor"); // [N, 1404] or [N, 1, 1, 1404]
    const score = requireOutput(outputs, this.score, "FaceMeshProcessor").data[ctx.index]!; // [N, 1]
    const row = FACE_MESH_POINTS * 3;
    if (mesh.data.length / mesh.dims[0]! !== row) throw new ProcessorOutputError(`FaceMeshProcessor: output ${this.mesh} has shape ${JSON.stringify(mesh.dims)}, not ${row} values per face.`);
    if (score < (this.options.minScore ?? 0.5)) return null;
    const point = (x: number, y: number) => ctx.toSourcePoint([x / ctx.inputWidth, y / ctx.inputHeight]);
    const points = Array.from({ length: FACE_MESH_POINTS }, (_, i) => point(mesh.data[ctx.index * row + 3 * i]!, mesh.data[ctx.index * row + 3 * i + 1]!));
    return new Keypoint({ label: "face", points, attributes: { face_score: score } });
  }
}

/** The options of {@link FaceMeshProcessor} as a manifest gives them (`processor.type: "facemesh"`). */
export const FaceMeshOptionsSchema: z.ZodType<FaceMeshOptions> = z.strictObject({ mesh: outputName.optional(), score: outputName.optional(), minScore: fraction.optional() });

registerProcessor({ type: "facemesh", options: FaceMeshOptionsSchema, create: (options) => new FaceMeshProcessor(options) });
