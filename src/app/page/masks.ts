import { rgbFor } from "./colors.js";

/** An `Array2D` in JSON form: shape, dtype and little-endian base64 bytes (see src/labels/array2d.ts). */
export interface Array2DJSON {
  shape: [number, number];
  dtype: "uint8" | "uint16" | "int32" | "float32";
  data: string;
}

/** Opacity of drawn masks, so the image shows through. */
export const MASK_ALPHA = 110;

/** True for a value shaped like {@link Array2DJSON}. */
export function isArray2DJSON(v: unknown): v is Array2DJSON {
  const a = v as Partial<Array2DJSON> | null;
  return typeof a === "object" && a !== null && Array.isArray(a.shape) && typeof a.dtype === "string" && typeof a.data === "string";
}

/** The values of an Array2D JSON as numbers, row-major. */
export function decodeArray2D(json: Array2DJSON): ArrayLike<number> {
  const bin = atob(json.data);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  // The browsers the app targets are little-endian, like the stored bytes.
  switch (json.dtype) {
    case "uint8":
      return bytes;
    case "uint16":
      return new Uint16Array(bytes.buffer);
    case "int32":
      return new Int32Array(bytes.buffer);
    case "float32":
      return new Float32Array(bytes.buffer);
  }
}

const canvases = new WeakMap<object, HTMLCanvasElement>();

/**
 * A canvas of the mask's size with each non-zero value painted translucent: one
 * colour (`color`, for an instance mask) or a colour per class id (semantic maps),
 * or for a heatmap (`range` given) red with opacity growing with the value.
 * Cached per mask object, so redraws do not decode again.
 */
export function maskCanvas(key: object, width: number, height: number, values: ArrayLike<number>, color?: [number, number, number], range?: [number, number]): HTMLCanvasElement {
  const cached = canvases.get(key);
  if (cached) return cached;
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext("2d")!;
  const img = ctx.createImageData(width, height);
  const px = img.data;
  for (let i = 0; i < width * height; i++) {
    const v = values[i] ?? 0;
    if (range) {
      const t = Math.min(1, Math.max(0, (v - range[0]) / (range[1] - range[0])));
      px.set([255, Math.round(200 * (1 - t)), 0, Math.round(180 * t)], i * 4);
      continue;
    }
    if (v === 0) continue;
    const [r, g, b] = color ?? rgbFor(v);
    px.set([r, g, b, MASK_ALPHA], i * 4);
  }
  ctx.putImageData(img, 0, 0);
  canvases.set(key, canvas);
  return canvas;
}

const pngValues = new Map<string, { width: number; height: number; values: Uint8Array } | "loading" | "failed">();

/**
 * The values of a mask PNG on disk (its first channel), loaded through the media
 * route; undefined while loading, and `onLoad` is called once it is there.
 */
export function pngMask(url: string, onLoad: () => void): { width: number; height: number; values: Uint8Array } | undefined {
  const entry = pngValues.get(url);
  if (entry === "failed") return undefined;
  if (entry && entry !== "loading") return entry;
  if (entry === undefined) {
    pngValues.set(url, "loading");
    const img = new Image();
    img.onload = () => {
      const c = document.createElement("canvas");
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const ctx = c.getContext("2d")!;
      ctx.drawImage(img, 0, 0);
      const rgba = ctx.getImageData(0, 0, c.width, c.height).data;
      const values = new Uint8Array(c.width * c.height);
      for (let i = 0; i < values.length; i++) values[i] = rgba[i * 4]!;
      pngValues.set(url, { width: c.width, height: c.height, values });
      onLoad();
    };
    img.onerror = () => pngValues.set(url, "failed");
    img.src = url;
  }
  return undefined;
}
