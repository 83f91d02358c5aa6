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
  const d = t.dims;
  const [C, H, W] = d.length === 3 ? [1, d[1]!, d[2]!] : layout === "nchw" ? [d[1]!, d[2]!, d[3]!] : [d[3]!, d[1]!, d[2]!];
  const x0 = Math.min(W - 1, Math.max(0, Math.round(contentBox[0] * W)));
  const y0 = Math.min(H - 1, Math.max(0, Math.round(contentBox[1] * H)));
  const width = Math.max(1, Math.min(W - x0, Math.round(contentBox[2] * W)));
  const height = Math.max(1, Math.min(H - y0, Math.round(contentBox[3] * H)));
  const base = index * C * H * W;
  const at =
    layout === "nchw" || d.length === 3
      ? (c: number, x: number, y: number) => t.data[base + c * H * W + (y0 + y) * W + (x0 + x)]!
      : (c: number, x: number, y: number) => t.data[base + ((y0 + y) * W + (x0 + x)) * C + c]!;
  return { height, width, channels: C, at };
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
