import { z } from "zod";
import { ImageInputSchema } from "../../models/index.js";
import { processorFamily, processorSpecIssues } from "../../processors/index.js";
import { BinaryNameSchema, PackageRangesSchema, RelativePathSchema, unsafePathReason } from "./safe-specs.js";
import "./sources/builtin-sources.js";
import { parseModelSource, type ModelSource } from "./sources/source-registry.js";

/**
 * The zod schema of a zoo manifest: data, not code. Each entry says what a model is,
 * where its files come from (with the sha256 and size of each), what it needs
 * installed, and how to run it (input preparation and output processor).
 */

export { AssembledFileSchema, ModelFileSchema, RemoteModelFileSchema } from "./file-schemas.js";

/**
 * Where the files come from: `{ type, ... }` checked by the schema of the source kind
 * registered for `type` (`registerModelSource`; built in: npm, http, hf, dir), so a
 * bad source is reported with the entry and the field when the catalog loads.
 */
export const ModelSourceSchema = z.looseObject({ type: z.string().min(1) }).transform((value, ctx): ModelSource => {
  const parsed = parseModelSource(value);
  if ("issues" in parsed) {
    for (const issue of parsed.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
    return z.NEVER;
  }
  return parsed.source;
});

/** How images become the model's input: the models layer's `ImageInputSchema` (one definition for both). */
export const ModelInputSchema = ImageInputSchema;

/**
 * The output processor: a family registered by its processor module (see
 * `registerProcessor`) and options that family's schema accepts. Checked when the
 * catalog loads, so a bad option is reported with the entry and the field.
 */
export const ProcessorSpecSchema = z
  .strictObject({
    /** A registered family, e.g. "yolo" (see `processorTypes()`). */
    type: z.string().min(1),
    options: z.record(z.string(), z.unknown()).default({}),
  })
  .superRefine((spec, ctx) => {
    for (const issue of processorSpecIssues(spec.type, spec.options)) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
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

/** How a super-resolution entry runs (UpscalerJS's model definition and tiling). */
export const UpscaleSpecSchema = z.strictObject({
  /** Output side / input side. */
  scale: z.union([z.literal(2), z.literal(3), z.literal(4), z.literal(8)]),
  /** Pixel range in and out: 255 (0–255 as they are) or 1 (divided by 255). */
  valueRange: z.union([z.literal(1), z.literal(255)]),
  /** Side of the windows a large image is cut into (default: the whole image at once). */
  patchSize: z.number().int().positive().optional(),
  /** Overlap of the windows on each inner edge (less than half of `patchSize`). Default 0. */
  padding: z.number().int().nonnegative().optional(),
});

/** One catalog entry. */
export const ZooModelEntrySchema = z
  .strictObject({
  /** `<architecture>-<training data>-<framework>`. */
  name: z.string().regex(/^[a-z0-9][a-z0-9.-]*-(onnx|tfjs)$/, "must be <architecture>-<data>-<framework>, lower case, ending in -onnx or -tfjs"),
  /**
   * The model's version (FiftyOne's `name@version`): several entries may share a name
   * with different versions; a bare name means the newest. Built-in npm entries carry
   * the version of the package their weights come from.
   */
  version: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+_-]*$/, "must be letters, digits, '.', '+', '_' or '-'").optional(),
  /** When the entry joined the catalog (ISO date, e.g. "2026-01-31"). */
  dateAdded: z.iso.date().optional(),
  /** Who made the model (people or organisation). */
  author: z.string().min(1).optional(),
  description: z.string().min(1),
  tags: z.array(z.string().min(1)).min(1),
  framework: z.enum(["onnx", "tfjs"]),
  source: ModelSourceSchema,
  /** Total size of the files (left out while a file's size is not pinned). */
  sizeBytes: z.number().int().nonnegative().optional(),
  requirements: z.strictObject({
    /** npm packages and the semver ranges that work (validated by npm's own name and range rules). */
    packages: PackageRangesSchema.default({}),
    /** System binaries, e.g. ffmpeg (program names, never paths or commands). */
    binaries: z.array(BinaryNameSchema).default([]),
  }),
  /** The file to load (model.json or .onnx), one of the source's files. */
  modelFile: RelativePathSchema,
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
      modelFile: RelativePathSchema,
      /** The Hugging Face `tokenizer.json`, one of the source's files. */
      tokenizerFile: RelativePathSchema,
      /** The `tokenizer_config.json`, one of the source's files (optional). */
      tokenizerConfigFile: RelativePathSchema.optional(),
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
  /**
   * Other names the model loads by (e.g. FiftyOne's `faster-rcnn-resnet50-fpn-coco-torch`
   * for the ONNX export of the same weights); a name of another entry wins over an alias.
   */
  /**
   * A Segment Anything model (SAM, SlimSAM): `modelFile` is the image encoder, this the
   * prompt encoder + mask decoder; it is applied with a `promptField` (see `OnnxSamModel`).
   */
  sam: z.strictObject({ decoderFile: RelativePathSchema }).optional(),
  /**
   * A super-resolution model (see `TfjsUpscalerModel`): a fully convolutional TF.js Layers
   * model whose output is `scale` times the input on each side, returned as an `ImageOutput`.
   * `input.width`/`height` are then the window size it was trained on (documentation only).
   */
  upscale: UpscaleSpecSchema.optional(),
  aliases: z.array(z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "must be lower case letters, digits, '.' and '-'")).optional(),
  })
  .superRefine((entry, ctx) => {
    // The side files the processor reads must be among the files that are downloaded and verified.
    for (const file of processorFiles(entry)) {
      const reason = unsafePathReason(file);
      if (reason !== undefined) ctx.addIssue({ code: "custom", path: ["processor", "options"], message: `side file "${file}" ${reason}` });
      else if (!entry.source.files.some((f) => f.path === file)) {
        ctx.addIssue({ code: "custom", path: ["processor", "options"], message: `side file "${file}" is not one of the source's files; list it there (with its sha256 and size)` });
      }
    }
  });

/** The side files an entry's processor options name (e.g. a dictionary), each a path inside the model's folder. */
export function processorFiles(entry: Pick<ZooModelEntry, "processor">): string[] {
  if (!entry.processor) return [];
  const family = processorFamily(entry.processor.type);
  const parsed = family?.options.safeParse(entry.processor.options);
  return family?.files && parsed?.success ? [...family.files(parsed.data)] : [];
}

/**
 * Fields shared by a manifest's entries, merged into each before it is validated:
 * `source` fields (e.g. `type`, `package`, `version`, `integrity` of one npm package;
 * each entry still lists its `files`) and `requirements` (packages merged, entry wins).
 */
export const ManifestDefaultsSchema = z.strictObject({
  source: z.record(z.string(), z.unknown()).optional(),
  requirements: z
    .strictObject({
      packages: PackageRangesSchema.optional(),
      binaries: z.array(BinaryNameSchema).optional(),
    })
    .optional(),
});

/** A manifest file: shared `defaults` and a list of entries. */
export const ZooManifestSchema = z.strictObject({
  defaults: ManifestDefaultsSchema.optional(),
  models: z.array(ZooModelEntrySchema),
});

/** A validated catalog entry. */
export type ZooModelEntry = z.infer<typeof ZooModelEntrySchema>;
export type { AssembledFile, ModelFile, RemoteModelFile } from "./file-schemas.js";
export type { ModelSource } from "./sources/source-registry.js";
