import { useCallback, useEffect, useRef, useState } from "react";
import type { SampleFilter, SampleJSON } from "../api-types.js";
import { confidenceOf, isLabelDoc, labelItems } from "../label-json.js";
import { getFrames, mediaUrl } from "./api.js";
import { colorFor } from "./colors.js";
import { drawLabels, hiDpiContext, type DrawStyle } from "./draw-labels.js";
import { containRect } from "./SampleCard.js";

/** Props of {@link SampleModal}. */
export interface SampleModalProps {
  sample: SampleJSON;
  /** Sample label fields to draw. */
  fields: string[];
  /** Frame label fields to draw (names without `frames.`). */
  frameFields: string[];
  skeletons: Record<string, [number, number][]>;
  filter: SampleFilter;
  onClose: () => void;
  /** Sorts the grid by similarity to this sample (shown when the dataset has a similarity index). */
  onShowSimilar?: () => void;
  /** Fields with a patches similarity index (label fields whose objects get a "Similar" button). */
  patchFields?: ReadonlySet<string>;
  /** Shows the objects most similar to one of this sample's objects as a patches view. */
  onShowSimilarObject?: (field: string, item: Record<string, unknown>) => void;
}

/** Frame rate assumed for a video whose metadata does not give one. */
const DEFAULT_FRAME_RATE = 30;

/**
 * One sample at full size: the image (or the playing video, with each frame's
 * labels drawn as it shows) and every label listed.
 */
export function SampleModal({ sample, fields, frameFields, skeletons, filter, onClose, onShowSimilar, patchFields, onShowSimilarObject }: SampleModalProps) {
  const stage = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const [natural, setNatural] = useState<[number, number] | undefined>(undefined);
  const [frames, setFrames] = useState<Record<string, Record<string, unknown>>>({});
  const [frameNumber, setFrameNumber] = useState(1);
  const [redraws, setRedraws] = useState(0);
  const redraw = useCallback(() => setRedraws((n) => n + 1), []);
  const isVideo = sample.mediaType === "video";

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  useEffect(() => {
    if (!isVideo) return;
    getFrames(sample.id, filter)
      .then((r) => setFrames(r.frames))
      .catch(() => setFrames({}));
  }, [sample.id, isVideo, filter]);

  // Follow the video frame by frame (requestVideoFrameCallback gives the shown frame's media time).
  useEffect(() => {
    const v = video.current;
    if (!isVideo || !v) return;
    const rate = typeof sample.metadata?.frameRate === "number" && sample.metadata.frameRate > 0 ? sample.metadata.frameRate : DEFAULT_FRAME_RATE;
    let handle = 0;
    const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
      setFrameNumber(Math.floor(meta.mediaTime * rate + 1e-3) + 1);
      handle = v.requestVideoFrameCallback(onFrame);
    };
    handle = v.requestVideoFrameCallback(onFrame);
    const onSeek = () => setFrameNumber(Math.floor(v.currentTime * rate + 1e-3) + 1);
    v.addEventListener("seeked", onSeek);
    return () => {
      v.cancelVideoFrameCallback(handle);
      v.removeEventListener("seeked", onSeek);
    };
  }, [isVideo, sample.metadata]);

  useEffect(() => {
    const c = canvas.current;
    const box = stage.current;
    if (!c || !box || !natural) return;
    const w = box.clientWidth;
    const h = box.clientHeight;
    c.style.width = `${w}px`;
    c.style.height = `${h}px`;
    const ctx = hiDpiContext(c, w, h);
    const rect = containRect(natural[0], natural[1], w, h);
    const style: DrawStyle = { lineWidth: 3, fontSize: 14, skeletons, redraw };
    const counts = drawLabels(ctx, rect, sample, fields, style);
    if (isVideo) {
      const frame = frames[String(frameNumber)] ?? {};
      const more = drawLabels(ctx, rect, frame, frameFields, style, "frames.");
      counts.boxes += more.boxes;
    }
    c.dataset.boxes = String(counts.boxes);
    c.dataset.frame = String(frameNumber);
  }, [sample, fields, frameFields, frames, frameNumber, natural, skeletons, isVideo, redraw, redraws]);

  const name = sample.filepath.split(/[\\/]/).pop() ?? sample.filepath;
  const frameDoc = frames[String(frameNumber)] ?? {};
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal" data-testid="sample-modal" data-sample-id={sample.id} onClick={(e) => e.stopPropagation()}>
        <div className="modal-stage" ref={stage}>
          {isVideo ? (
            <video
              ref={video}
              className="media"
              src={mediaUrl(sample.filepath)}
              controls
              muted
              data-testid="modal-video"
              onLoadedMetadata={(e) => setNatural([e.currentTarget.videoWidth, e.currentTarget.videoHeight])}
            />
          ) : (
            <img className="media" src={mediaUrl(sample.filepath)} alt={name} onLoad={(e) => setNatural([e.currentTarget.naturalWidth, e.currentTarget.naturalHeight])} />
          )}
          <canvas ref={canvas} className="overlay" data-testid="modal-overlay" />
        </div>
        <div className="modal-side">
          <button type="button" className="close" onClick={onClose} aria-label="Close">
            ×
          </button>
          <h2 title={sample.filepath}>{name}</h2>
          <p className="muted">
            {sample.id} · {sample.mediaType}
            {sample.tags.length > 0 ? ` · tags: ${sample.tags.join(", ")}` : ""}
          </p>
          {onShowSimilar && (
            <button type="button" onClick={onShowSimilar} data-testid="show-similar">
              Show similar
            </button>
          )}
          <LabelList doc={sample} fields={fields} {...(patchFields && onShowSimilarObject ? { patchFields, onShowSimilarObject } : {})} />
          {isVideo && (
            <>
              <h3>Frame {frameNumber}</h3>
              <LabelList doc={frameDoc} fields={frameFields} />
            </>
          )}
        </div>
      </div>
    </div>
  );
}

