import type { OutputTensor } from "./processor-types.js";

/** Layout of a dense (per-pixel) output: channels first or last. */
export type DenseLayout = "nchw" | "nhwc";

/** One image's channel planes of a dense output, cut down to where the image lies. */
export interface DensePlanes {
  /** Height of the cropped planes. */
  height: number;
  /** Width of the cropped planes. */
  width: number;
  /** Number of channels. */
  channels: number;
  /** Value of channel `c` at (x, y) of the crop. */
  at(c: number, x: number, y: number): number;
}

/**
 * Views row `index` of a `[N, C, H, W]` / `[N, H, W, C]` (or `[N, H, W]`) output,
 * cropped to `contentBox` (relative to the input) so that the result covers exactly
 * the image — letterbox padding is cut off.
 */
export function densePlanes(t: OutputTensor, index: number, layout: DenseLayout, contentBox: readonly [number, number, number, number]): DensePlanes {
  const { C, H, W, x0, y0, width, height, base, planar } = denseCrop(t, index, layout, contentBox);
  const at = planar
    ? (c: number, x: number, y: number) => t.data[base + c * H * W + (y0 + y) * W + (x0 + x)]!
      : (c: number, x: number, y: number) => t.data[base + ((y0 + y) * W + (x0 + x)) * C + c]!;
  return { height, width, channels: C, at };
}

/** Where {@link densePlanes} reads: the output's channels and size, the crop's corner and size, the row's first value. */
function denseCrop(t: OutputTensor, index: number, layout: DenseLayout, contentBox: readonly [number, number, number, number]) {
  const d = t.dims;
  const [C, H, W] = d.length === 3 ? [1, d[1]!, d[2]!] : layout === "nchw" ? [d[1]!, d[2]!, d[3]!] : [d[3]!, d[1]!, d[2]!];
  const x0 = Math.min(W - 1, Math.max(0, Math.round(contentBox[0] * W)));
  const y0 = Math.min(H - 1, Math.max(0, Math.round(contentBox[1] * H)));
  const width = Math.max(1, Math.min(W - x0, Math.round(contentBox[2] * W)));
  const height = Math.max(1, Math.min(H - y0, Math.round(contentBox[3] * H)));
  return { C, H, W, x0, y0, width, height, base: index * C * H * W, planar: layout === "nchw" || d.length === 3 };
}

/**
 * Channel `c` of the same crop as {@link densePlanes}, copied into one row-major
 * `width × height` array — row by row for channels-first outputs, where a row is
 * contiguous (a 640×640 map in a fraction of a millisecond instead of a call per value).
 */
export function denseChannel(t: OutputTensor, index: number, layout: DenseLayout, contentBox: readonly [number, number, number, number], c: number): { data: Float32Array; width: number; height: number } {
  const { C, H, W, x0, y0, width, height, base, planar } = denseCrop(t, index, layout, contentBox);
  const data = new Float32Array(width * height);
  const src = t.data;
  if (planar && ArrayBuffer.isView(src)) {
    const plane = base + c * H * W;
    for (let y = 0; y < height; y++) {
      const from = plane + (y0 + y) * W + x0;
      data.set((src as Float32Array).subarray(from, from + width), y * width);
    }
  } else {
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = src[base + ((y0 + y) * W + (x0 + x)) * C + c]!;
  }
  return { data, width, height };
}

/**
 * Nearest-neighbour resampling of planes to `width × height` (class ids must not be
 * blended, and a probability map only needs to line up with the image).
 */
export function resizePlanes(p: DensePlanes, width: number, height: number): DensePlanes {
  if (width === p.width && height === p.height) return p;
  const sx = p.width / width;
  const sy = p.height / height;
  return {
    width,
    height,
    channels: p.channels,
    at: (c, x, y) => p.at(c, Math.min(p.width - 1, Math.floor((x + 0.5) * sx)), Math.min(p.height - 1, Math.floor((y + 0.5) * sy))),
  };
}

/**
 * Source sampling positions of a bilinear resize along one axis (PyTorch's
 * `interpolate(mode="bilinear", align_corners=False)`, the resize Hugging Face's
 * post-processing uses): output pixel `i` reads `lo[i]` and `hi[i]`, weighted
 * `1 - w[i]` and `w[i]`. `start` and `extent` (in input pixels) crop the input first.
 */
export function bilinearAxis(inSize: number, outSize: number, start = 0, extent = inSize): { lo: Int32Array; hi: Int32Array; w: Float32Array } {
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const w = new Float32Array(outSize);
  const scale = extent / outSize;
  for (let i = 0; i < outSize; i++) {
    const src = Math.min(inSize - 1, Math.max(0, start + (i + 0.5) * scale - 0.5));
    lo[i] = Math.floor(src);
    hi[i] = Math.min(inSize - 1, lo[i]! + 1);
    w[i] = src - lo[i]!;
  }
  return { lo, hi, w };
}

/** Shape and crop of one image's planes in a dense output, as the bilinear readers need them. */
interface DenseGeometry {
  channels: number;
  height: number;
  width: number;
  /** Offset of the image's values in `data`. */
  base: number;
  /** Value index of (c, x, y) relative to `base`. */
  index: (c: number, x: number, y: number) => number;
  /** Crop in input pixels: x, y, width, height. */
  crop: [number, number, number, number];
}

