import { SampleCollection } from "../dataset/index.js";
import type { DetectionResults } from "./detection-results.js";
import { evaluateDetections, type EvaluateDetectionsOptions } from "./evaluate-detections.js";

/*
 * The evaluation methods of datasets and views, added to SampleCollection here as
 * the models layer adds applyModel (the dataset layer does not know evaluation).
 */
declare module "../dataset/collection.js" {
  interface SampleCollection {
    /** Evaluates predicted Detections against ground truth, COCO style; see {@link evaluateDetections}. */
    evaluateDetections(predField: string, gtField?: string, options?: EvaluateDetectionsOptions): Promise<DetectionResults>;
  }
}

SampleCollection.prototype.evaluateDetections = function (this: SampleCollection, predField: string, gtField?: string, options?: EvaluateDetectionsOptions) {
  return evaluateDetections(this, predField, gtField, options);
};
