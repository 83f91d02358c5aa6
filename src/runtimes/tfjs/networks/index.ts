import { ModelFileError } from "../../model-file-error.js";
import type { TfjsNetwork } from "./network.js";
import { ssdMobilenetV1 } from "./ssd-mobilenet-v1.js";
import { tinyFaceDetector } from "./tiny-face-detector.js";
import { faceExpression, faceLandmark68, faceLandmark68Tiny } from "./face-dense-features.js";
import { faceRecognition } from "./face-recognition.js";
import { ageGender } from "./age-gender.js";

export type { TfjsNetwork, WeightMap } from "./network.js";

/** The networks a manifest's `network` field may name. */
const NETWORKS: readonly TfjsNetwork[] = [ssdMobilenetV1, tinyFaceDetector, faceLandmark68, faceLandmark68Tiny, faceExpression, faceRecognition, ageGender];

/** Names of the built-in networks. */
export function tfjsNetworkNames(): string[] {
  return NETWORKS.map((n) => n.name);
}

/** The network called `name`, or a {@link ModelFileError} listing the known ones. */
export function findTfjsNetwork(name: string): TfjsNetwork {
  const hit = NETWORKS.find((n) => n.name === name);
  if (!hit) throw new ModelFileError(`There is no built-in TF.js network "${name}"; known networks: ${tfjsNetworkNames().join(", ")}. Fix the manifest's "network" field.`);
  return hit;
}
