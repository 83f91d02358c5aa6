/**
 * Writes test/fixtures/hf-repos/<owner>/<name>/{config.json, preprocessor_config.json}:
 * the configuration files of the Hugging Face repositories the catalog's hub entries
 * download from, with the values those repositories publish (sources in
 * test/fixtures/hf-repos/SOURCES.md). `id2label` comes from the class lists the
 * processors carry (src/processors/*-classes.ts, each citing its source).
 *
 *   npx tsx scripts/hf-fixture-configs.ts
 */
import fs from "node:fs";
import path from "node:path";
import { ADE20K_CLASSES } from "../src/processors/ade20k-classes.js";
import { COCO_CLASSES } from "../src/processors/coco-classes.js";
import { COCO91_CLASSES } from "../src/processors/coco91-classes.js";
import { COCO_PANOPTIC_CLASSES } from "../src/processors/coco-panoptic-classes.js";
import { IMAGENET_CLASSES, IMAGENET_CLASSES_WITH_BACKGROUND } from "../src/processors/imagenet-classes.js";

const ROOT = path.join(import.meta.dirname, "..", "test", "fixtures", "hf-repos");
const IMAGENET_MEAN = [0.485, 0.456, 0.406];
const IMAGENET_STD = [0.229, 0.224, 0.225];
const HALF = [0.5, 0.5, 0.5];
const RESCALE = 0.00392156862745098;

function labels(names: readonly string[]): { id2label: Record<string, string>; label2id: Record<string, number> } {
  const id2label: Record<string, string> = {};
  const label2id: Record<string, number> = {};
  names.forEach((n, i) => {
    id2label[String(i)] = n;
    label2id[n] ??= i;
  });
  return { id2label, label2id };
}

const convnext = { crop_pct: 0.875, do_normalize: true, do_rescale: true, do_resize: true, image_mean: IMAGENET_MEAN, image_processor_type: "ConvNextImageProcessor", image_std: IMAGENET_STD, resample: 3, rescale_factor: RESCALE, size: { shortest_edge: 224 } };
const detr = (shortest: number, type: string, format = "coco_detection") => ({ do_normalize: true, do_pad: true, do_rescale: true, do_resize: true, format, image_mean: IMAGENET_MEAN, image_processor_type: type, image_std: IMAGENET_STD, resample: 2, rescale_factor: RESCALE, size: { longest_edge: 1333, shortest_edge: shortest } });
const segformer = (side: number) => ({ do_normalize: true, do_reduce_labels: true, do_rescale: true, do_resize: true, image_mean: IMAGENET_MEAN, image_processor_type: "SegformerImageProcessor", image_std: IMAGENET_STD, resample: 2, rescale_factor: RESCALE, size: { height: side, width: side } });
const dpt = { do_normalize: true, do_pad: false, do_rescale: true, do_resize: true, ensure_multiple_of: 14, image_mean: IMAGENET_MEAN, image_processor_type: "DPTImageProcessor", image_std: IMAGENET_STD, keep_aspect_ratio: true, resample: 3, rescale_factor: RESCALE, size: { height: 518, width: 518 } };

/** CLIPImageProcessor of the OpenAI CLIP checkpoints (ViT-B/32 and ViT-B/16 publish the same one). */
const clip = { crop_size: { height: 224, width: 224 }, do_center_crop: true, do_convert_rgb: true, do_normalize: true, do_rescale: true, do_resize: true, image_mean: [0.48145466, 0.4578275, 0.40821073], image_processor_type: "CLIPImageProcessor", image_std: [0.26862954, 0.26130258, 0.27577711], resample: 3, rescale_factor: RESCALE, size: { shortest_edge: 224 } };
/** BitImageProcessor of the DINOv2 checkpoints (small, base and large publish the same one). */
const bit = { crop_size: { height: 224, width: 224 }, do_center_crop: true, do_convert_rgb: true, do_normalize: true, do_rescale: true, do_resize: true, image_mean: IMAGENET_MEAN, image_processor_type: "BitImageProcessor", image_std: IMAGENET_STD, resample: 3, rescale_factor: RESCALE, size: { shortest_edge: 256 } };

