import type { FieldFilter } from "../filter.js";
import type { PushedStage } from "./store.js";

/**
 * View stages compiled to SQL for the PostgreSQL store. A filter condition on a path
 * becomes a SQL/JSON path test on the field's JSONB (lax mode maps over lists, as
 * the in-memory filter does: a condition holds when any element satisfies it).
 * Only forms whose SQL meaning equals the in-memory one are compiled: equality and
 * `$in`/`$nin`/`$ne` with strings, numbers or booleans, number ranges, `$exists`,
 * `$and`/`$or`. Anything else (regular expressions, string ranges, null or object
 * values) returns undefined and the view runs that stage in memory.
 */

/** Bound parameters of a query being built ($1 is the dataset id). */
export class Params {
  readonly values: unknown[];
  constructor(datasetId: number) {
    this.values = [datasetId];
  }
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const BUILTIN_EXPR: Record<string, string> = {
  id: "to_jsonb(s.id)",
  filepath: "to_jsonb(s.filepath)",
  mediaType: "to_jsonb(s.media_type)",
  tags: "s.tags",
  metadata: "s.metadata",
};

/** SQL selecting `seq, id` of the samples passing `stages`, in order of `seq`; undefined when a stage cannot be compiled. */
export function compileStages(stages: readonly PushedStage[], p: Params): string | undefined {
  let sql = "SELECT s.seq, s.id, s.filepath, s.media_type, s.tags, s.metadata FROM modelzoo_samples s WHERE s.dataset_id = $1";
  let wrapped = false;
  const wrap = (clause: string) => {
    sql = `SELECT s.* FROM (${sql}) s ${clause}`;
    wrapped = true;
  };
  for (const stage of stages) {
    if (stage.kind === "limit") wrap(`ORDER BY s.seq LIMIT ${stage.n}`);
    else if (stage.kind === "skip") wrap(`ORDER BY s.seq OFFSET ${stage.n}`);
    else {
      const cond = stage.kind === "match" ? filterSql(stage.filter, p) : existsStageSql(stage.field, stage.bool, p);
      if (cond === undefined) return undefined;
      if (wrapped) wrap(`WHERE ${cond}`);
      else sql += ` AND ${cond}`;
    }
  }
  return sql;
}

function filterSql(filter: FieldFilter, p: Params): string | undefined {
  const parts: string[] = [];
  for (const [key, cond] of Object.entries(filter)) {
    let sql: string | undefined;
    if (key === "$and" || key === "$or") {
      if (!Array.isArray(cond) || cond.length === 0) return undefined;
      const subs = (cond as FieldFilter[]).map((f) => filterSql(f, p));
      if (subs.some((s) => s === undefined)) return undefined;
      sql = `(${subs.join(key === "$and" ? " AND " : " OR ")})`;
    } else if (key.startsWith("$")) {
      return undefined;
    } else {
      sql = conditionSql(key, cond, p);
    }
    if (sql === undefined) return undefined;
    parts.push(sql);
  }
  return parts.length === 0 ? "TRUE" : `(${parts.join(" AND ")})`;
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));
}

function conditionSql(path: string, cond: unknown, p: Params): string | undefined {
  const isOps = cond !== null && typeof cond === "object" && !Array.isArray(cond) && !(cond instanceof RegExp) && Object.keys(cond).length > 0 && Object.keys(cond).every((k) => k.startsWith("$"));
  if (!isOps) return isScalar(cond) ? anyEquals(path, [cond], p) : undefined;
  const parts: string[] = [];
  for (const [op, arg] of Object.entries(cond as Record<string, unknown>)) {
    let sql: string | undefined;
    switch (op) {
      case "$eq":
        sql = isScalar(arg) ? anyEquals(path, [arg], p) : undefined;
        break;
      case "$ne":
        sql = isScalar(arg) ? not(anyEquals(path, [arg], p)) : undefined;
        break;
      case "$in":
        sql = Array.isArray(arg) && arg.length > 0 && arg.every(isScalar) ? anyEquals(path, arg, p) : undefined;
        break;
      case "$nin":
        sql = Array.isArray(arg) && arg.length > 0 && arg.every(isScalar) ? not(anyEquals(path, arg, p)) : undefined;
        break;
      case "$gt":
      case "$gte":
      case "$lt":
      case "$lte":
        sql = typeof arg === "number" && Number.isFinite(arg) ? pathTest(path, `@ ${{ $gt: ">", $gte: ">=", $lt: "<", $lte: "<=" }[op]} $v`, arg, p) : undefined;
        break;
      case "$exists":
        sql = typeof arg === "boolean" ? (arg ? present(path, p) : not(present(path, p))) : undefined;
        break;
      default:
        sql = undefined;
    }
    if (sql === undefined) return undefined;
    parts.push(sql);
  }
  return `(${parts.join(" AND ")})`;
}

