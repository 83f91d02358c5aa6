import { useCallback, useEffect, useMemo, useState } from "react";
import type { DatasetsResponse, SampleFilter, SampleJSON, ViewInfo } from "../api-types.js";
import { CLASSED_LABELS } from "../label-json.js";
import { getDatasets, getView, setDataset } from "./api.js";
import { setClassOrder } from "./colors.js";
import { EmbeddingsPanel } from "./EmbeddingsPanel.js";
import { Grid } from "./Grid.js";
import { SampleModal } from "./SampleModal.js";
import { fieldKey, isLabelField, Sidebar } from "./Sidebar.js";
import { useSamplePages } from "./use-sample-pages.js";

/** How long the confidence slider must rest before the grid is refiltered. */
const SLIDER_SETTLE_MS = 120;

/** The whole page: header, sidebar, grid, embeddings panel and the sample modal. */
export function App() {
  const [info, setInfo] = useState<ViewInfo | undefined>(undefined);
  const [datasets, setDatasets] = useState<DatasetsResponse | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [visible, setVisible] = useState<Set<string>>(new Set());
  const [classFilters, setClassFilters] = useState<Record<string, string[]>>({});
  const [minConfidence, setMinConfidence] = useState(0);
  const [settledConfidence, setSettledConfidence] = useState(0);
  const [tags, setTags] = useState<string[]>([]);
  const [selected, setSelected] = useState<string[] | undefined>(undefined);
  const [openSample, setOpenSample] = useState<SampleJSON | undefined>(undefined);
  const [showEmbeddings, setShowEmbeddings] = useState(false);
  const [cardSize, setCardSize] = useState(220);

  const reload = useCallback(() => {
    getView()
      .then((v) => {
        setClassOrder(v.fields.flatMap((f) => f.classes?.map((c) => c.label) ?? []));
        setInfo(v);
        setVisible(new Set(v.fields.filter(isLabelField).map(fieldKey)));
        setClassFilters({});
        setTags([]);
        setSelected(undefined);
        setOpenSample(undefined);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    getDatasets()
      .then(setDatasets)
      .catch(() => setDatasets(undefined));
  }, []);

  // Load now, and again whenever the session's view changes (server-sent events).
  useEffect(() => {
    reload();
    const events = new EventSource("api/events");
    let version: number | undefined;
    events.addEventListener("view", (e: MessageEvent<string>) => {
      const v = (JSON.parse(e.data) as { version: number }).version;
      if (version !== undefined && v !== version) reload();
      version = v;
    });
    return () => events.close();
  }, [reload]);

  useEffect(() => {
    const t = setTimeout(() => setSettledConfidence(minConfidence), SLIDER_SETTLE_MS);
    return () => clearTimeout(t);
  }, [minConfidence]);

  const filter = useMemo<SampleFilter>(() => {
    const labels: NonNullable<SampleFilter["labels"]> = {};
    for (const f of info?.fields ?? []) {
      if (!CLASSED_LABELS.has(f.type)) continue;
      const key = fieldKey(f);
      const classes = classFilters[key] ?? [];
      if (classes.length > 0 || settledConfidence > 0) labels[key] = { ...(classes.length > 0 ? { classes } : {}), ...(settledConfidence > 0 ? { minConfidence: settledConfidence } : {}) };
    }
    return { ...(tags.length > 0 ? { tags } : {}), ...(Object.keys(labels).length > 0 ? { labels } : {}), ...(selected ? { ids: selected } : {}) };
  }, [info, classFilters, settledConfidence, tags, selected]);

  const pages = useSamplePages(filter, info?.version ?? 0);
  const sampleFields = useMemo(() => (info?.fields ?? []).filter((f) => !f.frame && visible.has(f.name)).map((f) => f.name), [info, visible]);
  const frameFields = useMemo(() => (info?.fields ?? []).filter((f) => f.frame && visible.has(fieldKey(f))).map((f) => f.name), [info, visible]);
  const closeModal = useCallback(() => setOpenSample(undefined), []);

  if (error) return <div className="error page-error">{error}</div>;
  if (!info) return <div className="loading">Loading…</div>;
  const toggle = <T,>(list: T[], x: T) => (list.includes(x) ? list.filter((y) => y !== x) : [...list, x]);
  return (
    <div className="app">
      <header>
        <b className="brand">modelzoo</b>
        <select
          value={info.dataset}
          data-testid="dataset-select"
          onChange={(e) => {
            setDataset(e.currentTarget.value).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
          }}
        >
          {(datasets?.datasets.includes(info.dataset) ? datasets.datasets : [info.dataset]).map((d) => (
            <option key={d}>{d}</option>
          ))}
        </select>
        {info.stages && <code className="stages">{info.stages}</code>}
        <span data-testid="sample-count">
          {pages.total ?? "…"} of {info.count} samples
        </span>
        <span className="spacer" />
        <label>
          Size <input type="range" min={120} max={400} value={cardSize} onChange={(e) => setCardSize(Number(e.currentTarget.value))} />
        </label>
        <button type="button" onClick={() => setShowEmbeddings((s) => !s)} data-testid="toggle-embeddings">
          Embeddings
        </button>
      </header>
      <div className="body">
        <Sidebar
          info={info}
          visible={visible}
          onToggleField={(key) => setVisible((v) => new Set(v.has(key) ? [...v].filter((k) => k !== key) : [...v, key]))}
          classFilters={classFilters}
          onToggleClass={(key, label) => setClassFilters((c) => ({ ...c, [key]: toggle(c[key] ?? [], label) }))}
          minConfidence={minConfidence}
          onMinConfidence={setMinConfidence}
          tags={tags}
          onToggleTag={(t) => setTags((ts) => toggle(ts, t))}
          selectedCount={selected?.length}
          onClearSelection={() => setSelected(undefined)}
        />
        <main>
          <Grid pages={pages} cardSize={cardSize} fields={sampleFields} skeletons={info.skeletons} onOpen={setOpenSample} />
        </main>
        {showEmbeddings && <EmbeddingsPanel info={info} onSelect={setSelected} />}
      </div>
      {openSample && (
        <SampleModal sample={openSample} fields={sampleFields} frameFields={frameFields} skeletons={info.skeletons} filter={filter} onClose={closeModal} />
      )}
    </div>
  );
}
