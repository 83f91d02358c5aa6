import { confidenceOf, isLabelDoc, labelItems, type LabelDoc } from "../label-json.js";
import { mediaUrl } from "./api.js";
import { colorFor, rgbFor } from "./colors.js";
import { decodeArray2D, isArray2DJSON, maskCanvas, pngMask } from "./masks.js";

/** Where the image sits on the canvas, in canvas pixels. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** What was drawn, counted per kind (the tests read these from the cards). */
export interface DrawCounts {
  boxes: number;
  masks: number;
  keypoints: number;
  polylines: number;
  /** Class names of the drawn boxes, in drawing order. */
  boxLabels: string[];
}

/** How to draw. */
export interface DrawStyle {
  /** Line width in canvas pixels. */
  lineWidth: number;
  /** Font size of box captions; 0 draws no captions. */
  fontSize: number;
  /** Skeleton edges per keypoints field key. */
  skeletons: Record<string, [number, number][]>;
  /** Called when a mask PNG finished loading, to draw again. */
  redraw: () => void;
}

/** Every label of `fields` (names in `doc`, drawn in that order) onto `ctx` inside `rect`. */
export function drawLabels(ctx: CanvasRenderingContext2D, rect: Rect, doc: Record<string, unknown>, fields: readonly string[], style: DrawStyle, keyPrefix = ""): DrawCounts {
  const counts: DrawCounts = { boxes: 0, masks: 0, keypoints: 0, polylines: 0, boxLabels: [] };
  // Pixel masks first, so that boxes, lines and points stay visible on top.
  for (const field of fields) {
    const value = doc[field];
    if (isLabelDoc(value) && (value._cls === "Segmentation" || value._cls === "Heatmap")) counts.masks += drawPixelMap(ctx, rect, value, style);
  }
  for (const field of fields) {
    const value = doc[field];
    if (!isLabelDoc(value)) continue;
    for (const item of labelItems(value)) {
      switch (item._cls) {
        case "Detection":
          counts.masks += drawDetection(ctx, rect, item, style) ? 1 : 0;
          counts.boxes += 1;
          counts.boxLabels.push(String(item.label));
          break;
        case "Keypoint":
          counts.keypoints += drawKeypoint(ctx, rect, item, style.skeletons[keyPrefix + field] ?? [], style);
          break;
        case "Polyline":
          drawPolyline(ctx, rect, item, style);
          counts.polylines += 1;
          break;
      }
    }
  }
  return counts;
}

/** Draws a box with its caption and instance mask; true when it had a mask. */
function drawDetection(ctx: CanvasRenderingContext2D, r: Rect, d: LabelDoc, style: DrawStyle): boolean {
  const [bx, by, bw, bh] = d.boundingBox as [number, number, number, number];
  const x = r.x + bx * r.w;
  const y = r.y + by * r.h;
  const w = bw * r.w;
  const h = bh * r.h;
  const color = colorFor(String(d.label));
  const hasMask = isArray2DJSON(d.mask);
  if (isArray2DJSON(d.mask)) {
    const [mh, mw] = d.mask.shape;
    ctx.drawImage(maskCanvas(d.mask, mw, mh, decodeArray2D(d.mask), rgbFor(String(d.label))), x, y, w, h);
  }
  ctx.strokeStyle = color;
  ctx.lineWidth = style.lineWidth;
  ctx.strokeRect(x, y, w, h);
  if (style.fontSize > 0) {
    const c = confidenceOf(d);
    const caption = c === undefined ? String(d.label) : `${String(d.label)} ${c.toFixed(2)}`;
    ctx.font = `${style.fontSize}px system-ui, sans-serif`;
    const tw = ctx.measureText(caption).width + 6;
    const ty = y - style.fontSize - 4 >= r.y ? y - style.fontSize - 4 : y;
    ctx.fillStyle = color;
    ctx.fillRect(x - style.lineWidth / 2, ty, tw, style.fontSize + 4);
    ctx.fillStyle = "#fff";
    ctx.textBaseline = "top";
    ctx.fillText(caption, x + 3 - style.lineWidth / 2, ty + 2);
  }
  return hasMask;
}

