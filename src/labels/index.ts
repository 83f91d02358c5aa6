/*
 * The labels layer: FiftyOne's label types, their JSON form and validation, and
 * coordinate helpers. Importing this module registers every class for labelFromJSON.
 */
export { objectId, isObjectId } from "./object-id.js";
export { LabelValidationError } from "./errors.js";
export { Array2D, isArray2DType, type Array2DType, type Array2DData, type Array2DJSON } from "./array2d.js";
export { Label, isLabel, type LabelJSON, type LabelOptions } from "./label.js";
export { isLabelJSON, labelFromJSON, registerLabelClass, knownLabelClasses, type LabelReviver } from "./registry.js";
export { Classification, Classifications, type ClassificationOptions, type ClassificationsOptions } from "./classification.js";
export { Detection, Detections, type DetectionOptions, type DetectionsOptions } from "./detection.js";
export { Keypoint, Keypoints, type KeypointOptions, type KeypointsOptions } from "./keypoint.js";
export { Polyline, Polylines, type PolylineOptions, type PolylinesOptions } from "./polyline.js";
export { Segmentation, type SegmentationOptions } from "./segmentation.js";
export { Heatmap, type HeatmapOptions } from "./heatmap.js";
export { Regression, type RegressionOptions } from "./regression.js";
export { ImageOutput, type ImageOutputOptions, type ImageOutputPixels } from "./image-output.js";
export {
  fromAbsoluteBox,
  toAbsoluteBox,
  fromCornerBox,
  toCornerBox,
  clipBox,
  boxArea,
  boxIou,
  fromAbsolutePoints,
  toAbsolutePoints,
} from "./coords.js";
export { RELATIVE_TOLERANCE, type BoundingBox, type Point } from "./geometry.js";
