import { ManifestError } from "../../errors.js";
import type { ModelSource } from "../manifest-schema.js";

/** What a source's fetcher is told besides the source itself. */
export interface SourceFetchContext {
  /** Where the entry's manifest came from: `"builtin"`, a registered directory or a URL (a `dir` source is relative to a directory). */
  origin: string | undefined;
}

/**
 * How files come from one kind of source (`source.type` of a manifest entry): puts the
 * source's files into `staging` and returns a description of where they came from
 * (recorded in the model's lock). The files are verified afterwards by the caller.
 */
export interface ModelSourceKind<T extends ModelSource["type"] = ModelSource["type"]> {
  /** The `source.type` it serves. */
  readonly type: T;
  /** Fetches or copies the files of `source` into `staging`. */
  fetch(source: Extract<ModelSource, { type: T }>, staging: string, context: SourceFetchContext): Promise<string>;
}

const KINDS = new Map<string, ModelSourceKind>();

/**
 * Registers how files of a `source.type` are fetched (each source module registers its
 * own, as onnxruntime-common's `registerBackend` does for backends). The fields of each
 * type are declared in the manifest schema's `ModelSourceSchema`.
 */
export function registerModelSource<T extends ModelSource["type"]>(kind: ModelSourceKind<T>): void {
  KINDS.set(kind.type, kind as unknown as ModelSourceKind);
}

/** Fetches the files of `source` through its registered kind. */
export function fetchSourceFiles(source: ModelSource, staging: string, context: SourceFetchContext): Promise<string> {
  const kind = KINDS.get(source.type);
  if (!kind) throw new ManifestError(`No model source kind "${source.type}" is registered; known: ${[...KINDS.keys()].join(", ")}.`);
  return kind.fetch(source, staging, context);
}
