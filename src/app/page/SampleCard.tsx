import { useCallback, useEffect, useRef, useState } from "react";
import type { SampleJSON } from "../api-types.js";
import { mediaUrl, thumbnailUrl } from "./api.js";
import { colorFor } from "./colors.js";
import { classificationChips, drawLabels, hiDpiContext, type DrawCounts, type Rect } from "./draw-labels.js";

/** Props of {@link SampleCard}. */
export interface SampleCardProps {
  sample: SampleJSON;
  /** Side of the square card, in CSS pixels. */
  size: number;
  /** Label fields to draw, in order. */
  fields: string[];
  skeletons: Record<string, [number, number][]>;
  onOpen: (sample: SampleJSON) => void;
}

/** Where an image of `natural` size lands when fitted ("contain") into a `size` square. */
export function containRect(naturalW: number, naturalH: number, boxW: number, boxH: number): Rect {
  const scale = Math.min(boxW / naturalW, boxH / naturalH);
  const w = naturalW * scale;
  const h = naturalH * scale;
  return { x: (boxW - w) / 2, y: (boxH - h) / 2, w, h };
}

/**
 * One sample in the grid: its thumbnail (a muted video for videos), the labels of
 * the visible fields drawn on a canvas above it, classifications as chips. The
 * counts of what was drawn are exposed as data- attributes.
 */
export function SampleCard({ sample, size, fields, skeletons, onOpen }: SampleCardProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [natural, setNatural] = useState<[number, number] | undefined>(undefined);
  const [counts, setCounts] = useState<DrawCounts | undefined>(undefined);
  const [redraws, setRedraws] = useState(0);
  const redraw = useCallback(() => setRedraws((n) => n + 1), []);

  useEffect(() => {
    const c = canvas.current;
    if (!c || !natural) return;
    const ctx = hiDpiContext(c, size, size);
    const rect = containRect(natural[0], natural[1], size, size);
    setCounts(drawLabels(ctx, rect, sample, fields, { lineWidth: 2, fontSize: 11, skeletons, redraw }));
  }, [sample, fields, natural, size, skeletons, redraw, redraws]);

  const name = sample.filepath.split(/[\\/]/).pop() ?? sample.filepath;
  const chips = classificationChips(sample, fields);
  return (
    <div
      className="card"
      style={{ width: size, height: size }}
      data-sample-id={sample.id}
      data-filename={name}
      data-drawn={counts ? "true" : "false"}
      data-boxes={counts?.boxes ?? 0}
      data-box-labels={counts?.boxLabels.join(",") ?? ""}
      data-masks={counts?.masks ?? 0}
      data-keypoints={counts?.keypoints ?? 0}
      data-polylines={counts?.polylines ?? 0}
      title={name}
      onClick={() => onOpen(sample)}
    >
      {sample.mediaType === "video" ? (
        <video
          className="media"
          src={mediaUrl(sample.filepath)}
          muted
          preload="metadata"
          onLoadedMetadata={(e) => setNatural([e.currentTarget.videoWidth, e.currentTarget.videoHeight])}
        />
      ) : (
        <img
          className="media"
          src={thumbnailUrl(sample.filepath)}
          alt={name}
          loading="lazy"
          decoding="async"
          onLoad={(e) => setNatural([e.currentTarget.naturalWidth, e.currentTarget.naturalHeight])}
        />
      )}
      <canvas ref={canvas} className="overlay" style={{ width: size, height: size }} />
      {chips.length > 0 && (
        <div className="chips">
          {chips.map((c, i) => (
            <span key={i} className="chip" style={{ background: colorFor(c.label) }} data-chip={c.label}>
              {c.label}
              {c.confidence !== undefined ? ` ${c.confidence.toFixed(2)}` : ""}
            </span>
          ))}
        </div>
      )}
      {sample.mediaType === "video" && <span className="badge">▶ video</span>}
      {sample.tags.length > 0 && <span className="tags">{sample.tags.join(" · ")}</span>}
    </div>
  );
}