/** Draws the points of a keypoint set and the skeleton edges between present points; returns how many points. */
function drawKeypoint(ctx: CanvasRenderingContext2D, r: Rect, k: LabelDoc, edges: readonly [number, number][], style: DrawStyle): number {
  const points = (k.points as ([number, number] | null)[]).map((p) => (p === null ? null : ([r.x + p[0] * r.w, r.y + p[1] * r.h] as const)));
  const color = colorFor(String(k.label));
  ctx.strokeStyle = color;
  ctx.lineWidth = style.lineWidth;
  for (const [a, b] of edges) {
    const pa = points[a];
    const pb = points[b];
    if (!pa || !pb) continue;
    ctx.beginPath();
    ctx.moveTo(pa[0], pa[1]);
    ctx.lineTo(pb[0], pb[1]);
    ctx.stroke();
  }
  let n = 0;
  ctx.fillStyle = color;
  for (const p of points) {
    if (!p) continue;
    ctx.beginPath();
    ctx.arc(p[0], p[1], style.lineWidth * 1.6, 0, 2 * Math.PI);
    ctx.fill();
    n++;
  }
  return n;
}

function drawPolyline(ctx: CanvasRenderingContext2D, r: Rect, p: LabelDoc, style: DrawStyle): void {
  const color = colorFor(String(p.label));
  ctx.strokeStyle = color;
  ctx.lineWidth = style.lineWidth;
  for (const shape of p.points as [number, number][][]) {
    if (shape.length === 0) continue;
    ctx.beginPath();
    shape.forEach(([px, py], i) => (i === 0 ? ctx.moveTo(r.x + px * r.w, r.y + py * r.h) : ctx.lineTo(r.x + px * r.w, r.y + py * r.h)));
    if (p.closed === true || p.filled === true) ctx.closePath();
    if (p.filled === true) {
      ctx.globalAlpha = 0.35;
      ctx.fillStyle = color;
      ctx.fill();
      ctx.globalAlpha = 1;
    }
    ctx.stroke();
  }
}

/** Draws a Segmentation (a colour per class id) or a Heatmap over the whole image; 1 when drawn. */
function drawPixelMap(ctx: CanvasRenderingContext2D, r: Rect, label: LabelDoc, style: DrawStyle): number {
  const isHeatmap = label._cls === "Heatmap";
  const inline = isHeatmap ? label.map : label.mask;
  const filePath = isHeatmap ? label.mapPath : label.maskPath;
  const range = isHeatmap ? (label.range as [number, number]) : undefined;
  if (isArray2DJSON(inline)) {
    const [h, w] = inline.shape;
    ctx.drawImage(maskCanvas(inline, w, h, decodeArray2D(inline), undefined, range), r.x, r.y, r.w, r.h);
    return 1;
  }
  if (typeof filePath === "string") {
    const png = pngMask(mediaUrl(filePath), style.redraw);
    if (!png) return 0;
    ctx.drawImage(maskCanvas(png, png.width, png.height, png.values, undefined, range), r.x, r.y, r.w, r.h);
    return 1;
  }
  return 0;
}

/** The class names of a sample's classification fields (and regression values), with confidences, for chips. */
export function classificationChips(doc: Record<string, unknown>, fields: readonly string[]): { field: string; label: string; confidence?: number }[] {
  const chips: { field: string; label: string; confidence?: number }[] = [];
  for (const field of fields) {
    const value = doc[field];
    if (isLabelDoc(value) && value._cls === "Regression" && typeof value.value === "number") {
      chips.push({ field, label: `${field} ${+value.value.toFixed(3)}`, confidence: confidenceOf(value) });
      continue;
    }
    if (!isLabelDoc(value) || (value._cls !== "Classification" && value._cls !== "Classifications")) continue;
    for (const item of labelItems(value)) chips.push({ field, label: String(item.label), confidence: confidenceOf(item) });
  }
  return chips;
}

/**
 * Sizes `canvas` to `width`×`height` CSS pixels at the screen's pixel density and returns
 * its cleared 2-D context, scaled so that drawing uses CSS pixels.
 */
export function hiDpiContext(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  const ctx = canvas.getContext("2d")!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}
