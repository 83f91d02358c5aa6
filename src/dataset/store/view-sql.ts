import type { FieldFilter } from "../filter.js";
import type { PushedStage } from "./store.js";

/**
 * The view compiler shared by the SQLite and PostgreSQL stores: declarative view
 * stages (`match`, `exists`, `sortBy` a path, `limit`, `skip`) become one SQL query,
 * and so do `count` and `countValues` over them. Each store supplies a
 * {@link SqlDialect}: how to bind a value and how to reach the values a field path
 * holds in its JSON; everything else (filters, ordering, paging, grouping) is here.
 *
 * The SQL means exactly what the in-memory stages mean (`filter.ts`, `stages.ts`):
 * a path's *candidates* are the values `getPath` reaches — lists met before the end
 * of the path are crossed (flattened), a list at the end is one value whose elements
 * are tested only when no list was crossed on the way. A scalar test holds when
 * some candidate passes it. Forms whose meaning SQL cannot give exactly (regular
 * expressions, string ranges, null or object values, unknown operators) compile to
 * undefined, and the view runs that stage in memory, where errors are also raised.
 * Where only the data can tell (lists nested in lists on a path; on PostgreSQL also
 * objects to sort), the dialect's SQL fails with {@link INEXACT} and the store answers
 * undefined, so the view runs in memory.
 */

/** Text of the error a dialect's SQL raises where it cannot give the in-memory answer. */
export const INEXACT = "modelzoo-inexact";

/** Rank of a value in `compareValues` order: missing/null, boolean, number, string, others (objects, lists). */
export const RANK = { null: 0, bool: 1, number: 2, string: 3, other: 5 } as const;

/**
 * What a store's SQL dialect provides. Candidate subqueries have the columns
 * `r` (the {@link RANK} of the value), `n` (a number's value; 1/0 for a boolean),
 * `t` (a string's text; JSON text for an object or list) and `o` (document order
 * within the sample), plus `seq` (the sample) when not correlated.
 */
export interface SqlDialect {
  /** A placeholder bound to `value`. */
  param(value: string | number): string;
  /** SELECT of the dataset's samples as `s` with columns seq, id, filepath, media_type, tags, metadata. */
  readonly samples: string;
  /** `OFFSET n` in this dialect. */
  offset(n: number): string;
  /** A clause ending a subquery that keeps it from being merged into the outer query (its columns are computed once per row). */
  readonly fence: string;
  /**
   * The candidates of `root.keys...` for the sample `s` of the enclosing query
   * (`correlated`), or for every sample with a `seq` column; undefined when the path
   * cannot be compiled exactly (e.g. into a vector).
   */
  candidates(root: string, keys: readonly string[], correlated: boolean): string | undefined;
  /**
   * True for sample `s` when the path has a value: not missing, not null, and (unless
   * `emptyListCounts`) not an empty list — the `$exists` / `exists()` rules.
   */
  present(root: string, keys: readonly string[], emptyListCounts: boolean): string | undefined;
  /** True for sample `s` when the top-level field `root` is not stored at all. */
  missing(root: string): string;
  /**
   * `sortBy`'s key of a sample — its largest candidate, as the in-memory `sortKey` of
   * a list — given the correlated candidate subquery: the columns to compute once per
   * sample, and the ORDER BY terms over them (ascending = in-memory order; `text`
   * marks terms compared as text). `root` and `keys` name the path (a dialect may read
   * a top-level field more directly, through `join`, a JOIN clause on the sample `s`).
   * Undefined for a vector field (it sorts by its numbers in memory).
   */
  sortKey(candidates: string, root: string, keys: readonly string[]): { join?: string; columns: string[]; terms(columns: string[]): { expr: string; text?: boolean }[] } | undefined;
  /** An ORDER BY term comparing `expr` as text in code point order. */
  textOrder(expr: string): string;
  /** Orders by `(pos, ord)` as an aggregate: the smallest of a group comes first. */
  firstOrder(pos: string, ord: string): string;
}

/** One ORDER BY term over columns of the compiled query. */
interface OrderTerm {
  expr: string;
  desc: boolean;
  text: boolean;
}

/** A view compiled to SQL. */
export interface CompiledView {
  /** SELECT of the passing samples as columns of `s` (in no order: use {@link CompiledView.orderBy}). */
  sql: string;
  /** ORDER BY clause (without the keywords) giving collection order over `s`. */
  orderBy: string;
}

