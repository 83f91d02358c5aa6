export { objectId, isObjectId } from "./object-id.js";
export { LabelValidationError } from "./errors.js";
export { Array2D, type Array2DType, type Array2DData, type Array2DJSON } from "./array2d.js";
export { Label, isLabel, isLabelJSON, labelFromJSON, registerLabelClass, type LabelJSON, type LabelOptions } from "./label.js";
export { Classification, Classifications, type ClassificationOptions, type ClassificationsOptions } from "./classification.js";
export { Detection, Detections, type DetectionOptions, type DetectionsOptions } from "./detection.js";
export { Keypoint, Keypoints, type KeypointOptions, type KeypointsOptions } from "./keypoint.js";
export { Polyline, Polylines, type PolylineOptions, type PolylinesOptions } from "./polyline.js";
export { Segmentation, Heatmap, type SegmentationOptions, type HeatmapOptions } from "./segmentation.js";
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
export { RELATIVE_TOLERANCE, type BoundingBox, type Point } from "./validate.js";
