import { useEffect, useMemo, useRef, useState } from "react";
import type { BrainRunsResponse, EmbeddingPoint, EmbeddingsResponse, ViewInfo } from "../api-types.js";
import { CLASSED_LABELS } from "../label-json.js";
import { getEmbeddings } from "./api.js";
import { colorFor } from "./colors.js";

/** Props of {@link EmbeddingsPanel}. */
export interface EmbeddingsPanelProps {
  info: ViewInfo;
  /** Stored visualizations (computeVisualization) to choose from. */
  visualizations: BrainRunsResponse["visualization"];
  /** Called with the ids inside a dragged rectangle (none: the selection is cleared). */
  onSelect: (ids: string[] | undefined) => void;
}

const WIDTH = 420;
const HEIGHT = 340;
const PAD = 16;

/** Colour of a point: by class or string value, or on a blue→red ramp over the range of a numeric field. */
function pointColor(p: EmbeddingPoint, range: [number, number] | undefined): string {
  if (p.label === null) return "#888";
  if (typeof p.label === "number" && range) {
    const t = range[1] > range[0] ? (p.label - range[0]) / (range[1] - range[0]) : 0.5;
    return `hsl(${Math.round(240 - 240 * t)}, 80%, 55%)`;
  }
  return colorFor(p.label);
}

/**
 * A scatter plot of the samples' embeddings in 2-D: a stored visualization
 * (computeVisualization: UMAP or PCA), or an embeddings field projected by PCA on the
 * server; coloured by any field (a label field's class, a number on a ramp, a string).
 * Dragging a rectangle selects the points in it, which filters the grid.
 */
