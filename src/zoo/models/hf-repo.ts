import fs from "node:fs";
import path from "node:path";
import { HfConfigError, ModelNotDownloadedError } from "../errors.js";
import { downloadEntry } from "./download.js";
import { imageInputFromPreprocessorConfig } from "./hf-config.js";
import type { ZooModelEntry } from "./manifest-schema.js";
import { isComplete, modelDir } from "./model-cache.js";

/*
 * `hf:<owner>/<name>[@revision]`: any ONNX export on the Hugging Face hub by name
 * (FiftyOne's `*-transformer-torch` models with `name_or_path`), without a manifest
 * entry. The repository's config.json says the task (from `architectures`) and the
 * labels (`id2label`); its preprocessor_config.json how images are prepared. Files are
 * downloaded from `$HF_ENDPOINT` (default https://huggingface.co) like any hub entry's
 * and trusted on first use (their sizes and sha256 are locked by the first download).
 */

/** What `hf:` can run, by the suffix of the repository's architecture (config.json `architectures[0]`). */
export const HF_TASKS = [
  { suffix: "ForImageClassification", task: "image-classification" },
  { suffix: "ForObjectDetection", task: "object-detection" },
  { suffix: "ForSemanticSegmentation", task: "semantic-segmentation" },
  { suffix: "ForDepthEstimation", task: "depth-estimation" },
  { suffix: "CLIPModel|SiglipModel", task: "zero-shot-image-classification" },
  { suffix: "DetrForSegmentation|MaskFormerForInstanceSegmentation|Mask2FormerForUniversalSegmentation", task: "panoptic-segmentation" },
  { suffix: "Model", task: "image-feature-extraction" },
] as const;

/** A task `hf:` can run. */
export type HfTask = (typeof HF_TASKS)[number]["task"];

/** Model types decoded with a sigmoid per class (focal-loss detectors), not DETR's softmax with "no object". */
const SIGMOID_DETECTORS = /^(rt_detr|rt_detr_v2|d_fine|deformable_detr|conditional_detr|dab_detr)$/;

/** Options of an `hf:` model. */
export interface HfModelOptions {
  /**
   * The ONNX file in the repository. Default `"onnx/model.onnx"` (`"onnx/vision_model.onnx"`
   * for CLIP/SigLIP); e.g. `"onnx/model_quantized.onnx"` for the 8-bit export.
   */
  onnxFile?: string;
}

/** `hf:owner/name[@revision]` → repo and revision (default `"main"`), or undefined for other names. */
export function parseHfName(name: string): { repo: string; revision: string } | undefined {
  if (!name.startsWith("hf:")) return undefined;
  const m = /^hf:([\w.-]+\/[\w.-]+)(?:@([\w.-]+))?$/.exec(name);
  if (!m) throw new HfConfigError(`"${name}" is not a Hugging Face model name; write hf:<owner>/<name>, optionally @<revision>, e.g. hf:Xenova/detr-resnet-50.`);
  return { repo: m[1]!, revision: m[2] ?? "main" };
}

/** The task of a repository's config.json, or an error naming the supported architectures. */
export function hfTask(config: Record<string, unknown>, repo: string): HfTask {
  const architectures = Array.isArray(config.architectures) ? config.architectures.filter((a): a is string => typeof a === "string") : [];
  const arch = architectures[0];
  const supported =
    "image classification (*ForImageClassification), object detection (*ForObjectDetection), semantic segmentation (*ForSemanticSegmentation), panoptic and instance segmentation (DetrForSegmentation, MaskFormerForInstanceSegmentation, Mask2FormerForUniversalSegmentation), depth estimation (*ForDepthEstimation), zero-shot classification (CLIPModel, SiglipModel), image feature extraction (*Model)";
  if (!arch) throw new HfConfigError(`${repo}: config.json names no architectures, so the task is unknown. hf: supports ${supported}.`);
  for (const { suffix, task } of HF_TASKS) {
    if (suffix.includes("|") ? suffix.split("|").includes(arch) : arch.endsWith(suffix)) return task;
  }
  throw new HfConfigError(`${repo}: architecture ${arch} is not supported by hf: (text and audio models are not). Supported: ${supported}.`);
}

