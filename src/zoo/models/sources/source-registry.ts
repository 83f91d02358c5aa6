import type { z } from "zod";
import { ManifestError } from "../../errors.js";

/**
 * The source kinds by `type`, each module adding its own entry by declaration merging
 * (`declare module "./source-registry.js" { interface ModelSourceTypes { npm: NpmSource } }`),
 * so that {@link ModelSource} is the union of the registered kinds' fields.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface ModelSourceTypes {}

/** Where a model's files come from: the fields of one registered source kind. */
export type ModelSource = ModelSourceTypes[keyof ModelSourceTypes];

/** What a source's fetcher is told besides the source itself. */
export interface SourceFetchContext {
  /** Where the entry's manifest came from: `"builtin"`, a registered directory or a URL (a `dir` source is relative to a directory). */
  origin: string | undefined;
}

/**
 * One kind of source (`source.type` of a manifest entry): the schema of its fields,
 * checked when the catalog loads, and how its files are fetched: `fetch` puts the
 * source's files into `staging` and returns a description of where they came from
 * (recorded in the model's lock). The files are verified afterwards by the caller.
 */
export interface ModelSourceKind<T extends keyof ModelSourceTypes = keyof ModelSourceTypes> {
  /** The `source.type` it serves. */
  readonly type: T;
  /** Its fields, `type` included. */
  readonly schema: z.ZodType<ModelSourceTypes[T], unknown>;
  /** Fetches or copies the files of `source` into `staging`. */
  fetch(source: ModelSourceTypes[T], staging: string, context: SourceFetchContext): Promise<string>;
}

const KINDS = new Map<string, ModelSourceKind>();

/**
 * Registers a kind of source: its schema and how its files are fetched (each source
 * module registers its own, as onnxruntime-common's `registerBackend` does for
 * backends). A new kind is one module: its fields' type added to
 * {@link ModelSourceTypes}, its schema and fetcher registered here.
 */
export function registerModelSource<T extends keyof ModelSourceTypes>(kind: ModelSourceKind<T>): void {
  KINDS.set(kind.type, kind);
}

/** The registered source types, sorted. */
export function modelSourceTypes(): string[] {
  return [...KINDS.keys()].sort();
}

/** A manifest `source` parsed by its kind's schema, or the problems found (paths inside the source). */
export function parseModelSource(value: { type: string }): { source: ModelSource } | { issues: { path: (string | number)[]; message: string }[] } {
  const kind = KINDS.get(value.type);
  if (!kind) return { issues: [{ path: ["type"], message: `no model source kind is called "${value.type}"; registered: ${modelSourceTypes().join(", ")}` }] };
  const parsed = kind.schema.safeParse(value);
  if (parsed.success) return { source: parsed.data };
  return { issues: parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)), message: i.message })) };
}

/** Fetches the files of `source` through its registered kind. */
export function fetchSourceFiles(source: ModelSource, staging: string, context: SourceFetchContext): Promise<string> {
  const kind = KINDS.get(source.type);
  if (!kind) throw new ManifestError(`No model source kind "${source.type}" is registered; known: ${modelSourceTypes().join(", ")}.`);
  return kind.fetch(source, staging, context);
}