function geometry(t: OutputTensor, index: number, layout: DenseLayout, contentBox: readonly [number, number, number, number]): DenseGeometry {
  const d = t.dims;
  const [C, H, W] = d.length === 3 ? [1, d[1]!, d[2]!] : layout === "nchw" ? [d[1]!, d[2]!, d[3]!] : [d[3]!, d[1]!, d[2]!];
  const chw = layout === "nchw" || d.length === 3;
  return {
    channels: C,
    height: H,
    width: W,
    base: index * C * H * W,
    index: chw ? (c, x, y) => c * H * W + y * W + x : (c, x, y) => (y * W + x) * C + c,
    crop: [contentBox[0] * W, contentBox[1] * H, contentBox[2] * W, contentBox[3] * H],
  };
}

/**
 * The arg-max class per pixel of a `[N, C, H, W]` / `[N, H, W, C]` score map after
 * bilinearly resizing the scores (cropped to `contentBox`) to `outWidth × outHeight`,
 * as Hugging Face's semantic-segmentation post-processing does for SegFormer's
 * 1/4-resolution logits. Returns row-major class ids.
 */
export function bilinearArgmax(t: OutputTensor, index: number, layout: DenseLayout, contentBox: readonly [number, number, number, number], outWidth: number, outHeight: number): Uint16Array {
  const g = geometry(t, index, layout, contentBox);
  const xs = bilinearAxis(g.width, outWidth, g.crop[0], g.crop[2]);
  const ys = bilinearAxis(g.height, outHeight, g.crop[1], g.crop[3]);
  const data = t.data;
  const out = new Uint16Array(outWidth * outHeight);
  // Offsets of channel 0 and the step between channels, so the inner loops are index arithmetic only.
  const step = g.index(1, 0, 0) - g.index(0, 0, 0);
  // Every output pixel between the same four input pixels blends the same four score
  // vectors. A class whose best corner score is below the best "worst corner" score of
  // any class can never win inside that cell, so each cell keeps only the classes that
  // can (usually one to three of SegFormer's 150) and pixels compare just those: exact,
  // and about as fast as nearest-neighbour.
  const candidates = new Map<number, Int32Array>();
  const cellCandidates = (o00: number, o01: number, o10: number, o11: number): Int32Array => {
    let floor = -Infinity;
    for (let ch = 0, k = 0; ch < g.channels; ch++, k += step) {
      const low = Math.min(data[o00 + k]!, data[o01 + k]!, data[o10 + k]!, data[o11 + k]!);
      if (low > floor) floor = low;
    }
    const keep: number[] = [];
    for (let ch = 0, k = 0; ch < g.channels; ch++, k += step) {
      if (Math.max(data[o00 + k]!, data[o01 + k]!, data[o10 + k]!, data[o11 + k]!) >= floor) keep.push(ch);
    }
    return Int32Array.from(keep);
  };
  for (let y = 0; y < outHeight; y++) {
    const [y0, y1, wy] = [ys.lo[y]!, ys.hi[y]!, ys.w[y]!];
    for (let x = 0; x < outWidth; x++) {
      const [x0, x1, wx] = [xs.lo[x]!, xs.hi[x]!, xs.w[x]!];
      const o00 = g.base + g.index(0, x0, y0);
      const o01 = g.base + g.index(0, x1, y0);
      const o10 = g.base + g.index(0, x0, y1);
      const o11 = g.base + g.index(0, x1, y1);
      const key = y0 * g.width + x0;
      let cands = candidates.get(key);
      if (!cands) {
        cands = cellCandidates(o00, o01, o10, o11);
        candidates.set(key, cands);
      }
      const [a, b, c, d] = [(1 - wx) * (1 - wy), wx * (1 - wy), (1 - wx) * wy, wx * wy];
      let best = cands[0]!;
      let bestScore = -Infinity;
      for (const ch of cands) {
        const k = ch * step;
        const v = a * data[o00 + k]! + b * data[o01 + k]! + c * data[o10 + k]! + d * data[o11 + k]!;
        if (v > bestScore) {
          bestScore = v;
          best = ch;
        }
      }
      out[y * outWidth + x] = best;
    }
  }
  return out;
}

/** One channel of a dense output, cropped to `contentBox` and bilinearly resized to `outWidth × outHeight` (row-major). */
export function bilinearChannel(
  t: OutputTensor,
  index: number,
  layout: DenseLayout,
  contentBox: readonly [number, number, number, number],
  channel: number,
  outWidth: number,
  outHeight: number,
): Float32Array {
  const g = geometry(t, index, layout, contentBox);
  const xs = bilinearAxis(g.width, outWidth, g.crop[0], g.crop[2]);
  const ys = bilinearAxis(g.height, outHeight, g.crop[1], g.crop[3]);
  const at = (x: number, y: number) => t.data[g.base + g.index(channel, x, y)]!;
  const out = new Float32Array(outWidth * outHeight);
  for (let y = 0; y < outHeight; y++) {
    const [y0, y1, wy] = [ys.lo[y]!, ys.hi[y]!, ys.w[y]!];
    for (let x = 0; x < outWidth; x++) {
      const [x0, x1, wx] = [xs.lo[x]!, xs.hi[x]!, xs.w[x]!];
      out[y * outWidth + x] = (1 - wy) * ((1 - wx) * at(x0, y0) + wx * at(x1, y0)) + wy * ((1 - wx) * at(x0, y1) + wx * at(x1, y1));
    }
  }
  return out;
}