function not(sql: string | undefined): string | undefined {
  return sql === undefined ? undefined : `NOT ${sql}`;
}

/** The JSONB of a path's top-level field for sample `s` (NULL when absent; a vector counts as a non-null value). */
function rootExpr(root: string, p: Params): string {
  const builtin = BUILTIN_EXPR[root];
  if (builtin) return builtin;
  const name = p.add(root);
  return `(SELECT CASE WHEN f.blob IS NOT NULL THEN '{"$vector": true}'::jsonb ELSE f.json END FROM modelzoo_sample_fields f WHERE f.sample_seq = s.seq AND f.name = ${name})`;
}

/** `lax $."a"."b"` for the part of `path` after its top-level field. */
function jsonPath(path: string): { root: string; lax: string } {
  const [root, ...rest] = path.split(".");
  return { root: root!, lax: `lax $${rest.map((k) => `."${k.replace(/["\\]/g, (c) => `\\${c}`)}"`).join("")}` };
}

function pathTest(path: string, predicate: string, value: unknown, p: Params): string {
  const { root, lax } = jsonPath(path);
  const expr = rootExpr(root, p);
  const jp = p.add(`${lax} ? (${predicate})`);
  const vars = p.add(JSON.stringify({ v: value }));
  return `COALESCE(jsonb_path_exists(${expr}, ${jp}::jsonpath, ${vars}::jsonb), false)`;
}

function anyEquals(path: string, values: readonly unknown[], p: Params): string {
  return `(${values.map((v) => pathTest(path, "@ == $v", v, p)).join(" OR ")})`;
}

/**
 * `$exists: true` in memory: the value at the path is neither missing, null, nor an
 * empty list. Through lists, any non-null element makes it present.
 */
function present(path: string, p: Params): string {
  const { root, lax } = jsonPath(path);
  const expr = rootExpr(root, p);
  const jp = p.add(`${lax} ? (@ != null)`);
  return `COALESCE(jsonb_path_exists(${expr}, ${jp}::jsonpath), false)`;
}

/** The `exists(field)` stage: a top-level field counts when it is set and not null (an empty list included). */
function existsStageSql(field: string, bool: boolean, p: Params): string {
  if (field.includes(".")) return bool ? present(field, p) : `NOT ${present(field, p)}`;
  const expr = rootExpr(field, p);
  const sql = `(${expr} IS NOT NULL AND ${expr} <> 'null'::jsonb)`;
  return bool ? sql : `NOT ${sql}`;
}

/**
 * SQL of `countValues(path)` over the samples passing `stages` (see `compileStages`):
 * rows of (value as JSON text or NULL, count), values in order of first occurrence.
 */
export function compileCountValues(stages: readonly PushedStage[], path: string, p: Params): string | undefined {
  const base = compileStages(stages, p);
  if (base === undefined) return undefined;
  const { root, lax } = jsonPath(path);
  const expr = rootExpr(root, p);
  const jp = p.add(`${lax}[*]`);
  const missing = path.includes(".") ? "" : ` UNION ALL SELECT s.seq, 0, NULL FROM q s WHERE ${expr} IS NULL`;
  return (
    `WITH q AS (${base}) SELECT t.v, count(*)::int AS n FROM (` +
    `SELECT s.seq, x.ord, x.v::text AS v FROM q s, LATERAL jsonb_path_query(${expr}, ${jp}::jsonpath) WITH ORDINALITY AS x(v, ord)${missing}` +
    `) t GROUP BY t.v ORDER BY min(ARRAY[t.seq, t.ord])`
  );
}
