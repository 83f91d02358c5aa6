import fs from "node:fs";
import path from "node:path";
import { ffmpegReason, startProgram } from "./ffmpeg-programs.js";
import { VideoDecodeError, VideoNotFoundError } from "./video-errors.js";

/**
 * FiftyOne's `VideoMetadata`, in camelCase, plus the codec name and rotation. Sizes
 * are as displayed: a phone video stored 1920×1080 with a 90° rotation flag is
 * 1080×1920 here, as the frames the reader gives.
 */
export interface VideoMetadata {
  /** Size of the file in bytes. */
  sizeBytes: number;
  /** MIME type from the container, e.g. `"video/mp4"`. */
  mimeType: string;
  /** Frame width in pixels, as displayed (after rotation). */
  frameWidth: number;
  /** Frame height in pixels, as displayed. */
  frameHeight: number;
  /** Frames per second (the stream's average rate). */
  frameRate: number;
  /** Number of frames, from the container's header or, when it has none, by counting packets (no decoding). */
  totalFrameCount: number;
  /** Duration in seconds. */
  duration: number;
  /** The codec's four-character code when the container has one (e.g. `"avc1"`), else the codec name. */
  encodingStr: string;
  /** The codec name as ffmpeg knows it, e.g. `"h264"`, `"vp9"`. */
  codec: string;
  /** Clockwise rotation in degrees (0, 90, 180, 270) that the frames are turned by to be displayed. */
  rotation: number;
}

interface ProbeStream {
  codec_name?: string;
  codec_tag_string?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  nb_frames?: string;
  nb_read_packets?: string;
  tags?: Record<string, string>;
  side_data_list?: { rotation?: number }[];
}

interface ProbeResult {
  streams?: ProbeStream[];
  format?: { format_name?: string; duration?: string };
}

// By extension first (a container format name such as "matroska,webm" is ambiguous).
const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  mp4: "video/mp4",
  m4v: "video/x-m4v",
  mov: "video/quicktime",
  avi: "video/x-msvideo",
  mkv: "video/x-matroska",
  webm: "video/webm",
  mpg: "video/mpeg",
  mpeg: "video/mpeg",
  wmv: "video/x-ms-wmv",
  flv: "video/x-flv",
  "3gp": "video/3gpp",
  "3g2": "video/3gpp2",
  ogv: "video/ogg",
  m2ts: "video/mp2t",
  mts: "video/mp2t",
};

/**
 * Reads a video's metadata with ffprobe, from the container and stream headers:
 * nothing is decoded. Containers without a frame count in their header (Matroska,
 * WebM) have their packets counted, which reads the file but decodes nothing.
 *
 * @param file - the video's path
 * @throws VideoNotFoundError, VideoDecodeError (not a readable video), FfmpegNotFoundError
 */
export async function videoMetadata(file: string): Promise<VideoMetadata> {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new VideoNotFoundError(file);
  if (!stat.isFile()) throw new VideoDecodeError(file, "it is a directory, not a file");
  let stream = await probeStream(file, false);
  const fromHeader = Number(stream.nb_frames);
  let totalFrameCount = Number.isInteger(fromHeader) && fromHeader > 0 ? fromHeader : undefined;
  if (totalFrameCount === undefined) {
    stream = await probeStream(file, true);
    totalFrameCount = Number(stream.nb_read_packets ?? 0);
  }
  const storedWidth = stream.width ?? 0;
  const storedHeight = stream.height ?? 0;
  if (storedWidth < 1 || storedHeight < 1) throw new VideoDecodeError(file, "its video stream has no frame size");
  const rotation = rotationOf(stream);
  const turned = rotation === 90 || rotation === 270;
  const frameRate = rate(stream.avg_frame_rate) ?? rate(stream.r_frame_rate) ?? 0;
  const duration = Number(stream.duration); // the stream's, else the container's (see probeStream)
  const ext = path.extname(file).slice(1).toLowerCase();
  const tag = stream.codec_tag_string ?? "";
  return {
    sizeBytes: stat.size,
    mimeType: MIME_BY_EXTENSION[ext] ?? "application/octet-stream",
    frameWidth: turned ? storedHeight : storedWidth,
    frameHeight: turned ? storedWidth : storedHeight,
    frameRate,
    totalFrameCount,
    duration: Number.isFinite(duration) ? duration : frameRate > 0 ? totalFrameCount / frameRate : 0,
    encodingStr: /^[\x20-\x7e]{4}$/.test(tag) && !tag.includes("[") ? tag : (stream.codec_name ?? "unknown"),
    codec: stream.codec_name ?? "unknown",
    rotation,
  };
}

/** The first video stream as ffprobe reports it; with `countPackets`, demuxes the file to count them. */
async function probeStream(file: string, countPackets: boolean): Promise<ProbeStream> {
  const args = ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", "-select_streams", "v:0"];
  if (countPackets) args.push("-count_packets");
  const { child, exited } = startProgram("ffprobe", [...args, file]);
  const chunks: Buffer[] = [];
  child.stdout.on("data", (d: Buffer) => chunks.push(d));
  const { code, stderr } = await exited;
  if (code !== 0) throw new VideoDecodeError(file, ffmpegReason(stderr, `ffprobe exited with code ${String(code)}`));
  let parsed: ProbeResult;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ProbeResult;
  } catch {
    throw new VideoDecodeError(file, "ffprobe printed no readable description");
  }
  const stream = parsed.streams?.[0];
  if (!stream) throw new VideoDecodeError(file, `it has no video stream (container: ${parsed.format?.format_name ?? "unknown"})`);
  return { ...stream, duration: stream.duration ?? parsed.format?.duration };
}

/** "30000/1001" → 29.97; undefined for "0/0" or garbage. */
function rate(text: string | undefined): number | undefined {
  const [num, den] = (text ?? "").split("/").map(Number);
  if (num === undefined || !Number.isFinite(num) || num <= 0) return undefined;
  const value = den === undefined ? num : num / den;
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * The clockwise display rotation, a multiple of 90. ffprobe reports the display
 * matrix's angle counter-clockwise (`rotation: -90` for a portrait phone video) in
 * side data; old files carry a `rotate` tag, clockwise.
 */
function rotationOf(stream: ProbeStream): number {
  const fromMatrix = stream.side_data_list?.find((s) => typeof s.rotation === "number")?.rotation;
  const degrees = fromMatrix !== undefined ? -fromMatrix : Number(stream.tags?.rotate ?? 0);
  if (!Number.isFinite(degrees)) return 0;
  return ((Math.round(degrees / 90) * 90) % 360 + 360) % 360;
}
