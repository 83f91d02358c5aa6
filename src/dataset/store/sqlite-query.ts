import { BUILTIN_COLUMNS } from "./sample-row.js";
import { RANK, type SqlDialect } from "./view-sql.js";

/**
 * The SQLite dialect of the view compiler (`view-sql.ts`). A field path is walked
 * with SQLite's `json_tree`: the node of each key must hang under the node of the
 * previous key through nothing but list indexes (`$.a[2][0].b`), which is exactly how
 * the in-memory `getPath` crosses lists; the lengths of those index runs tell whether
 * a list was crossed. Parameters are named (`@p1`), bound from {@link SqliteDialect.params}.
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

  /** The nodes a path ends on, with their JSON (`doc`), type, value, full key, order and crossed-list length. */
  private nodes(root: string, keys: readonly string[], correlated: boolean): string | undefined {
    if (keys.length > 0 && this.vectorFields.has(root)) return undefined;
    const src = this.source(root, correlated);
    const { from, where, json } = src;
    if (keys.length === 0) {
      return (
        `SELECT ${src.seq} AS seq, ${json} AS doc, json_type(${json}) AS type, json_extract(${json}, '$') AS atom, ${json} AS value, '$' AS fk, 0 AS id, 0 AS crossed` +
        `${from.length ? ` FROM ${from.join(", ")}` : ""} WHERE ${where.join(" AND ")}`
      );
    }
    let prev = "'$'";
    const crossed: string[] = [];
    keys.forEach((key, i) => {
      const t = `t${i + 1}`;
      from.push(i === 0 ? `json_tree(${json}) ${t}` : `json_tree(${json}, ${prev}) ${t}`);
      where.push(`${t}.key = ${this.param(key)}`, underThroughLists(`${t}.path`, prev));
      crossed.push(`length(${t}.path) - length(${prev})`);
      prev = `${t}.fullkey`;
    });
    const t = `t${keys.length}`;
    return (
      `SELECT ${src.seq} AS seq, ${json} AS doc, ${t}.type AS type, ${t}.atom AS atom, ${t}.value AS value, ${t}.fullkey AS fk, ${t}.id AS id, ${crossed.join(" + ")} AS crossed ` +
      `FROM ${from.join(", ")} WHERE ${where.join(" AND ")}`
    );
  }

  candidates(root: string, keys: readonly string[], correlated: boolean): string | undefined {
    const nodes = this.nodes(root, keys, correlated);
    if (nodes === undefined) return undefined;
    const cols = (x: string, id: string) => `x.seq AS seq, ${rankOf(`${x}.type`)} AS r, ${numberOf(x)} AS n, ${textOf(x)} AS t, ${id} AS o`;
    // A list at the end of the path is tested element by element only when no list was crossed.
    return (
      `SELECT ${cols("x", "x.id")} FROM (${nodes}) x WHERE x.type <> 'array' OR x.crossed > 0 ` +
      `UNION ALL SELECT ${cols("e", "e.id")} FROM (${nodes}) x, json_each(x.doc, x.fk) e WHERE x.type = 'array' AND x.crossed = 0`
    );
  }

  present(root: string, keys: readonly string[], emptyListCounts: boolean): string | undefined {
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

  sortKey(candidates: string): { columns: string[]; terms(columns: string[]): { expr: string; text?: boolean }[] } {
    // SQLite orders numbers before text before BLOBs, so one column orders each rank; BLOB comparison is bytewise.
    const value = `CASE c.r WHEN ${RANK.string} THEN c.t WHEN ${RANK.other} THEN CAST(c.t AS BLOB) ELSE c.n END`;
    return {
      columns: [`coalesce((SELECT max(c.r) FROM (${candidates}) c), 0)`, `(SELECT ${value} FROM (${candidates}) c ORDER BY c.r DESC, ${value} DESC LIMIT 1)`],
      terms: (columns) => columns.map((expr) => ({ expr })),
    };
  }

  textOrder(expr: string): string {
    return expr;
  }

  firstOrder(pos: string, ord: string): string {
    return `printf('%015d.%015d', ${pos}, ${ord})`;
  }
}

/** JSON text of a built-in field, from the samples row `s` (undefined for a custom field). */
function builtinJson(root: string): ((s: string) => string) | undefined {
  const b = Object.hasOwn(BUILTIN_COLUMNS, root) ? BUILTIN_COLUMNS[root] : undefined;
  return b && ((s) => (b.json ? `${s}.${b.column}` : `json_quote(${s}.${b.column})`));
}

/** `path` is `prev` followed by list indexes only (`[3][0]`), as json_tree writes them. */
function underThroughLists(path: string, prev: string): string {
  const rest = `substr(${path}, length(${prev}) + 1)`;
  return `(${path} = ${prev} OR (substr(${path}, 1, length(${prev})) = ${prev} AND substr(${rest}, 1, 1) = '[' AND trim(${rest}, '[]0123456789') = ''))`;
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
