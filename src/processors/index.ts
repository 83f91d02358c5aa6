export { CenterNetProcessor, type CenterNetOptions } from "./centernet.js";
export { nonMaxSuppression, type Candidate } from "./nms.js";
export { COCO_CLASSES } from "./coco-classes.js";
export type { OutputTensor, DecodeContext } from "./processor-types.js";
