import { DatasetStateError } from "./errors.js";
import { compareValues, getPath, rootField } from "./field-path.js";
import { filterFields, matchesFilter, type FieldFilter } from "./filter.js";
import type { Sample } from "./sample.js";
import { seededShuffle } from "./seeded-shuffle.js";
import type { DatasetStore, PushedStage } from "./store/store.js";

/** What a stage may use to decide which samples pass. */
export interface StageContext {
  /** The dataset's store. */
  store: DatasetStore;
  /** Loads samples (with only `fields` when given), in the order of `ids`. */
  loadSamples(ids: readonly string[], fields?: readonly string[]): Promise<Sample[]>;
}

/**
 * One step of a view: takes the ordered sample ids coming out of the previous step
 * and returns those that pass, in their new order. Views are lazy: stages run only
 * when the view is read.
 */
export interface ViewStage {
  /** Stage name as the user called it (`"take"`, `"match"`, ...). */
  readonly kind: string;
  /** Its arguments, for printing the view. */
  readonly describe: string;
  /** Custom fields to load, when the stage restricts them (`selectFields`). */
  readonly projection?: readonly string[];
  /** The stage in a form a store may run itself (declarative stages only). */
  readonly pushed?: PushedStage;
  /** Runs the stage. */
  apply(ids: string[], ctx: StageContext): Promise<string[]>;
}

/** A sample predicate for `match`; may be async. */
export type SamplePredicate = (sample: Sample) => boolean | Promise<boolean>;

const BATCH = 500;

function count(kind: string, n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new DatasetStateError(`${kind}(n) needs a whole number ≥ 0; got ${n}.`);
  return n;
}

/** First `n` samples. */
export function limitStage(n: number): ViewStage {
  count("limit", n);
  return { kind: "limit", describe: `limit(${n})`, pushed: { kind: "limit", n }, apply: (ids) => Promise.resolve(ids.slice(0, n)) };
}

/** All but the first `n` samples. */
export function skipStage(n: number): ViewStage {
  count("skip", n);
  return { kind: "skip", describe: `skip(${n})`, pushed: { kind: "skip", n }, apply: (ids) => Promise.resolve(ids.slice(n)) };
}

/** `n` random samples; the same seed gives the same samples. */
export function takeStage(n: number, seed?: number): ViewStage {
  count("take", n);
  return {
    kind: "take",
    describe: `take(${n}${seed === undefined ? "" : `, { seed: ${seed} }`})`,
    apply: (ids) => Promise.resolve(seededShuffle(ids, seed).slice(0, n)),
  };
}

/** Every sample in a random order; the same seed gives the same order. */
export function shuffleStage(seed?: number): ViewStage {
  return {
    kind: "shuffle",
    describe: `shuffle(${seed === undefined ? "" : `{ seed: ${seed} }`})`,
    apply: (ids) => Promise.resolve(seededShuffle(ids, seed)),
  };
}

/** Samples satisfying a filter object or a predicate function. */
export function matchStage(filter: FieldFilter | SamplePredicate): ViewStage {
  if (typeof filter === "function") {
    return {
      kind: "match",
      describe: `match(${filter.name || "predicate"})`,
      async apply(ids, ctx) {
        const out: string[] = [];
        for (let i = 0; i < ids.length; i += BATCH) {
          for (const s of await ctx.loadSamples(ids.slice(i, i + BATCH))) if (await filter(s)) out.push(s.id);
        }
        return out;
      },
    };
  }
  const fields = filterFields(filter);
  return {
    kind: "match",
    describe: `match(${JSON.stringify(filter)})`,
    pushed: { kind: "match", filter },
    async apply(ids, ctx) {
      const docs = await readDocs(ctx.store, ids, fields);
      return ids.filter((id) => matchesFilter(docs.get(id) ?? {}, filter));
    },
  };
}

/** Samples whose `field` (a path) has a non-null value — or, with `bool` false, lacks one. */
export function existsStage(field: string, bool = true): ViewStage {
  return {
    kind: "exists",
    describe: `exists(${JSON.stringify(field)}${bool ? "" : ", false"})`,
    pushed: { kind: "exists", field, bool },
    async apply(ids, ctx) {
      const docs = await readDocs(ctx.store, ids, [rootField(field)]);
      return ids.filter((id) => {
        const v = getPath(docs.get(id) ?? {}, field);
        const present = v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0 && field.includes("."));
        return present === bool;
      });
    },
  };
}

