/*
 * The media layer, images part: decoding with sharp to 8-bit RGB, header metadata,
 * media types by extension, and preparing model inputs (resize/letterbox with
 * coordinate mapping, patches, float32 tensors). Video reading (ffmpeg) is in video/.
 */
export { assertRgbImage, type RgbImage } from "./rgb-image.js";
export type { ImageSource } from "./image-source.js";
export { decodeImage, type DecodeImageOptions } from "./decode-image.js";
export { imageMetadata, type ImageMetadata } from "./image-metadata.js";
export { DEFAULT_MAX_IMAGE_PIXELS, MAX_IMAGE_PIXELS_ENV, maxImagePixels } from "./pixel-limit.js";
export { IMAGE_EXTENSIONS, VIDEO_EXTENSIONS, mediaTypeOf } from "./media-type.js";
export { ImageNotFoundError, ImagePermissionError, ImageDecodeError, ImageTooLargeError, MediaArgumentError, TensorShapeError } from "./errors.js";
export {
  planResize,
  contentSize,
  boxToSource,
  boxToTarget,
  pointToSource,
  pointToTarget,
  type ResizeMode,
  type ResizeAlign,
  type ResizeTransform,
} from "./resize-transform.js";
export { resizeImage, padImage, padColour, type ResizeOptions, type ResizedImage } from "./resize.js";
export { decodeImageResized } from "./decode-resized.js";
export { cropImage, cropQuad, patchRegion, rotateQuarterLeft, type CropOptions, type PixelRegion } from "./crop.js";
export { toFloat32, IMAGENET_MEAN, IMAGENET_STD, type TensorLayout, type ToFloat32Options, type ChannelValues } from "./to-tensor.js";
export { stackBatch } from "./stack-batch.js";
export { toLuma, LUMA_WEIGHTS } from "./luma.js";
export { mirrorImage } from "./mirror.js";
export { writeMaskPng, readMaskPng } from "./mask-png.js";
export { writeRgbPng } from "./rgb-png.js";
export {
  VideoReader,
  videoMetadata,
  resolveFrameRange,
  countInRange,
  FFMPEG_ENV,
  FFPROBE_ENV,
  ffmpegProgram,
  type FfmpegProgram,
  type FfmpegOrigin,
  FFMPEG_INSTALL_COMMAND,
  FfmpegNotFoundError,
  VideoNotFoundError,
  VideoDecodeError,
  type VideoFrame,
  type VideoMetadata,
  type FrameRange,
  type ResolvedFrameRange,
} from "./video/index.js";
