export { CenterNetProcessor, type CenterNetOptions } from "./centernet.js";
export { nonMaxSuppression, type Candidate } from "./nms.js";
export { COCO_CLASSES } from "./coco-classes.js";
export type { OutputTensor, DecodeContext } from "./processor-types.js";
export {
  SemanticSegmentationProcessor,
  HeatmapProcessor,
  type SemanticSegmentationOptions,
  type HeatmapOptions as HeatmapProcessorOptions,
} from "./segmentation.js";
export { densePlanes, type DensePlanes, type DenseLayout } from "./dense-map.js";
