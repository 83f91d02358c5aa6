import { RunOptionsError } from "./errors.js";

/** One span of an image side cut for a patch-wise model: the window fed to it and the part of it kept. */
export interface TileSpan {
  /** First pixel of the window fed to the model. */
  start: number;
  /** Pixels in the window. */
  size: number;
  /** First pixel kept, counted from the window's start. */
  keepOffset: number;
  /** Pixels kept. */
  keepSize: number;
}

/**
 * How one side of `total` pixels is cut into windows of `patchSize` (at most `total`)
 * overlapping by `padding` on each inner edge, as UpscalerJS tiles an image
 * (`upscaler` 1.0.0, `getPatchesFromImage`): the first window starts at 0 and keeps all
 * but its last `padding` pixels; each next one starts `padding` before the first pixel
 * not yet kept and keeps `patchSize − 2·padding` pixels; a window that would cross the
 * end is moved back to end at the edge and keeps the rest. The kept parts cover
 * `0..total` once, in order. Without a `patchSize` the whole side is one window.
 */
export function tileSpans(total: number, patchSize: number | undefined, padding = 0): TileSpan[] {
  if (!Number.isInteger(total) || total < 1) throw new RunOptionsError(`tileSpans needs a positive integer side length; got ${String(total)}.`);
  if (patchSize === undefined || patchSize >= total) return [{ start: 0, size: total, keepOffset: 0, keepSize: total }];
  if (!Number.isInteger(patchSize) || patchSize < 1) throw new RunOptionsError(`patchSize must be a positive integer; got ${String(patchSize)}.`);
  if (!Number.isInteger(padding) || padding < 0 || padding * 2 >= patchSize) {
    throw new RunOptionsError(`padding must be an integer from 0 to less than half of patchSize (${patchSize}); got ${String(padding)}.`);
  }
  const spans: TileSpan[] = [];
  let next = 0; // first pixel not yet kept
  while (next < total) {
    const before = next === 0 ? 0 : padding;
    if (next + patchSize > total) {
      // The window would cross the end: it ends at the edge and keeps the rest.
      const start = total - patchSize;
      spans.push({ start, size: patchSize, keepOffset: next - start, keepSize: total - next });
      break;
    }
    const keepSize = patchSize - before - padding;
    spans.push({ start: next - before, size: patchSize, keepOffset: before, keepSize });
    next += keepSize;
  }
  return spans;
}