/** Class names by index from config.json's `id2label` (`LABEL_<i>` where one is missing). */
function labelsOf(config: Record<string, unknown>, repo: string): string[] {
  const id2label = config.id2label;
  if (!id2label || typeof id2label !== "object") throw new HfConfigError(`${repo}: config.json has no id2label, so the classes are unknown.`);
  const entries = Object.entries(id2label as Record<string, unknown>);
  const n = Math.max(...entries.map(([k]) => Number(k))) + 1;
  if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new HfConfigError(`${repo}: config.json's id2label keys must be 0, 1, 2...`);
  const labels = Array.from({ length: n }, (_, i) => `LABEL_${i}`);
  for (const [k, v] of entries) labels[Number(k)] = typeof v === "string" ? v : JSON.stringify(v);
  return labels;
}

/**
 * The catalog entry `hf:<repo>` runs as, from the repository's config.json and
 * preprocessor_config.json (pure: no download).
 *
 * @param classes - zero-shot only: the prompts' classes (also settable later with `processorOptions`)
 * @throws HfConfigError for an unsupported architecture or preprocessing value
 */
export function entryFromHfConfig(
  repo: string,
  revision: string,
  config: Record<string, unknown>,
  preprocessor: Record<string, unknown>,
  options: HfModelOptions & { classes?: readonly string[] } = {},
): ZooModelEntry {
  const task = hfTask(config, repo);
  const input = imageInputFromPreprocessorConfig(preprocessor, repo);
  const modelType = typeof config.model_type === "string" ? config.model_type : "";
  const zeroShot = task === "zero-shot-image-classification";
  const modelFile = options.onnxFile ?? (zeroShot ? "onnx/vision_model.onnx" : "onnx/model.onnx");
  const files = [{ path: "config.json" }, { path: "preprocessor_config.json" }, { path: modelFile }];
  const base = {
    name: `hf:${repo}`,
    description: `${repo} from the Hugging Face hub (${task}), configured from its config.json and preprocessor_config.json.`,
    framework: "onnx" as const,
    requirements: { packages: { "onnxruntime-node": "^1.30.0" }, binaries: [] },
    modelFile,
    input,
    hasLogits: false,
    defaultBatchSize: 1,
    license: typeof config.license === "string" ? config.license : "see the repository",
    homepage: `https://huggingface.co/${repo}`,
  };
  const source = (extra: { path: string }[] = []) => ({ type: "hf" as const, repo, revision, files: [...files, ...extra] });
  switch (task) {
    case "image-classification":
      return { ...base, tags: ["classification", "logits", "onnx", "hf"], source: source(), processor: { type: "classifier", options: { classes: labelsOf(config, repo), output: "logits" } }, hasLogits: true };
    case "object-detection":
      return {
        ...base,
        tags: ["detection", "onnx", "hf"],
        source: source(),
        processor: { type: "detr", options: { classes: labelsOf(config, repo), logitsOutput: "logits", boxesOutput: "pred_boxes", ...(SIGMOID_DETECTORS.test(modelType) ? { scoring: "sigmoid" } : {}) } },
      };
    case "semantic-segmentation":
      return { ...base, tags: ["segmentation", "onnx", "hf"], source: source(), processor: { type: "semantic-segmentation", options: { output: "logits", resize: "image", upsample: "bilinear" } } };
    case "panoptic-segmentation": {
      // DETR names its outputs as object detection does (+ pred_masks); MaskFormer and Mask2Former class_queries_logits / masks_queries_logits.
      const detr = modelType === "detr";
      return {
        ...base,
        tags: ["segmentation", "instance-segmentation", "panoptic", "onnx", "hf"],
        source: source(),
        processor: { type: "panoptic-segmentation", options: { classes: labelsOf(config, repo), logitsOutput: detr ? "logits" : "class_queries_logits", masksOutput: detr ? "pred_masks" : "masks_queries_logits" } },
      };
    }
    case "depth-estimation":
      return { ...base, tags: ["depth", "heatmap", "onnx", "hf"], source: source(), processor: { type: "heatmap", options: { output: "predicted_depth", resize: "image", upsample: "bilinear", normalize: "minmax" } } };
    case "zero-shot-image-classification": {
      const textFile = modelFile.replace("vision_model", "text_model");
      // SigLIP's towers have no projection: their pooled output is the embedding (transformers.js'
      // SiglipVisionModel / SiglipTextModel return pooler_output); its texts are padded to 64 tokens
      // (the model card) and scored with a sigmoid each. logit_scale and logit_bias are weights of the
      // full model, not in config.json: without them (processorOptions) the label is the best prompt's, with no confidence.
      const siglip = modelType === "siglip";
      const [imageOut, textOut] = siglip ? ["pooler_output", "pooler_output"] : ["image_embeds", "text_embeds"];
      return {
        ...base,
        tags: ["classification", "zero-shot", "embeddings", "onnx", "hf"],
        source: source([{ path: textFile }, { path: "tokenizer.json" }, { path: "tokenizer_config.json" }]),
        processor: { type: "zero-shot", options: { output: imageOut, classes: [...(options.classes ?? ["a photo"])], promptTemplate: siglip ? "This is a photo of {}." : "a photo of a {}", ...(siglip ? { scoring: "sigmoid" } : {}) } },
        prompts: { modelFile: textFile, tokenizerFile: "tokenizer.json", tokenizerConfigFile: "tokenizer_config.json", output: textOut, maxLength: siglip ? 64 : 77, ...(siglip ? { padToMaxLength: true } : {}) },
        embeddings: { output: imageOut, normalize: true },
      };
    }
    default:
      return { ...base, tags: ["embeddings", "onnx", "hf"], source: source(), embeddings: { output: "last_hidden_state", pool: "first-token", normalize: true } };
  }
}