/** repo → [config.json, preprocessor_config.json]. */
export const HF_FIXTURE_REPOS: Record<string, [Record<string, unknown>, Record<string, unknown>]> = {
  "Xenova/resnet-50": [{ architectures: ["ResNetForImageClassification"], model_type: "resnet", num_channels: 3, ...labels(IMAGENET_CLASSES) }, convnext],
  "Xenova/vit-base-patch16-224": [
    { architectures: ["ViTForImageClassification"], model_type: "vit", image_size: 224, patch_size: 16, ...labels(IMAGENET_CLASSES) },
    { do_normalize: true, do_rescale: true, do_resize: true, image_mean: HALF, image_processor_type: "ViTImageProcessor", image_std: HALF, resample: 2, rescale_factor: RESCALE, size: { height: 224, width: 224 } },
  ],
  "Xenova/mobilenet_v2_1.0_224": [
    { architectures: ["MobileNetV2ForImageClassification"], model_type: "mobilenet_v2", image_size: 224, ...labels(IMAGENET_CLASSES_WITH_BACKGROUND) },
    { crop_pct: 0.875, crop_size: { height: 224, width: 224 }, do_center_crop: true, do_normalize: true, do_rescale: true, do_resize: true, image_mean: HALF, image_processor_type: "MobileNetV2ImageProcessor", image_std: HALF, resample: 2, rescale_factor: RESCALE, size: { shortest_edge: 256 } },
  ],
  "onnx-community/mobilenetv3_small_100.lamb_in1k": [
    { architectures: ["MobileNetV3ForImageClassification"], model_type: "mobilenet_v3", ...labels(IMAGENET_CLASSES) },
    { crop_size: { height: 224, width: 224 }, do_center_crop: true, do_normalize: true, do_rescale: true, do_resize: true, image_mean: IMAGENET_MEAN, image_processor_type: "MobileNetV3ImageProcessor", image_std: IMAGENET_STD, resample: 3, rescale_factor: RESCALE, size: { shortest_edge: 256 } },
  ],
  "Xenova/convnext-tiny-224": [{ architectures: ["ConvNextForImageClassification"], model_type: "convnext", image_size: 224, ...labels(IMAGENET_CLASSES) }, convnext],
  "Xenova/detr-resnet-50": [{ architectures: ["DetrForObjectDetection"], model_type: "detr", num_queries: 100, ...labels(COCO91_CLASSES) }, detr(800, "DetrImageProcessor")],
  "Xenova/detr-resnet-101": [{ architectures: ["DetrForObjectDetection"], model_type: "detr", num_queries: 100, ...labels(COCO91_CLASSES) }, detr(800, "DetrImageProcessor")],
  "Xenova/yolos-tiny": [{ architectures: ["YolosForObjectDetection"], model_type: "yolos", num_detection_tokens: 100, ...labels(COCO91_CLASSES) }, detr(512, "YolosImageProcessor")],
  "Xenova/yolos-small": [{ architectures: ["YolosForObjectDetection"], model_type: "yolos", num_detection_tokens: 100, ...labels(COCO91_CLASSES) }, detr(800, "YolosImageProcessor")],
  "onnx-community/rtdetr_v2_r18vd-ONNX": [
    { architectures: ["RTDetrV2ForObjectDetection"], model_type: "rt_detr_v2", num_queries: 300, ...labels(COCO_CLASSES) },
    { do_normalize: false, do_pad: false, do_rescale: true, do_resize: true, format: "coco_detection", image_mean: IMAGENET_MEAN, image_processor_type: "RTDetrImageProcessor", image_std: IMAGENET_STD, resample: 2, rescale_factor: RESCALE, size: { height: 640, width: 640 } },
  ],
  "Xenova/clip-vit-base-patch32": [
    { architectures: ["CLIPModel"], model_type: "clip", logit_scale_init_value: 2.6592, projection_dim: 512 },
    clip,
  ],
  "Xenova/dinov2-small": [
    { architectures: ["Dinov2Model"], model_type: "dinov2", hidden_size: 384, patch_size: 14 },
    bit,
  ],
  "Xenova/dinov2-base": [{ architectures: ["Dinov2Model"], model_type: "dinov2", hidden_size: 768, patch_size: 14 }, bit],
  "Xenova/dinov2-large": [{ architectures: ["Dinov2Model"], model_type: "dinov2", hidden_size: 1024, patch_size: 14 }, bit],
  "Xenova/clip-vit-base-patch16": [{ architectures: ["CLIPModel"], model_type: "clip", logit_scale_init_value: 2.6592, projection_dim: 512 }, clip],
  "Xenova/segformer-b0-finetuned-ade-512-512": [{ architectures: ["SegformerForSemanticSegmentation"], model_type: "segformer", ...labels(ADE20K_CLASSES) }, segformer(512)],
  "Xenova/segformer-b2-finetuned-ade-512-512": [{ architectures: ["SegformerForSemanticSegmentation"], model_type: "segformer", ...labels(ADE20K_CLASSES) }, segformer(512)],
  "Xenova/segformer-b5-finetuned-ade-640-640": [{ architectures: ["SegformerForSemanticSegmentation"], model_type: "segformer", ...labels(ADE20K_CLASSES) }, segformer(640)],
  "Xenova/depth-anything-small-hf": [{ architectures: ["DepthAnythingForDepthEstimation"], model_type: "depth_anything", depth_estimation_type: "relative" }, dpt],
  "onnx-community/depth-anything-v2-small": [{ architectures: ["DepthAnythingForDepthEstimation"], model_type: "depth_anything", depth_estimation_type: "relative" }, dpt],
  "Xenova/siglip-base-patch16-224": [
    { architectures: ["SiglipModel"], model_type: "siglip", text_config: { hidden_size: 768, max_position_embeddings: 64 }, vision_config: { hidden_size: 768, image_size: 224, patch_size: 16 } },
    { do_normalize: true, do_rescale: true, do_resize: true, image_mean: HALF, image_processor_type: "SiglipImageProcessor", image_std: HALF, processor_class: "SiglipProcessor", resample: 3, rescale_factor: RESCALE, size: { height: 224, width: 224 } },
  ],
  "Xenova/detr-resnet-50-panoptic": [
    { architectures: ["DetrForSegmentation"], model_type: "detr", num_queries: 100, use_masks: true, ...labels(COCO_PANOPTIC_CLASSES) },
    detr(800, "DetrImageProcessor", "coco_panoptic"),
  ],
};

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  for (const [repo, [config, pre]] of Object.entries(HF_FIXTURE_REPOS)) {
    const dir = path.join(ROOT, repo);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "config.json"), `${JSON.stringify(config, null, 2)}\n`);
    fs.writeFileSync(path.join(dir, "preprocessor_config.json"), `${JSON.stringify(pre, null, 2)}\n`);
  }
  console.log(`wrote ${Object.keys(HF_FIXTURE_REPOS).length} repositories under ${ROOT}`);
}