export function EmbeddingsPanel({ info, visualizations, onSelect }: EmbeddingsPanelProps) {
  const vectorFields = info.fields.filter((f) => !f.frame && f.type === "vector").map((f) => f.name);
  const labelFields = info.fields.filter((f) => !f.frame && CLASSED_LABELS.has(f.type)).map((f) => f.name);
  const colorFields = [...labelFields, ...info.fields.filter((f) => !f.frame && f.type !== "vector" && !CLASSED_LABELS.has(f.type) && ["float", "int", "string", "bool"].includes(f.type)).map((f) => f.name)];
  const sources = [...visualizations.map((v) => ({ value: `brain:${v.key}`, text: `${v.key} (${v.method})` })), ...vectorFields.map((f) => ({ value: `field:${f}`, text: `${f} (PCA)` }))];
  const [source, setSource] = useState(sources[0]?.value ?? "");
  const [colorBy, setColorBy] = useState(labelFields[0] ?? "");
  const [data, setData] = useState<EmbeddingsResponse | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [drag, setDrag] = useState<{ x0: number; y0: number; x1: number; y1: number } | undefined>(undefined);
  const [lassoMode, setLassoMode] = useState(false);
  const [lasso, setLasso] = useState<{ x: number; y: number }[] | undefined>(undefined);
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (!source) return;
    const [kind, name] = [source.slice(0, source.indexOf(":")), source.slice(source.indexOf(":") + 1)];
    getEmbeddings({ ...(kind === "brain" ? { brainKey: name } : { field: name }), colorBy: colorBy || undefined })
      .then((d) => {
        setData(d);
        setError(undefined);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [source, colorBy, info.version]);

  const range = useMemo<[number, number] | undefined>(() => {
    const nums = (data?.points ?? []).flatMap((p) => (typeof p.label === "number" ? [p.label] : []));
    return nums.length > 0 ? [Math.min(...nums), Math.max(...nums)] : undefined;
  }, [data]);

  // Data → canvas coordinates.
  const scale = useMemo(() => {
    const pts = data?.points ?? [];
    const xs = pts.map((p) => p.x);
    const ys = pts.map((p) => p.y);
    const [minX, maxX, minY, maxY] = [Math.min(...xs, 0), Math.max(...xs, 0), Math.min(...ys, 0), Math.max(...ys, 0)];
    const sx = (WIDTH - 2 * PAD) / (maxX - minX || 1);
    const sy = (HEIGHT - 2 * PAD) / (maxY - minY || 1);
    return { x: (v: number) => PAD + (v - minX) * sx, y: (v: number) => HEIGHT - PAD - (v - minY) * sy };
  }, [data]);

  useEffect(() => {
    const c = canvas.current;
    if (!c || !data) return;
    const ctx = c.getContext("2d")!;
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    for (const p of data.points) {
      ctx.fillStyle = pointColor(p, range);
      ctx.beginPath();
      ctx.arc(scale.x(p.x), scale.y(p.y), 4, 0, 2 * Math.PI);
      ctx.fill();
    }
    if (lasso && lasso.length > 1) {
      ctx.strokeStyle = "#fff";
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      lasso.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
      ctx.closePath();
      ctx.stroke();
      ctx.setLineDash([]);
    }
    if (drag) {
      ctx.strokeStyle = "#fff";
      ctx.setLineDash([4, 3]);
      ctx.strokeRect(Math.min(drag.x0, drag.x1), Math.min(drag.y0, drag.y1), Math.abs(drag.x1 - drag.x0), Math.abs(drag.y1 - drag.y0));
      ctx.setLineDash([]);
    }
  }, [data, scale, drag, range, lasso]);

  const pos = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * WIDTH) / r.width, y: ((e.clientY - r.top) * HEIGHT) / r.height };
  };
  const finishLasso = () => {
    const path = lasso;
    setLasso(undefined);
    if (!path || !data) return;
    if (path.length < 3) return onSelect(undefined); // a click clears
    onSelect(data.points.filter((p) => insidePolygon(scale.x(p.x), scale.y(p.y), path)).map((p) => p.id));
  };
  const finish = () => {
    if (lassoMode) return finishLasso();
    if (!drag || !data) return;
    const [x0, x1] = [Math.min(drag.x0, drag.x1), Math.max(drag.x0, drag.x1)];
    const [y0, y1] = [Math.min(drag.y0, drag.y1), Math.max(drag.y0, drag.y1)];
    setDrag(undefined);
    if (x1 - x0 < 3 && y1 - y0 < 3) return onSelect(undefined); // a click clears
    const ids = data.points.filter((p) => scale.x(p.x) >= x0 && scale.x(p.x) <= x1 && scale.y(p.y) >= y0 && scale.y(p.y) <= y1).map((p) => p.id);
    onSelect(ids);
  };

  const legend = range ? [] : [...new Set((data?.points ?? []).map((p) => p.label))];
  if (sources.length === 0)
    return (
      <div className="embeddings muted">
        No embeddings in this view; compute a field with computeEmbeddings(model, &#123; embeddingsField &#125;) or a map with computeVisualization (CLI: modelzoo brain
        visualization).
      </div>
    );
  return (
    <div className="embeddings" data-testid="embeddings-panel">
      <div className="row">
        <label>
          Embeddings{" "}
          <select value={source} onChange={(e) => setSource(e.currentTarget.value)} data-testid="embeddings-field">
            {sources.map((s) => (
              <option key={s.value} value={s.value}>
                {s.text}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={lassoMode} onChange={(e) => setLassoMode(e.currentTarget.checked)} data-testid="embeddings-lasso" /> lasso
        </label>
        <label>
          Colour by{" "}
          <select value={colorBy} onChange={(e) => setColorBy(e.currentTarget.value)} data-testid="embeddings-color-by">
            <option value="">—</option>
            {colorFields.map((f) => (
              <option key={f}>{f}</option>
            ))}
          </select>
        </label>
      </div>
      {error && <div className="error">{error}</div>}
      <canvas
        ref={canvas}
        width={WIDTH}
        height={HEIGHT}
        className="scatter"
        data-testid="embeddings-plot"
        data-points={data?.points.length ?? 0}
        onMouseDown={(e) => {
          const p = pos(e);
          if (lassoMode) setLasso([p]);
          else setDrag({ x0: p.x, y0: p.y, x1: p.x, y1: p.y });
        }}
        onMouseMove={(e) => {
          const p = pos(e);
          if (lasso) setLasso([...lasso, p]);
          else if (drag) setDrag({ ...drag, x1: p.x, y1: p.y });
        }}
        onMouseUp={finish}
        onMouseLeave={() => (drag || lasso) && finish()}
      />
      {data && (
        <p className="muted">
          {data.explainedVariance
            ? `PCA: ${(data.explainedVariance[0] * 100).toFixed(0)}% + ${(data.explainedVariance[1] * 100).toFixed(0)}% of the variance`
            : `stored ${data.method ?? ""} map`}
          {data.missing > 0 ? ` · ${data.missing} sample${data.missing === 1 ? "" : "s"} without a vector` : ""} · {lassoMode ? "draw around points" : "drag"} to select
        </p>
      )}
      <div className="legend" data-testid="embeddings-legend">
        {range && (
          <span>
            <span className="swatch" style={{ background: "hsl(240, 80%, 55%)" }} />
            {range[0].toFixed(3)} → <span className="swatch" style={{ background: "hsl(0, 80%, 55%)" }} />
            {range[1].toFixed(3)}
          </span>
        )}
        {legend.map((l) => (
          <span key={String(l)}>
            <span className="swatch" style={{ background: l === null ? "#888" : colorFor(l) }} />
            {l ?? "none"}
          </span>
        ))}
      </div>
    </div>
  );
}

/** True when (x, y) lies inside the polygon (even-odd rule). */
function insidePolygon(x: number, y: number, poly: readonly { x: number; y: number }[]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[i]!;
    const b = poly[j]!;
    if (a.y > y !== b.y > y && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}
