import { z } from "zod";
import { Detection, Detections } from "../labels/index.js";
import { BlazeFaceProcessor, BLAZEFACE_KEYPOINT_NAMES, blazeFaceOptionShape, type BlazeFaceOptions } from "./blazeface.js";
import type { DecodeContext, OutputTensor } from "./processor-types.js";
import { registerProcessor } from "./registry.js";

/** Options of {@link BlazeFaceEyesProcessor}: BlazeFace's, plus the size of the eye boxes. */
export interface BlazeFaceEyesOptions extends BlazeFaceOptions {
  /** Side of an eye box, as a multiple of the distance between the two eyes. Default 1. */
  eyeBoxScale?: number;
}

const RIGHT_EYE = BLAZEFACE_KEYPOINT_NAMES.indexOf("right_eye");
const LEFT_EYE = BLAZEFACE_KEYPOINT_NAMES.indexOf("left_eye");

/**
 * Eyes from BlazeFace: for each face {@link BlazeFaceProcessor} finds, a square
 * `right_eye` and `left_eye` box (the person's right and left) centred on its eye
 * keypoint, `eyeBoxScale` × the distance between the eyes on a side — the patches an eye
 * model runs on. MediaPipe's iris pipeline cuts its eye patches from the eye corners of
 * the face mesh (2.3 × the eye's width, human's src/face/iris.ts `getEyeBox`); an eye is
 * about half as wide as the distance between the eyes, so one such distance is close.
 * Each eye box carries its face's score and index.
 */
export class BlazeFaceEyesProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];
  private readonly faces: BlazeFaceProcessor;

  /** @param options - BlazeFace's options and the eye-box scale */
  constructor(private readonly options: BlazeFaceEyesOptions) {
    this.faces = new BlazeFaceProcessor(options);
    this.outputNames = this.faces.outputNames;
  }

  /** Eye boxes of the image at `ctx.index`, two per face. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): Detections {
    const { detections, keypoints } = this.faces.process(outputs, ctx);
    const scale = this.options.eyeBoxScale ?? 1;
    const eyes = keypoints.keypoints.flatMap((face) => {
      const [right, left] = [face.points[RIGHT_EYE], face.points[LEFT_EYE]];
      if (!right || !left) return [];
      // In pixels, so that the box is square in the image.
      const side = scale * Math.hypot((left[0] - right[0]) * ctx.imageWidth, (left[1] - right[1]) * ctx.imageHeight);
      const [w, h] = [side / ctx.imageWidth, side / ctx.imageHeight];
      const confidence = detections.detections[face.index!]?.confidence;
      return (
        [
          ["right_eye", right],
          ["left_eye", left],
        ] as const
      ).map(([label, [x, y]]) => new Detection({ label, boundingBox: clampBox([x - w / 2, y - h / 2, w, h]), confidence, index: face.index }));
    });
    return new Detections({ detections: eyes });
  }
}

/** A relative box cut to the image. */
function clampBox([x, y, w, h]: readonly [number, number, number, number]): [number, number, number, number] {
  const [x1, y1] = [Math.max(0, x), Math.max(0, y)];
  const [x2, y2] = [Math.min(1, x + w), Math.min(1, y + h)];
  return [x1, y1, Math.max(0, x2 - x1), Math.max(0, y2 - y1)];
}

/** The options of {@link BlazeFaceEyesProcessor} as a manifest gives them (`processor.type: "blazeface-eyes"`). */
export const BlazeFaceEyesOptionsSchema: z.ZodType<BlazeFaceEyesOptions> = z.strictObject({ ...blazeFaceOptionShape(), eyeBoxScale: z.number().positive().optional() });

registerProcessor({ type: "blazeface-eyes", options: BlazeFaceEyesOptionsSchema, create: (options) => new BlazeFaceEyesProcessor(options) });