/** Every label of the fields as a table row: field, class, confidence, and where it is. */
function LabelList({
  doc,
  fields,
  patchFields,
  onShowSimilarObject,
}: {
  doc: Record<string, unknown>;
  fields: string[];
  patchFields?: ReadonlySet<string>;
  onShowSimilarObject?: (field: string, item: Record<string, unknown>) => void;
}) {
  const rows = fields.flatMap((field) => {
    const value = doc[field];
    if (!isLabelDoc(value)) return [];
    return labelItems(value).map((item, i) => ({ field, i, item }));
  });
  if (rows.length === 0) return <p className="muted">No labels.</p>;
  return (
    <table className="labels" data-testid="label-list">
      <tbody>
        {rows.map(({ field, i, item }) => {
          const c = confidenceOf(item);
          return (
            <tr key={`${field}-${i}`} data-label={labelName(item)}>
              <td className="muted">{field}</td>
              <td>
                <span className="swatch" style={{ background: colorFor(labelName(item)) }} />
                {labelName(item)}
              </td>
              <td>{c === undefined ? "" : c.toFixed(3)}</td>
              <td className="muted">{describeGeometry(item)}</td>
              {onShowSimilarObject && patchFields?.has(field) && typeof item.id === "string" && (
                <td>
                  <button type="button" onClick={() => onShowSimilarObject(field, item)} data-testid="similar-objects" data-label-id={item.id} title="Show the most similar objects">
                    Similar
                  </button>
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function describeGeometry(item: Record<string, unknown>): string {
  if (Array.isArray(item.boundingBox)) return `box [${(item.boundingBox as number[]).map((v) => v.toFixed(3)).join(", ")}]${item.mask ? " + mask" : ""}`;
  if (item._cls === "Keypoint") return `${(item.points as unknown[]).filter((p) => p !== null).length} points`;
  if (item._cls === "Polyline") return `${(item.points as unknown[]).length} shapes${item.closed ? ", closed" : ""}`;
  if (item._cls === "Segmentation") return typeof item.maskPath === "string" ? `mask ${item.maskPath}` : "mask";
  if (item._cls === "Regression" && typeof item.value === "number") return `value ${item.value}`;
  if (item._cls === "Heatmap") return typeof item.mapPath === "string" ? `map ${item.mapPath}` : "map";
  if (item._cls === "ImageOutput") return `${String(item.width)}×${String(item.height)} image${typeof item.imagePath === "string" ? ` ${item.imagePath}` : ""}`;
  return "";
}

function labelName(item: { _cls: string; label?: unknown }): string {
  return typeof item.label === "string" ? item.label : item._cls;
}
