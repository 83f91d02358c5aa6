import { z } from "zod";
import { HfPreprocessSchema } from "./hf-preprocess.js";
import { inputGeometryProblem } from "./max-side.js";

const rgb = z.tuple([z.number(), z.number(), z.number()]);

/**
 * How images become a model's input tensor: the one definition of the input
 * configuration, used by `ImageModel` (as {@link ImageInputConfig}) and by the zoo's
 * manifests (the `input` field), so the two cannot drift apart.
 */
export const ImageInputSchema = z.strictObject({
  /** Input tensor name (default: the graph's first input). */
  name: z.string().min(1).optional(),
  /** Input width in pixels. */
  width: z.number().int().positive(),
  /** Input height in pixels. */
  height: z.number().int().positive(),
  /** `"nchw"` (ONNX/PyTorch exports) or `"nhwc"` (TensorFlow). */
  layout: z.enum(["nchw", "nhwc"]),
  /** `"fill"` (default) or `"letterbox"`. */
  resize: z.enum(["fill", "letterbox"]).optional(),
  /**
   * Letterbox only: the input may be wider than `width`, up to this, as wide as the image
   * scaled to `height` needs (PaddleOCR's recognizer, which pads a line to its own aspect,
   * not to a fixed width). Such images run one at a time. Default: `width`, fixed.
   */
  maxWidth: z.number().int().positive().optional(),
  /** Where letterboxed content sits: `"center"` (default) or `"start"` (top-left, padded right and bottom). */
  align: z.enum(["center", "start"]).optional(),
  /** Letterbox padding value, one for all channels or one per channel (0–255). Default 0. */
  padValue: z.union([z.number(), rgb]).optional(),
  /** Pixel scale before mean/std. Default 1/255. */
  scale: z.number().optional(),
  /** Per-channel mean after scaling. Default [0, 0, 0]. */
  mean: rgb.optional(),
  /** Per-channel std after scaling. Default [1, 1, 1]. */
  std: rgb.optional(),
  /**
   * Colour channels the graph takes: 3 (default, RGB) or 1, the luma of the normalized
   * RGB values (BT.601 weights; e.g. grayscale emotion and gender classifiers).
   */
  channels: z.union([z.literal(1), z.literal(3)]).optional(),
  /** `"bgr"` for graphs trained on OpenCV-decoded (blue-first) images. Default `"rgb"`. */
  channelOrder: z.enum(["rgb", "bgr"]).optional(),
  /** Element type the graph takes: `"float32"` (default) or `"int32"` (e.g. MoveNet's raw 0–255 pixels). */
  dtype: z.enum(["float32", "int32"]).optional(),
  /**
   * Resampling kernel (sharp's names). Default `"linear"` (antialiased bilinear);
   * `"nearest"` matches models whose authors resize without antialiasing (nsfwjs uses
   * TF.js's `resizeBilinear`, which samples without smoothing); `"tfjs-bilinear"` is
   * TF.js's `resizeBilinear` itself, `"tfjs-bilinear-aligned"` with `alignCorners` (see `ResizeOptions.kernel`).
   */
  kernel: z.enum(["nearest", "linear", "cubic", "lanczos3", "tfjs-bilinear", "tfjs-bilinear-aligned"]).optional(),
  /**
   * Name of a pixel-mask input, `[N, H, W]` with 1 where the image is and 0 over letterbox
   * padding (e.g. DETR's `"pixel_mask"`); fed only when the graph has such an input.
   */
  maskInput: z.string().min(1).optional(),
  /**
   * Resize so that the shorter side is this many pixels (keeping the aspect ratio, the
   * longer side rounded), then take the centred `width`×`height` crop: torchvision's
   * `Resize(n)` + `CenterCrop`, the ONNX Model Zoo's `imagenet_preprocess.py`.
   */
  resizeShortest: z.number().int().positive().optional(),
  /**
   * Input of the image's own size (graphs with dynamic height and width, e.g. the ONNX
   * Model Zoo's Faster/Mask R-CNN): scale so the shorter side is this many pixels
   * (each side truncated, as `int(ratio * size)`), then pad right and bottom with zeros
   * (after normalization) to a multiple of `padMultiple`. `width`/`height` are then only
   * the size of the warm-up run. Such images run one at a time.
   */
  minSide: z.number().int().positive().optional(),
  /** With `minSide` or `maxSide`: pad each side up to a multiple of this (e.g. 32). Default 1. */
  padMultiple: z.number().int().positive().optional(),
  /**
   * Input of the image's own aspect ratio: scale so the longer side is this many pixels
   * (a landscape's width; a portrait's or a square's height), the other side rounded
   * (`Math.round`), then pad right and bottom with `padValue` (before normalization) up
   * to a multiple of `padMultiple` on each side. This is `@tensorflow-models/pose-detection`'s
   * MoveNet MultiPose input (`multiPoseMaxDimension`, default 256, sides multiples of 32;
   * with `kernel: "tfjs-bilinear"` its resize too). Points map back by the content's scale
   * on each axis. `width`/`height` are then only the size of the warm-up run; `resize` is
   * not used. Images of equal input size run together in a batch. Excludes `minSide`,
   * `resizeShortest`, `hf` and `maxWidth`.
   */
  maxSide: z.number().int().positive().optional(),
  /** The graph takes one image without a batch dimension (`[C, H, W]`); its outputs have none either. Default false. */
  unbatched: z.boolean().optional(),
  /**
   * A Hugging Face image processor's geometry (`preprocessor_config.json`: shortest-edge
   * resize, center crop, pad...) instead of `resize`/`kernel`; `width`/`height` are then
   * the nominal input size (warm-up), and each image's tensor has the size the processor
   * gives it (see `HfPreprocess`).
   */
  hf: HfPreprocessSchema.optional(),
}).superRefine((input, ctx) => {
  const problem = inputGeometryProblem(input);
  if (problem) ctx.addIssue({ code: "custom", path: ["maxSide"], message: problem });
});

/** How images become the model's input tensor (the type of {@link ImageInputSchema}). */
export type ImageInputConfig = z.infer<typeof ImageInputSchema>;
