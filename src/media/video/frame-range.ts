import { MediaArgumentError } from "../errors.js";

/** Which frames to read: numbers are 1-based, as in FiftyOne; `end` is included. */
export interface FrameRange {
  /** First frame number. Default 1. */
  start?: number;
  /** Last frame number (included). Default: the video's last frame. */
  end?: number;
  /** Read every `step`-th frame from `start` (1 reads all). Default 1. */
  step?: number;
}

/** A checked {@link FrameRange}; `end` is undefined for "to the end". */
export interface ResolvedFrameRange {
  /** First frame number (≥ 1). */
  start: number;
  /** Last frame number, or undefined for the end of the video. */
  end: number | undefined;
  /** Stride (≥ 1). */
  step: number;
}

/** Checks a frame range: positive integers, `end ≥ start`. */
export function resolveFrameRange(range: FrameRange = {}): ResolvedFrameRange {
  const start = range.start ?? 1;
  const step = range.step ?? 1;
  const check = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < 1) throw new MediaArgumentError(`Frame range ${name} must be an integer ≥ 1 (frame numbers start at 1); got ${String(v)}.`);
  };
  check("start", start);
  check("step", step);
  if (range.end !== undefined) {
    check("end", range.end);
    if (range.end < start) throw new MediaArgumentError(`Frame range end (${range.end}) is before its start (${start}); end is the last frame to read, included.`);
  }
  return { start, end: range.end, step };
}

/** The frame numbers a range selects from a video of `total` frames. */
export function countInRange(range: ResolvedFrameRange, total: number): number {
  const last = Math.min(range.end ?? total, total);
  return last < range.start ? 0 : Math.floor((last - range.start) / range.step) + 1;
}

/**
 * The ffmpeg `select` filter that keeps the range's frames (its `n` counts decoded
 * frames from 0), or undefined when every frame is wanted. Filtering inside ffmpeg
 * skips the RGB conversion and the pipe for frames nobody reads.
 */
export function selectFilter(range: ResolvedFrameRange): string | undefined {
  if (range.start === 1 && range.step === 1) return undefined; // the end is handled by -frames:v
  const first = range.start - 1;
  const terms = [`gte(n,${first})`];
  if (range.step > 1) terms.push(`not(mod(n-${first},${range.step}))`);
  return `select='${terms.join("*")}'`;
}