/** Only the given sample ids; with `ordered`, in the order given. */
export function selectStage(select: readonly string[], ordered = false): ViewStage {
  const wanted = new Set(select);
  return {
    kind: "select",
    describe: `select([${select.length} ids]${ordered ? ", { ordered: true }" : ""})`,
    apply(ids) {
      if (!ordered) return Promise.resolve(ids.filter((id) => wanted.has(id)));
      const present = new Set(ids);
      return Promise.resolve([...wanted].filter((id) => present.has(id)));
    },
  };
}

/** Every sample but the given ids. */
export function excludeStage(exclude: readonly string[]): ViewStage {
  const unwanted = new Set(exclude);
  return { kind: "exclude", describe: `exclude([${exclude.length} ids])`, apply: (ids) => Promise.resolve(ids.filter((id) => !unwanted.has(id))) };
}

/** Samples with any (or, with `all`, every) of the tags. */
export function matchTagsStage(tags: readonly string[], all = false): ViewStage {
  return {
    kind: "matchTags",
    describe: `matchTags(${JSON.stringify(tags)}${all ? ", { all: true }" : ""})`,
    pushed: { kind: "match", filter: all ? { $and: tags.map((t) => ({ tags: t })) } : { tags: { $in: [...tags] } } },
    async apply(ids, ctx) {
      const values = await ctx.store.readValues("tags", ids);
      return ids.filter((id) => {
        const has = new Set(values.get(id) as string[] | undefined);
        return all ? tags.every((t) => has.has(t)) : tags.some((t) => has.has(t));
      });
    },
  };
}

/** Samples sorted by a field path (missing values first), or by a key function; stable. */
export function sortByStage(key: string | ((sample: Sample) => unknown), reverse = false): ViewStage {
  const sign = reverse ? -1 : 1;
  return {
    kind: "sortBy",
    describe: `sortBy(${typeof key === "string" ? JSON.stringify(key) : key.name || "keyFn"}${reverse ? ", { reverse: true }" : ""})`,
    ...(typeof key === "string" ? { pushed: { kind: "sortBy", path: key, reverse } } : {}),
    async apply(ids, ctx) {
      const keys = new Map<string, unknown>();
      if (typeof key === "string") {
        const docs = await readDocs(ctx.store, ids, [rootField(key)]);
        for (const id of ids) keys.set(id, sortKey(getPath(docs.get(id) ?? {}, key)));
      } else {
        for (let i = 0; i < ids.length; i += BATCH) for (const s of await ctx.loadSamples(ids.slice(i, i + BATCH))) keys.set(s.id, key(s));
      }
      return ids
        .map((id, i) => ({ id, i }))
        .sort((a, b) => sign * compareValues(keys.get(a.id), keys.get(b.id)) || a.i - b.i)
        .map(({ id }) => id);
    },
  };
}

/** Loads only the named custom fields (the others stay untouched in the dataset). */
export function selectFieldsStage(fields: readonly string[]): ViewStage {
  return { kind: "selectFields", describe: `selectFields(${JSON.stringify(fields)})`, projection: fields, apply: (ids) => Promise.resolve(ids) };
}

/** A list value sorts by its largest element, so "most confident first" works on label lists. */
function sortKey(v: unknown): unknown {
  if (!Array.isArray(v)) return v;
  return v.reduce<unknown>((best, x) => (best === undefined || compareValues(x, best) > 0 ? x : best), undefined);
}

/** The named top-level fields of `ids`, as raw JSON documents keyed by id. */
export async function readDocs(store: DatasetStore, ids: readonly string[], fields: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  const docs = new Map<string, Record<string, unknown>>();
  for (const field of fields) {
    const values = await store.readValues(field, ids, true);
    for (const [id, v] of values) {
      let doc = docs.get(id);
      if (!doc) docs.set(id, (doc = {}));
      doc[field] = v;
    }
  }
  return docs;
}
