import { BUILTIN_COLUMNS } from "./sample-row.js";
import { RANK, type SqlDialect } from "./view-sql.js";

/** SQL function the store registers that fails the query with `INEXACT` (the view then runs in memory). */
export const INEXACT_FUNCTION = "modelzoo_inexact";

/**
 * The SQLite dialect of the view compiler (`view-sql.ts`). A field path is walked
 * key by key with SQLite's JSON functions, crossing lists as the in-memory `getPath`
 * does (`json_each` over a list's elements); whether a list was crossed decides if a
 * list at the end is one value or its elements. Parameters are named (`@p1`), bound
 * from {@link SqliteDialect.params}.
 */
export class SqliteDialect implements SqlDialect {
  readonly params: Record<string, string | number> = {};
  readonly samples = "SELECT s.seq, s.id, s.filepath, s.media_type, s.tags, s.metadata FROM samples s";
  private count = 0;

  /** @param vectorFields - fields stored as vectors (BLOBs): paths into them are not compiled */
  constructor(private readonly vectorFields: ReadonlySet<string>) {}

  param(value: string | number): string {
    const name = `p${++this.count}`;
    this.params[name] = value;
    return `@${name}`;
  }

  readonly fence = "LIMIT -1";

  offset(n: number): string {
    return `LIMIT -1 OFFSET ${n}`;
  }

  /** FROM items, WHERE condition and JSON text of a top-level field; `seq` names the sample. */
  private source(root: string, correlated: boolean): { from: string[]; where: string[]; json: string; seq: string } {
    const builtin = builtinJson(root);
    if (builtin !== undefined) {
      return correlated
        ? { from: [], where: [`${builtin("s")} IS NOT NULL`], json: builtin("s"), seq: "s.seq" }
        : { from: ["samples b"], where: [`${builtin("b")} IS NOT NULL`], json: builtin("b"), seq: "b.seq" };
    }
    const where = [`f.name = ${this.param(root)}`];
    if (correlated) where.push("f.sample_seq = s.seq");
    return { from: ["sample_fields f"], where, json: `CASE WHEN f.blob IS NOT NULL THEN '{"$vector":true}' ELSE f.json END`, seq: "f.sample_seq" };
  }

  /**
   * The nodes a path ends on, with their JSON (`doc`), type, value, full key (`fk`),
   * document order (`id`, text) and how many lists were crossed. Each key is one step:
   * an object's member, or — through a list — each element's member. A list directly
   * inside a crossed list (which `getPath` also crosses) fails the query with INEXACT.
   */
  private nodes(root: string, keys: readonly string[], correlated: boolean): string | undefined {
    if (keys.length > 0 && this.vectorFields.has(root)) return undefined;
    if (keys.some((k) => k.includes('"'))) return undefined; // not expressible as a quoted label of a SQLite JSON path
    const src = this.source(root, correlated);
    const { from, where, json } = src;
    let sql = `SELECT ${src.seq} AS seq, jsonb(${json}) AS doc, '$' AS fk, '' AS ord, 0 AS crossed${from.length ? ` FROM ${from.join(", ")}` : ""} WHERE ${where.join(" AND ")}`;
    // LIMIT -1 keeps each level a co-routine, so its columns are computed once per row, not inlined where used.
    const typed = (q: string) => `SELECT * FROM (SELECT q.*, json_type(q.doc, q.fk) AS type FROM (${q}) q LIMIT -1) WHERE type IS NOT NULL`;
    sql = typed(sql);
    for (const key of keys) {
      const label = this.param(`."${key}"`);
      const crossing = "p.type = 'array'";
      sql = typed(
        `SELECT p.seq, p.doc, CASE WHEN ${crossing} THEN e.fullkey ELSE p.fk END || ${label} AS fk, ` +
          `CASE WHEN ${crossing} THEN p.ord || printf('%08d', e.key) ELSE p.ord END AS ord, p.crossed + (${crossing}) AS crossed ` +
          `FROM (${sql}) p, json_each(CASE WHEN ${crossing} THEN p.doc ELSE '[0]' END, CASE WHEN ${crossing} THEN p.fk ELSE '$' END) e ` +
          `WHERE CASE WHEN p.type = 'object' THEN 1 WHEN p.type <> 'array' THEN 0 WHEN e.type = 'object' THEN 1 WHEN e.type = 'array' THEN ${INEXACT_FUNCTION}() ELSE 0 END`,
      );
    }
    return `SELECT n.seq, n.doc, n.type, json_extract(n.doc, n.fk) AS atom, json_extract(n.doc, n.fk) AS value, n.fk, n.ord AS id, n.crossed FROM (${sql}) n LIMIT -1`;
  }

  candidates(root: string, keys: readonly string[], correlated: boolean): string | undefined {
    const nodes = this.nodes(root, keys, correlated);
    if (nodes === undefined) return undefined;
    // A list at the end of the path is tested element by element only when no list was crossed
    // (`json_each` over it; over a one-element stand-in otherwise, to keep the node itself).
    const end = "(x.type = 'array' AND x.crossed = 0)";
    const pick = (col: string) => `CASE WHEN ${end} THEN e.${col} ELSE x.${col} END`;
    const v =
      `SELECT x.seq, ${pick("type")} AS type, ${pick("atom")} AS atom, ${pick("value")} AS value, CASE WHEN ${end} THEN x.id || printf('%08d', e.key) ELSE x.id END AS o ` +
      `FROM (${nodes}) x, json_each(CASE WHEN ${end} THEN x.doc ELSE '[0]' END, CASE WHEN ${end} THEN x.fk ELSE '$' END) e LIMIT -1`;
    return `SELECT v.seq AS seq, ${rankOf("v.type")} AS r, ${numberOf("v")} AS n, ${textOf("v")} AS t, v.o FROM (${v}) v`;
  }

