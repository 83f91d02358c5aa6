/*
 * Video reading through the system ffmpeg/ffprobe: metadata from the headers, frames
 * as HWC uint8 RGB streamed from a piped raw decode.
 */
export { VideoReader, type VideoFrame } from "./video-reader.js";
export { videoMetadata, type VideoMetadata } from "./video-metadata.js";
export { resolveFrameRange, countInRange, type FrameRange, type ResolvedFrameRange } from "./frame-range.js";
export { FFMPEG_ENV, FFPROBE_ENV, ffmpegProgram, type FfmpegProgram, type FfmpegOrigin } from "./ffmpeg-programs.js";
export { FfmpegNotFoundError, VideoNotFoundError, VideoDecodeError, FFMPEG_INSTALL_COMMAND } from "./video-errors.js";
