import { ImageModel, type Model, type ZooModelEntry } from "../../src/index.js";
import { getZooModel, listZooModels } from "../../src/zoo/index.js";
import type { PeerSpec } from "../contenders/peers.js";
import type { PhotoSetName } from "../photos.js";

/** A zoo model measured against the bare runtime and the peer libraries users would pick for it. */
export interface ModelCase {
  /** Zoo name. */
  name: string;
  /** modelzoo's `confidenceThresh`, the same threshold the peers are given. */
  confidenceThresh?: number;
  /** The photo sets this case runs on (default: portraits and scenes). */
  photoSets?: readonly PhotoSetName[];
  /**
   * The peers on the same weights (each run as its documentation shows and "done well"),
   * or a sentence saying why a peer cannot run here.
   */
  peers(model: Model, entry: ZooModelEntry): (PeerSpec | string)[];
}

/** The model's input side, the size a "done well" peer decodes at. */
export function inputSide(model: Model): number | undefined {
  return model instanceof ImageModel ? Math.min(model.config.input.width, model.config.input.height) : undefined;
}

const modelPath = (model: Model) => (model as Model & { modelPath: string }).modelPath;

/** The cases of issue 19. */
export const MODEL_CASES: readonly ModelCase[] = [
  {
    name: "centernet-coco-tfjs",
    confidenceThresh: 0.2,
    peers: () => [{ kind: "human", task: { module: "object", modelFile: "centernet.json", maxDetected: 100, minConfidence: 0.2 } }],
  },
  {
    name: "movenet-lightning-coco-tfjs",
    peers: () => [
      { kind: "human", task: { module: "body", modelFile: "movenet-lightning.json", maxDetected: 1, minConfidence: 0 } },
      { kind: "pose-detection", variant: "lightning", minScore: 0 },
    ],
  },
  {
    name: "movenet-multipose-coco-tfjs",
    confidenceThresh: 0.2,
    peers: () => [
      { kind: "human", task: { module: "body", modelFile: "movenet-multipose.json", maxDetected: 6, minConfidence: 0.2 } },
      { kind: "pose-detection", variant: "multipose", minScore: 0.2 },
    ],
  },
  {
    name: "ssd-mobilenet-v1-wider-face-tfjs",
    confidenceThresh: 0.5,
    peers: () => [{ kind: "face-api", minConfidence: 0.5 }],
  },
  {
    name: "mobilenet-v2-nsfw-tfjs",
    // nsfwjs bundles MobileNetV2 (224 px, layers format) and MobileNetV2Mid (graph format).
    peers: (_model, entry) => [{ kind: "nsfwjs", modelName: /mid/i.test(entry.modelFile) ? "MobileNetV2Mid" : "MobileNetV2" }],
  },
  {
    name: "paddleocr-v4-det-ch-onnx",
    peers: (model) => [
      { kind: "paddle-ort", modelPath: modelPath(model), size: (model as ImageModel).config.input.width },
      "@gutenye/ocr-node runs detection and recognition together, never the detector alone: it is measured against the OCR cascade paddleocr-v4-rec-ch-onnx",
    ],
  },
  {
    // The OCR cascade: PP-OCRv4 detection at 640 px, then recognition of every line found.
    name: "paddleocr-v4-rec-ch-onnx",
    photoSets: ["portraits", "text"],
    peers: () => [{ kind: "gutenye", detectSize: 640 }],
  },
  {
    name: "isnet-general-use-imgly-onnx",
    // Portraits only: a 1024-px ISNet costs seconds per photo on 2 cores, and cut-outs of people are what imgly is for.
    photoSets: ["portraits"],
    peers: () => [{ kind: "imgly", size: 1024 }],
  },
];

/** True when the catalog has the model (cases of models other people are adding are skipped until then). */
export function inCatalog(name: string): boolean {
  return listZooModels().includes(name);
}

export { getZooModel };
