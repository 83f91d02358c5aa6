import { useEffect, useRef, useState } from "react";
import type { PatchInfo, SampleJSON } from "../api-types.js";
import { isLabelDoc, labelItems } from "../label-json.js";
import { thumbnailUrl } from "./api.js";
import { colorFor } from "./colors.js";
import { hiDpiContext } from "./draw-labels.js";
import { containRect } from "./SampleCard.js";

/** Props of {@link PatchCard}. */
export interface PatchCardProps {
  /** A patches-view item: the sample, its patches field holding just the object, and `_patch`. */
  sample: SampleJSON;
  /** Side of the square card, in CSS pixels. */
  size: number;
  onOpen: (sample: SampleJSON) => void;
}

/** Relative `[x, y, w, h]` around an object: a Detection's box, or the bounds of a Polyline's points. */
export function objectBox(item: Record<string, unknown>): [number, number, number, number] | undefined {
  if (Array.isArray(item.boundingBox) && item.boundingBox.length === 4) return item.boundingBox as [number, number, number, number];
  if (Array.isArray(item.points)) {
    const pts = (item.points as unknown[]).flat().filter((p): p is [number, number] => Array.isArray(p) && p.length >= 2);
    if (pts.length === 0) return undefined;
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    const x = Math.min(...xs);
    const y = Math.min(...ys);
    return [x, y, Math.max(...xs) - x, Math.max(...ys) - y];
  }
  return undefined;
}

/** The `_patch` of a patches-view item, its object's box and class. */
function patchOf(sample: SampleJSON): { patch: PatchInfo; box: [number, number, number, number] | undefined; label: string } {
  const patch = sample._patch as PatchInfo;
  const value = sample[patch.field];
  const item = isLabelDoc(value) ? (labelItems(value).find((i) => i.id === patch.labelId) ?? value) : undefined;
  return { patch, box: item ? objectBox(item) : undefined, label: typeof item?.label === "string" ? item.label : "" };
}

/**
 * One object of a patches view (FiftyOne's patches view): the object's region of its
 * sample's image, cropped and fitted into the card, with its class and its distance to
 * the query. Clicking opens the sample.
 */
export function PatchCard({ sample, size, onOpen }: PatchCardProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const img = useRef<HTMLImageElement>(null);
  const [loaded, setLoaded] = useState(false);
  const { patch, box, label } = patchOf(sample);

  useEffect(() => {
    const c = canvas.current;
    const image = img.current;
    const { box, label } = patchOf(sample);
    if (!c || !image || !loaded || !box) return;
    const ctx = hiDpiContext(c, size, size);
    const W = image.naturalWidth;
    const H = image.naturalHeight;
    const sx = Math.max(0, box[0] * W);
    const sy = Math.max(0, box[1] * H);
    const sw = Math.max(1, Math.min(W - sx, box[2] * W));
    const sh = Math.max(1, Math.min(H - sy, box[3] * H));
    const r = containRect(sw, sh, size, size);
    ctx.drawImage(image, sx, sy, sw, sh, r.x, r.y, r.w, r.h);
    ctx.strokeStyle = colorFor(label);
    ctx.lineWidth = 2;
    ctx.strokeRect(r.x + 1, r.y + 1, r.w - 2, r.h - 2);
  }, [loaded, sample, size]);

  const name = sample.filepath.split(/[\\/]/).pop() ?? sample.filepath;
  return (
    <div
      className="card patch"
      style={{ width: size, height: size }}
      data-sample-id={sample.id}
      data-label-id={patch.labelId}
      data-filename={name}
      data-distance={patch.distance.toFixed(6)}
      data-drawn={loaded && box ? "true" : "false"}
      title={`${label} in ${name}`}
      onClick={() => onOpen(sample)}
    >
      <img ref={img} src={thumbnailUrl(sample.filepath, 512)} alt={name} style={{ display: "none" }} onLoad={() => setLoaded(true)} />
      <canvas ref={canvas} className="overlay" style={{ width: size, height: size }} />
      <div className="chips">
        <span className="chip" style={{ background: colorFor(label) }} data-chip={label}>
          {label} {patch.distance.toFixed(3)}
        </span>
      </div>
    </div>
  );
}
