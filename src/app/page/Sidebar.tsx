import type { SchemaField, ViewInfo } from "../api-types.js";
import { CLASSED_LABELS } from "../label-json.js";
import { colorFor } from "./colors.js";

/** Props of {@link Sidebar}. */
export interface SidebarProps {
  info: ViewInfo;
  /** Field keys drawn (sample fields by name, frame fields as `frames.<name>`). */
  visible: ReadonlySet<string>;
  onToggleField: (key: string) => void;
  classFilters: Record<string, string[]>;
  onToggleClass: (key: string, label: string) => void;
  minConfidence: number;
  onMinConfidence: (value: number) => void;
  tags: string[];
  onToggleTag: (tag: string) => void;
  selectedCount: number | undefined;
  onClearSelection: () => void;
}

/** Keys the sidebar uses for a field. */
export function fieldKey(f: SchemaField): string {
  return f.frame ? `frames.${f.name}` : f.name;
}

/** True for a field whose values are labels the app draws or lists. */
export function isLabelField(f: SchemaField): boolean {
  return CLASSED_LABELS.has(f.type) || f.type === "Segmentation" || f.type === "Heatmap" || f.type === "Regression";
}

/** Field toggles, class filters, the confidence slider and tag filters. */
export function Sidebar(p: SidebarProps) {
  const labelFields = p.info.fields.filter(isLabelField);
  return (
    <aside className="sidebar">
      <section>
        <h3>Confidence ≥ {p.minConfidence.toFixed(2)}</h3>
        <input
          type="range"
          min={0}
          max={1}
          step={0.01}
          value={p.minConfidence}
          data-testid="confidence-slider"
          onChange={(e) => p.onMinConfidence(Number(e.currentTarget.value))}
        />
      </section>
      <section>
        <h3>Label fields</h3>
        {labelFields.length === 0 && <p className="muted">No label fields yet.</p>}
        {labelFields.map((f) => {
          const key = fieldKey(f);
          return (
            <div key={key} className="field">
              <label>
                <input type="checkbox" checked={p.visible.has(key)} data-testid={`field-toggle-${key}`} onChange={() => p.onToggleField(key)} />
                <b>{key}</b> <span className="muted">{f.type}</span>
              </label>
              {f.classes && f.classes.length > 0 && (
                <div className="classes">
                  {f.classes.map((c) => (
                    <label key={c.label} className="class">
                      <input
                        type="checkbox"
                        checked={p.classFilters[key]?.includes(c.label) ?? false}
                        data-testid={`class-filter-${key}-${c.label}`}
                        onChange={() => p.onToggleClass(key, c.label)}
                      />
                      <span className="swatch" style={{ background: colorFor(c.label) }} />
                      {c.label} <span className="muted">{c.count}</span>
                    </label>
                  ))}
                </div>
              )}
            </div>
          );
        })}
      </section>
      <section>
        <h3>Tags</h3>
        {p.info.tags.length === 0 && <p className="muted">No tags.</p>}
        {p.info.tags.map((t) => (
          <label key={t.tag} className="class">
            <input type="checkbox" checked={p.tags.includes(t.tag)} data-testid={`tag-filter-${t.tag}`} onChange={() => p.onToggleTag(t.tag)} />
            {t.tag} <span className="muted">{t.count}</span>
          </label>
        ))}
      </section>
      {p.selectedCount !== undefined && (
        <section>
          <h3>Selection</h3>
          <p>
            {p.selectedCount} samples selected in the embeddings plot.{" "}
            <button type="button" onClick={p.onClearSelection} data-testid="clear-selection">
              Clear
            </button>
          </p>
        </section>
      )}
    </aside>
  );
}