  present(root: string, keys: readonly string[], emptyListCounts: boolean): string | undefined {
    if (keys.length === 0) {
      // A top-level field: its own JSON tells, no path to walk.
      const { from, where, json } = this.source(root, true);
      const test = `json_type(${json}) <> 'null'${emptyListCounts ? "" : ` AND NOT (json_type(${json}) = 'array' AND json_array_length(${json}) = 0)`}`;
      return from.length ? `EXISTS (SELECT 1 FROM ${from.join(", ")} WHERE ${where.join(" AND ")} AND ${test})` : `(${where.join(" AND ")} AND ${test})`;
    }
    const nodes = this.nodes(root, keys, true);
    if (nodes === undefined) return undefined;
    const empty = emptyListCounts ? "" : " AND NOT (x.type = 'array' AND json_array_length(x.doc, x.fk) = 0)";
    // Past a crossed list every node reached is a value of the result list, null ones included.
    return `EXISTS (SELECT 1 FROM (${nodes}) x WHERE x.crossed > 0 OR (x.type <> 'null'${empty}))`;
  }

  missing(root: string): string {
    const builtin = builtinJson(root);
    if (builtin !== undefined) return `${builtin("s")} IS NULL`;
    return `NOT EXISTS (SELECT 1 FROM sample_fields f WHERE f.sample_seq = s.seq AND f.name = ${this.param(root)})`;
  }

  sortKey(candidates: string, root: string, keys: readonly string[]): { join?: string; columns: string[]; terms(columns: string[]): { expr: string; text?: boolean }[] } | undefined {
    if (this.vectorFields.has(root)) return undefined;
    // SQLite orders numbers before text before BLOBs, so one column orders each rank; BLOB comparison is bytewise.
    const value = `CASE c.r WHEN ${RANK.string} THEN c.t WHEN ${RANK.other} THEN CAST(c.t AS BLOB) ELSE c.n END`;
    let rank = `coalesce((SELECT max(c.r) FROM (${candidates}) c), 0)`;
    let largest = `(SELECT ${value} FROM (${candidates}) c ORDER BY c.r DESC, ${value} DESC LIMIT 1)`;
    let join: string | undefined;
    if (keys.length === 0) {
      // A top-level field that is not a list is its own key: no path to walk; a custom field is joined once.
      const builtin = builtinJson(root);
      const alias = `k${++this.count}`;
      if (builtin === undefined) join = `LEFT JOIN sample_fields ${alias} ON ${alias}.name = ${this.param(root)} AND ${alias}.sample_seq = s.seq`;
      const j = builtin === undefined ? `${alias}.json` : builtin("s");
      const type = `json_type(${j})`;
      rank = `CASE WHEN ${j} IS NULL THEN ${RANK.null} WHEN ${type} = 'array' THEN ${rank} ELSE ${rankOf(type)} END`;
      largest =
        `CASE WHEN ${j} IS NULL THEN NULL WHEN ${type} = 'array' THEN ${largest} WHEN ${type} IN ('integer', 'real', 'text') THEN json_extract(${j}, '$') ` +
        `WHEN ${type} = 'true' THEN 1 WHEN ${type} = 'false' THEN 0 WHEN ${type} = 'object' THEN CAST(${j} AS BLOB) END`;
    }
    return { ...(join ? { join } : {}), columns: [rank, largest], terms: (columns) => columns.map((expr) => ({ expr })) };
  }

  textOrder(expr: string): string {
    return expr;
  }

  firstOrder(pos: string, ord: string): string {
    return `printf('%015d.', ${pos}) || ${ord}`;
  }
}

/** JSON text of a built-in field, from the samples row `s` (undefined for a custom field). */
function builtinJson(root: string): ((s: string) => string) | undefined {
  const b = Object.hasOwn(BUILTIN_COLUMNS, root) ? BUILTIN_COLUMNS[root] : undefined;
  return b && ((s) => (b.json ? `${s}.${b.column}` : `json_quote(${s}.${b.column})`));
}

function rankOf(type: string): string {
  return `CASE ${type} WHEN 'null' THEN ${RANK.null} WHEN 'true' THEN ${RANK.bool} WHEN 'false' THEN ${RANK.bool} WHEN 'integer' THEN ${RANK.number} WHEN 'real' THEN ${RANK.number} WHEN 'text' THEN ${RANK.string} ELSE ${RANK.other} END`;
}

function numberOf(x: string): string {
  return `CASE ${x}.type WHEN 'true' THEN 1 WHEN 'false' THEN 0 WHEN 'integer' THEN ${x}.atom WHEN 'real' THEN ${x}.atom END`;
}

function textOf(x: string): string {
  return `CASE ${x}.type WHEN 'text' THEN ${x}.atom WHEN 'object' THEN ${x}.value WHEN 'array' THEN ${x}.value END`;
}