/** The stages as one query, or undefined when one cannot be compiled exactly. */
export function compileView(stages: readonly PushedStage[], d: SqlDialect): CompiledView | undefined {
  let sql = d.samples;
  let order: OrderTerm[] = [{ expr: "s.seq", desc: false, text: false }];
  const orderBy = () => order.map((o) => `${o.text ? d.textOrder(o.expr) : o.expr}${o.desc ? " DESC" : ""}`).join(", ");
  for (const [i, stage] of stages.entries()) {
    switch (stage.kind) {
      case "limit":
        sql = `SELECT s.* FROM (${sql}) s ORDER BY ${orderBy()} LIMIT ${stage.n}`;
        break;
      case "skip":
        sql = `SELECT s.* FROM (${sql}) s ORDER BY ${orderBy()} ${d.offset(stage.n)}`;
        break;
      case "sortBy": {
        const [root, ...keys] = stage.path.split(".");
        const c = d.candidates(root!, keys, true);
        if (c === undefined) return undefined;
        const key = d.sortKey(c, root!, keys);
        if (key === undefined) return undefined;
        const names = key.columns.map((_, k) => `k${i}_${k}`);
        sql = `SELECT s.*, ${key.columns.map((expr, k) => `${expr} AS ${names[k]}`).join(", ")} FROM (${sql}) s ${key.join ?? ""} ${d.fence}`;
        const terms = key.terms(names.map((n) => `s.${n}`));
        order = [...terms.map((t) => ({ expr: t.expr, desc: stage.reverse, text: t.text ?? false })), ...order];
        break;
      }
      default: {
        const cond = stage.kind === "match" ? filterSql(stage.filter, d) : existsSql(stage.field, stage.bool, d);
        if (cond === undefined) return undefined;
        sql = `SELECT s.* FROM (${sql}) s WHERE ${cond}`;
      }
    }
  }
  return { sql, orderBy: orderBy() };
}

/**
 * `countValues(path)` over a compiled view: rows `(r, n, t, cnt)` in order of first
 * occurrence (collection order, then document order), `r` as {@link RANK}.
 * Samples without the top-level field count as null, as in memory.
 */
export function compileCountValues(view: CompiledView, path: string, d: SqlDialect): string | undefined {
  const [root, ...keys] = path.split(".");
  const c = d.candidates(root!, keys, false);
  if (c === undefined) return undefined;
  const missing = keys.length === 0 ? ` UNION ALL SELECT s.pos, 0 AS o, ${RANK.null} AS r, NULL AS n, NULL AS t FROM q s WHERE ${d.missing(root!)}` : "";
  return (
    `WITH q AS (SELECT s.*, row_number() OVER (ORDER BY ${view.orderBy}) AS pos FROM (${view.sql}) s) ` +
    `SELECT v.r, v.n, v.t, count(*) AS cnt FROM (SELECT s.pos, c.o, c.r, c.n, c.t FROM q s JOIN (${c}) c ON c.seq = s.seq${missing}) v ` +
    `GROUP BY v.r, v.n, v.t ORDER BY min(${d.firstOrder("v.pos", "v.o")})`
  );
}

function filterSql(filter: FieldFilter, d: SqlDialect): string | undefined {
  const parts: string[] = [];
  for (const [key, cond] of Object.entries(filter)) {
    let sql: string | undefined;
    if (key === "$and" || key === "$or") {
      if (!Array.isArray(cond)) return undefined;
      if (cond.length === 0) sql = key === "$and" ? "1 = 1" : "1 = 0";
      else {
        const subs = (cond as FieldFilter[]).map((f) => filterSql(f, d));
        if (subs.some((s) => s === undefined)) return undefined;
        sql = `(${subs.join(key === "$and" ? " AND " : " OR ")})`;
      }
    } else if (key.startsWith("$")) {
      return undefined;
    } else {
      sql = conditionSql(key, cond, d);
    }
    if (sql === undefined) return undefined;
    parts.push(sql);
  }
  return parts.length === 0 ? "1 = 1" : `(${parts.join(" AND ")})`;
}

type Scalar = string | number | boolean;

function isScalar(v: unknown): v is Scalar {
  return typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));
}

