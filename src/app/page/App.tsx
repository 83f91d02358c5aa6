import { useCallback, useEffect, useMemo, useState } from "react";
import type { BrainRunsResponse, DatasetsResponse, SampleFilter, SampleJSON, ViewInfo } from "../api-types.js";
import { CLASSED_LABELS } from "../label-json.js";
import { getBrainRuns, getDatasets, getView, setDataset } from "./api.js";
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
  const [brain, setBrain] = useState<BrainRunsResponse>({ similarity: [], visualization: [] });
  const [sortBy, setSortBy] = useState("");
  const [similar, setSimilar] = useState<{ query: string; brainKey: string; label: string } | undefined>(undefined);
  const [prompt, setPrompt] = useState("");
  const [similarPatches, setSimilarPatches] = useState<{ query: string; brainKey: string; label: string } | undefined>(undefined);

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
        setSortBy("");
        setSimilar(undefined);
        setSimilarPatches(undefined);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    getBrainRuns()
      .then(setBrain)
      .catch(() => setBrain({ similarity: [], visualization: [] }));
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
    return {
      ...(tags.length > 0 ? { tags } : {}),
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      ...(selected ? { ids: selected } : {}),
      ...(similarPatches
        ? { similarPatches: { query: similarPatches.query, brainKey: similarPatches.brainKey } }
        : similar
          ? { similar: { query: similar.query, brainKey: similar.brainKey } }
          : sortBy
            ? { sortBy: { field: sortBy } }
            : {}),
    };
  }, [info, classFilters, settledConfidence, tags, selected, similar, similarPatches, sortBy]);

  const pages = useSamplePages(filter, info?.version ?? 0);
  const sampleFields = useMemo(() => (info?.fields ?? []).filter((f) => !f.frame && visible.has(f.name)).map((f) => f.name), [info, visible]);
  const frameFields = useMemo(() => (info?.fields ?? []).filter((f) => f.frame && visible.has(fieldKey(f))).map((f) => f.name), [info, visible]);
  const closeModal = useCallback(() => setOpenSample(undefined), []);
  const numericFields = (info?.fields ?? []).filter((f) => !f.frame && (f.type === "float" || f.type === "int")).map((f) => f.name);
  const similarityKey = brain.similarity.find((s) => s.patchesField === undefined)?.key;
  const promptIndex = brain.similarity.find((s) => s.promptModel && s.patchesField === undefined);
  const patchIndexes = new Map(brain.similarity.flatMap((s) => (s.patchesField !== undefined ? [[s.patchesField, s.key] as const] : [])));

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
          {similarPatches ? `${pages.total ?? "…"} objects in ${info.count} samples` : `${pages.total ?? "…"} of ${info.count} samples`}
        </span>
        {similarPatches ? (
          <span className="chip" data-testid="similar-objects-chip">
            objects similar to {similarPatches.label}{" "}
            <button type="button" onClick={() => setSimilarPatches(undefined)} data-testid="clear-similar-objects" aria-label="Leave the patches view">
              ×
            </button>
          </span>
        ) : similar ? (
          <span className="chip" data-testid="similar-chip">
            similar to {similar.label}{" "}
            <button type="button" onClick={() => setSimilar(undefined)} data-testid="clear-similar" aria-label="Clear similarity order">
              ×
            </button>
          </span>
        ) : (
          <label>
            Sort by{" "}
            <select value={sortBy} onChange={(e) => setSortBy(e.currentTarget.value)} data-testid="sort-by">
              <option value="">view order</option>
              {numericFields.map((f) => (
                <option key={f} value={f}>
                  {f} ↓
                </option>
              ))}
            </select>
          </label>
        )}
        {promptIndex && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (prompt.trim()) setSimilar({ query: prompt.trim(), brainKey: promptIndex.key, label: `"${prompt.trim()}"` });
            }}
          >
            <input value={prompt} placeholder="Search by text" onChange={(e) => setPrompt(e.currentTarget.value)} data-testid="prompt-search" />
          </form>
        )}
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
        {showEmbeddings && <EmbeddingsPanel info={info} visualizations={brain.visualization} onSelect={setSelected} />}
      </div>
      {openSample && (
        <SampleModal
          sample={openSample}
          fields={sampleFields}
          frameFields={frameFields}
          skeletons={info.skeletons}
          filter={filter}
          onClose={closeModal}
          {...(similarityKey
            ? {
                onShowSimilar: () => {
                  setSimilar({ query: openSample.id, brainKey: similarityKey, label: openSample.filepath.split(/[\\/]/).pop() ?? openSample.id });
                  setOpenSample(undefined);
                },
              }
            : {})}
          {...(patchIndexes.size > 0
            ? {
                patchFields: new Set(patchIndexes.keys()),
                onShowSimilarObject: (field: string, item: Record<string, unknown>) => {
                  const name = openSample.filepath.split(/[\\/]/).pop() ?? openSample.id;
                  setSimilarPatches({ query: String(item.id), brainKey: patchIndexes.get(field)!, label: `${typeof item.label === "string" ? item.label : "object"} in ${name}` });
                  setOpenSample(undefined);
                },
              }
            : {})}
        />
      )}
    </div>
  );
}