/** The model folder key of a repository at a revision (flat and path-safe: the name and revision are `[\w.-]`). */
export function hfModelKey(repo: string, revision: string): string {
  return `hf--${repo.replace("/", "--")}@${revision}`;
}

/**
 * Resolves `hf:<repo>[@revision]` to the entry it runs as: downloads the repository's
 * config.json and preprocessor_config.json (once; later calls read the local copies,
 * also offline) and reads them with {@link entryFromHfConfig}.
 *
 * @throws ModelNotDownloadedError when the files are not local and `downloadIfNecessary` is false
 */
export async function resolveHfEntry(name: string, options: HfModelOptions & { downloadIfNecessary?: boolean; classes?: readonly string[] } = {}): Promise<{ entry: ZooModelEntry; key: string }> {
  const { repo, revision } = parseHfName(name)!;
  const key = hfModelKey(repo, revision);
  const configEntry = {
    name,
    description: "configuration files",
    tags: ["hf"],
    framework: "onnx",
    source: { type: "hf", repo, revision, files: [{ path: "config.json" }, { path: "preprocessor_config.json" }] },
    requirements: { packages: {}, binaries: [] },
    modelFile: "config.json",
    input: { width: 1, height: 1, layout: "nchw" },
    hasLogits: false,
    defaultBatchSize: 1,
    license: "unknown",
  } satisfies ZooModelEntry;
  let dir = modelDir(key);
  const local = fs.existsSync(path.join(dir, "config.json")) && fs.existsSync(path.join(dir, "preprocessor_config.json"));
  if (!local) {
    if (options.downloadIfNecessary === false) throw new ModelNotDownloadedError(name, "downloadIfNecessary is false");
    if (!isComplete(configEntry, key)) dir = await downloadEntry(configEntry, { key, origin: "hf" });
  }
  const read = (file: string): Record<string, unknown> => {
    try {
      return JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as Record<string, unknown>;
    } catch (err) {
      throw new HfConfigError(`${repo}: ${file} is not valid JSON (${(err as Error).message}).`);
    }
  };
  return { entry: entryFromHfConfig(repo, revision, read("config.json"), read("preprocessor_config.json"), options), key };
}
