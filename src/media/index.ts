export type { RgbImage } from "./rgb-image.js";
export { decodeImage, type DecodeImageOptions } from "./decode-image.js";
export { imageMetadata, type ImageMetadata } from "./image-metadata.js";
export { DEFAULT_MAX_IMAGE_PIXELS, maxImagePixels } from "./pixel-limit.js";
export { IMAGE_EXTENSIONS, VIDEO_EXTENSIONS, mediaTypeOf } from "./media-type.js";
export { ImageNotFoundError, ImageDecodeError, ImageTooLargeError } from "./errors.js";
export {
  resizeImage,
  planResize,
  boxToSource,
  boxToTarget,
  pointToSource,
  type ResizeMode,
  type ResizeOptions,
  type ResizeTransform,
} from "./resize.js";
export { cropImage, type CropOptions } from "./crop.js";
export { toFloat32, stackBatch, IMAGENET_MEAN, IMAGENET_STD, type TensorLayout, type ToFloat32Options } from "./to-tensor.js";
export { writeMaskPng, readMaskPng } from "./mask-png.js";
