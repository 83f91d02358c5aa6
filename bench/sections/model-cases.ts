import { type ImageModel, type ZooModelEntry } from "../../src/index.js";
import { getZooModel, listZooModels } from "../../src/zoo/index.js";
import type { Contender } from "../contenders/contender.js";
import { faceApiContender } from "../contenders/face-api.js";
import { humanContender } from "../contenders/human.js";
import { nsfwjsContender } from "../contenders/nsfwjs.js";
import { paddleOrtContender } from "../contenders/paddle-ort.js";

/** A zoo model measured against the bare runtime and a peer library on the same weights. */
export interface ModelCase {
  /** Zoo name. */
  name: string;
  /** modelzoo's `confidenceThresh`, the same threshold the peer is given. */
  confidenceThresh?: number;
  /** Makes the peer; undefined with a reason when it cannot run here. */
  peer(files: readonly string[], model: ImageModel, entry: ZooModelEntry): Promise<Contender | string>;
}

/** The cases of the issue: CenterNet, MoveNet single and multi, face-api's SSD, an nsfwjs classifier, PaddleOCR det. */
export const MODEL_CASES: readonly ModelCase[] = [
  {
    name: "centernet-coco-tfjs",
    confidenceThresh: 0.2,
    peer: (files) => humanContender({ module: "object", modelFile: "centernet.json", maxDetected: 100, minConfidence: 0.2 }, files),
  },
  {
    name: "movenet-lightning-coco-tfjs",
    peer: (files) => humanContender({ module: "body", modelFile: "movenet-lightning.json", maxDetected: 1, minConfidence: 0 }, files),
  },
  {
    name: "movenet-multipose-coco-tfjs",
    confidenceThresh: 0.2,
    peer: (files) => humanContender({ module: "body", modelFile: "movenet-multipose.json", maxDetected: 6, minConfidence: 0.2 }, files),
  },
  {
    name: "ssd-mobilenet-v1-wider-face-tfjs",
    confidenceThresh: 0.5,
    peer: (files) => faceApiContender(files, 0.5),
  },
  {
    name: "mobilenet-v2-nsfw-tfjs",
    peer: async (files, _model, entry) => {
      // nsfwjs bundles MobileNetV2 (224 px, layers format) and MobileNetV2Mid (graph format).
      const name = /mid/i.test(entry.modelFile) ? "MobileNetV2Mid" : "MobileNetV2";
      return (await nsfwjsContender(files, name)) ?? "nsfwjs is not installed (npm install -D nsfwjs)";
    },
  },
  {
    name: "paddleocr-v4-det-ch-onnx",
    peer: (files, model) => paddleOrtContender((model as ImageModel & { modelPath: string }).modelPath, files, model.config.input.width),
  },
];

/** True when the catalog has the model (cases of models other people are adding are skipped until then). */
export function inCatalog(name: string): boolean {
  return listZooModels().includes(name);
}

export { getZooModel };