function isOperators(cond: unknown): cond is Record<string, unknown> {
  if (cond === null || typeof cond !== "object" || Array.isArray(cond) || cond instanceof RegExp) return false;
  const keys = Object.keys(cond);
  return keys.length > 0 && keys.every((k) => k.startsWith("$"));
}

function conditionSql(path: string, cond: unknown, d: SqlDialect): string | undefined {
  if (!isOperators(cond)) return isScalar(cond) ? anyCandidate(path, [cond], d) : undefined;
  const parts: string[] = [];
  for (const [op, arg] of Object.entries(cond)) {
    let sql: string | undefined;
    switch (op) {
      case "$eq":
        sql = isScalar(arg) ? anyCandidate(path, [arg], d) : undefined;
        break;
      case "$ne":
        sql = isScalar(arg) ? not(anyCandidate(path, [arg], d)) : undefined;
        break;
      case "$in":
        sql = Array.isArray(arg) && arg.every(isScalar) ? (arg.length === 0 ? "1 = 0" : anyCandidate(path, arg, d)) : undefined;
        break;
      case "$nin":
        sql = Array.isArray(arg) && arg.every(isScalar) ? (arg.length === 0 ? "1 = 1" : not(anyCandidate(path, arg, d))) : undefined;
        break;
      case "$gt":
      case "$gte":
      case "$lt":
      case "$lte":
        sql = typeof arg === "number" && Number.isFinite(arg) ? candidateTest(path, `c.r = ${RANK.number} AND c.n ${COMPARE[op]} ${d.param(arg)}`, d) : undefined;
        break;
      case "$exists":
        sql = typeof arg === "boolean" ? presentSql(path, false, arg, d) : undefined;
        break;
      default:
        sql = undefined;
    }
    if (sql === undefined) return undefined;
    parts.push(sql);
  }
  return `(${parts.join(" AND ")})`;
}

const COMPARE = { $gt: ">", $gte: ">=", $lt: "<", $lte: "<=" } as const;

function not(sql: string | undefined): string | undefined {
  return sql === undefined ? undefined : `NOT ${sql}`;
}

/** Some candidate of `path` equals one of `values`. */
function anyCandidate(path: string, values: readonly Scalar[], d: SqlDialect): string | undefined {
  const tests = values.map((v) =>
    typeof v === "string" ? `(c.r = ${RANK.string} AND c.t = ${d.param(v)})` : typeof v === "number" ? `(c.r = ${RANK.number} AND c.n = ${d.param(v)})` : `(c.r = ${RANK.bool} AND c.n = ${v ? 1 : 0})`,
  );
  return candidateTest(path, tests.join(" OR "), d);
}

function candidateTest(path: string, test: string, d: SqlDialect): string | undefined {
  const [root, ...keys] = path.split(".");
  const c = d.candidates(root!, keys, true);
  return c === undefined ? undefined : `EXISTS (SELECT 1 FROM (${c}) c WHERE ${test})`;
}

function presentSql(path: string, emptyListCounts: boolean, bool: boolean, d: SqlDialect): string | undefined {
  const [root, ...keys] = path.split(".");
  const sql = d.present(root!, keys, emptyListCounts);
  return sql === undefined ? undefined : bool ? sql : `NOT ${sql}`;
}

/** The `exists(field)` stage: a top-level field counts when set and not null (an empty list included). */
function existsSql(field: string, bool: boolean, d: SqlDialect): string | undefined {
  return presentSql(field, !field.includes("."), bool, d);
}

/** Turns a `compileCountValues` row back into the in-memory key; undefined for an object or list (keyed by JSON text in memory). */
export function countedKey(r: number, n: unknown, t: string | null): string | number | boolean | null | undefined {
  switch (r) {
    case RANK.null:
      return null;
    case RANK.bool:
      return Number(n) === 1;
    case RANK.number:
      return Number(n);
    case RANK.string:
      return t;
    default:
      return undefined;
  }
}

/** Folds `compileCountValues` rows into the in-memory result, or undefined when one is an object or list. */
export function countedValues(rows: readonly { r: number; n: unknown; t: string | null; cnt: number | string }[]): Map<string | number | boolean | null, number> | undefined {
  const out = new Map<string | number | boolean | null, number>();
  for (const row of rows) {
    const k = countedKey(Number(row.r), row.n, row.t);
    if (k === undefined) return undefined;
    out.set(k, (out.get(k) ?? 0) + Number(row.cnt));
  }
  return out;
}
