import path from "node:path";
import type { RgbImage } from "../rgb-image.js";
import { ffmpegReason, startProgram } from "./ffmpeg-programs.js";
import { countInRange, resolveFrameRange, selectFilter, type FrameRange, type ResolvedFrameRange } from "./frame-range.js";
import { VideoDecodeError } from "./video-errors.js";
import { videoMetadata, type VideoMetadata } from "./video-metadata.js";

/** One decoded frame: an {@link RgbImage} (so it can go straight to a model) with its 1-based number. */
export interface VideoFrame extends RgbImage {
  /** The frame's number in the video, counted from 1 over every decoded frame. */
  frameNumber: number;
}

/**
 * Reads a video's frames through the system `ffmpeg`, as HWC uint8 RGB, one frame at
 * a time: ffmpeg decodes into a pipe (`-f rawvideo -pix_fmt rgb24`) and the reader
 * cuts it into frames as they are consumed. Nothing is decoded ahead of the consumer
 * beyond the pipe's buffers — a paused consumer pauses ffmpeg — so memory stays flat
 * however long the video. Frames are rotated upright as the container asks.
 *
 * @example
 * const reader = await VideoReader.open("clip.mp4", { step: 5 });
 * console.log(reader.metadata.totalFrameCount, reader.frameCount);
 * for await (const frame of reader) console.log(frame.frameNumber, frame.width, frame.height);
 */
export class VideoReader implements AsyncIterable<VideoFrame> {
  /** Absolute path of the video. */
  readonly filepath: string;
  /** The video's metadata (read with ffprobe when opened). */
  readonly metadata: VideoMetadata;
  /** The frames this reader iterates by default. */
  readonly range: ResolvedFrameRange;

  private constructor(filepath: string, metadata: VideoMetadata, range: ResolvedFrameRange) {
    this.filepath = filepath;
    this.metadata = metadata;
    this.range = range;
  }

  /**
   * Probes the video (no decoding) and returns a reader over `range` (default: every frame).
   * @throws VideoNotFoundError, VideoDecodeError, FfmpegNotFoundError, MediaArgumentError (bad range)
   */
  static async open(filepath: string, range: FrameRange = {}): Promise<VideoReader> {
    const resolved = resolveFrameRange(range);
    const file = path.resolve(filepath);
    return new VideoReader(file, await videoMetadata(file), resolved);
  }

  /** How many frames the default iteration yields, by the metadata's frame count. */
  get frameCount(): number {
    return countInRange(this.range, this.metadata.totalFrameCount);
  }

  /** Iterates the reader's frame range. */
  [Symbol.asyncIterator](): AsyncGenerator<VideoFrame> {
    return this.frames();
  }

  /**
   * Decodes the frames of `range` (default: the reader's), in order. Each call
   * starts its own ffmpeg; leaving the loop early (`break`, an exception) stops it.
   * A video that ends early with decoding errors (a truncated file) throws a
   * {@link VideoDecodeError} after the frames that could be read.
   */
  async *frames(range?: FrameRange): AsyncGenerator<VideoFrame> {
    const r = range === undefined ? this.range : resolveFrameRange(range);
    const expected = countInRange(r, this.metadata.totalFrameCount);
    if (expected === 0 && this.metadata.totalFrameCount > 0) return;
    const { frameWidth: width, frameHeight: height } = this.metadata;
    const frameBytes = width * height * 3;
    const args = ["-nostdin", "-v", "error", "-i", this.filepath, "-map", "0:v:0", "-an", "-sn", "-dn"];
    const select = selectFilter(r);
    if (select) args.push("-vf", select);
    if (r.end !== undefined) args.push("-frames:v", String(expected));
    // passthrough: one output frame per decoded frame, never duplicated or dropped to fit a rate.
    args.push("-vsync", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1");
    const { child, exited } = startProgram("ffmpeg", args);
    let count = 0;
    let finished = false;
    try {
      let frame = new Uint8Array(frameBytes);
      let filled = 0;
      for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
        let offset = 0;
        while (offset < chunk.length) {
          const n = Math.min(frameBytes - filled, chunk.length - offset);
          frame.set(chunk.subarray(offset, offset + n), filled);
          filled += n;
          offset += n;
          if (filled === frameBytes) {
            yield { data: frame, width, height, channels: 3, frameNumber: r.start + count * r.step };
            count++;
            frame = new Uint8Array(frameBytes);
            filled = 0;
          }
        }
      }
      const { code, stderr } = await exited;
      finished = true;
      if (code !== 0) throw new VideoDecodeError(this.filepath, ffmpegReason(stderr, `ffmpeg exited with code ${String(code)}`));
      if (filled !== 0) throw new VideoDecodeError(this.filepath, `the decoded stream ended inside frame ${r.start + count * r.step} (${filled} of ${frameBytes} bytes)`);
      // ffmpeg exits 0 on a truncated file after what it could decode; its error lines tell.
      if (count < expected && stderr.trim() !== "") {
        throw new VideoDecodeError(this.filepath, `only ${count} of ${expected} frames could be decoded (${ffmpegReason(stderr, "decoding errors")}); the file looks truncated`);
      }
    } finally {
      if (!finished) {
        child.kill("SIGKILL");
        await exited.catch(() => undefined);
      }
    }
  }
}
