import { BUILTIN_COLUMNS } from "./sample-row.js";
import { INEXACT, RANK, type SqlDialect } from "./view-sql.js";

/**
 * The PostgreSQL dialect of the view compiler (`view-sql.ts`). A field path is read
 * from the field's JSONB with SQL/JSON paths: `lax $."a"."b"` reaches the values
 * through lists (lax mode maps member access over a list), and `strict` only when no
 * list is on the way — which tells whether a list at the end is one value or its
 * elements, as in memory. Lax mode unwraps one level of list only, so a field with
 * a list directly inside a list on the path fails the query with {@link INEXACT}, as
 * does sorting by objects (JSONB reorders their keys); the view then runs in memory.
 * `$1` is the dataset id.
 */
export class PostgresDialect implements SqlDialect {
  readonly values: unknown[];
  readonly samples = "SELECT s.seq, s.id, s.filepath, s.media_type, s.tags, s.metadata FROM modelzoo_samples s WHERE s.dataset_id = $1";

  /** @param vectorFields - fields stored as vectors (BYTEA): paths into them are not compiled */
  constructor(
    datasetId: number,
    private readonly vectorFields: ReadonlySet<string>,
  ) {
    this.values = [datasetId];
  }

  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  readonly fence = "OFFSET 0";

  offset(n: number): string {
    return `OFFSET ${n}`;
  }

  /** FROM items (maybe none), WHERE conditions, the JSONB of a top-level field and the sample's seq. */
  private source(root: string, correlated: boolean): { from: string[]; where: string[]; json: string; seq: string } {
    const builtin = builtinJson(root);
    if (builtin !== undefined) {
      return correlated
        ? { from: [], where: [`${builtin("s")} IS NOT NULL`], json: builtin("s"), seq: "s.seq" }
        : { from: ["modelzoo_samples b"], where: ["b.dataset_id = $1", `${builtin("b")} IS NOT NULL`], json: builtin("b"), seq: "b.seq" };
    }
    const where = [`f.name = ${this.param(root)}`, correlated ? "f.sample_seq = s.seq" : "f.dataset_id = $1"];
    return { from: ["modelzoo_sample_fields f"], where, json: `CASE WHEN f.blob IS NOT NULL THEN '{"$vector": true}'::jsonb ELSE f.json END`, seq: "f.sample_seq" };
  }

  /** `lax` and `strict` SQL/JSON paths of the keys after the top-level field, as bound parameters. */
  private paths(keys: readonly string[]): { lax: string; strict: string } {
    const steps = pathSteps(keys).join("");
    return { lax: `${this.param(`lax $${steps}`)}::jsonpath`, strict: `${this.param(`strict $${steps}`)}::jsonpath` };
  }

  /**
   * `json`, or an {@link INEXACT} error when a list on the way to the last key holds a
   * list (a lax filter on a list tests its elements, so `? (@.type() == "array")` finds them).
   */
  private unnested(json: string, keys: readonly string[], seq: string): string {
    if (keys.length === 0) return json;
    const steps = pathSteps(keys);
    const checks = keys.map((_, j) => `jsonb_path_exists(${json}, ${this.param(`lax $${steps.slice(0, j).join("")} ? (@.type() == "array")`)}::jsonpath)`);
    return `CASE WHEN ${checks.join(" OR ")} THEN to_jsonb(${inexact(seq)}) ELSE ${json} END`;
  }

  candidates(root: string, keys: readonly string[], correlated: boolean): string | undefined {
    if (keys.length > 0 && this.vectorFields.has(root)) return undefined;
    const { from, where, json: stored, seq } = this.source(root, correlated);
    const json = this.unnested(stored, keys, seq);
    const { lax, strict } = this.paths(keys);
    const direct = `coalesce(jsonb_path_exists(${json}, ${strict}, '{}', true), false)`;
    const items = [...from, `jsonb_path_query(${json}, ${lax}) WITH ORDINALITY x(v, o)`].join(", ");
    const ends = [...from, `jsonb_path_query(${json}, ${strict}, '{}', true) y(a)`, `jsonb_array_elements(CASE WHEN jsonb_typeof(y.a) = 'array' THEN y.a ELSE '[]'::jsonb END) WITH ORDINALITY x(v, o)`].join(", ");
    // A list at the end of the path is tested element by element only when no list was crossed
    // (the strict path exists; in silent mode its structural errors give NULL, not false).
    const rows =
      `SELECT ${seq} AS seq, x.v, x.o FROM ${items} WHERE ${where.join(" AND ")} AND (jsonb_typeof(x.v) <> 'array' OR NOT ${direct}) ` +
      `UNION ALL SELECT ${seq} AS seq, x.v, x.o FROM ${ends} WHERE ${where.join(" AND ")}`;
    return `SELECT c0.seq, ${rankOf("c0.v")} AS r, ${numberOf("c0.v")} AS n, ${textOf("c0.v")} AS t, c0.o FROM (${rows}) c0`;
  }

  present(root: string, keys: readonly string[], emptyListCounts: boolean): string | undefined {
    if (keys.length > 0 && this.vectorFields.has(root)) return undefined;
    const { from, where, json: stored, seq } = this.source(root, true);
    const json = this.unnested(stored, keys, seq);
    const { lax, strict } = this.paths(keys);
    const empty = emptyListCounts ? "" : " AND x.v <> '[]'::jsonb";
    // Past a crossed list every value reached is an element of the result list, null ones included.
    return (
      `EXISTS (SELECT 1 FROM ${[...from, `jsonb_path_query(${json}, ${lax}) x(v)`].join(", ")} WHERE ${where.join(" AND ")} ` +
      `AND (NOT coalesce(jsonb_path_exists(${json}, ${strict}, '{}', true), false) OR (x.v <> 'null'::jsonb${empty})))`
    );
  }

  missing(root: string): string {
    const builtin = builtinJson(root);
    if (builtin !== undefined) return `${builtin("s")} IS NULL`;
    return `NOT EXISTS (SELECT 1 FROM modelzoo_sample_fields f WHERE f.sample_seq = s.seq AND f.name = ${this.param(root)})`;
  }

  sortKey(candidates: string, root: string, keys: readonly string[]): { columns: string[]; terms(columns: string[]): { expr: string; text?: boolean }[] } | undefined {
    if (this.vectorFields.has(root)) return undefined;
    // One subquery per sample picks the largest candidate as [rank, number, text] (JSONB keeps numbers exact).
    // Objects do not order as in memory (JSONB reorders their keys): sorting by them fails with INEXACT.
    const largest =
      `(SELECT jsonb_build_array(CASE WHEN c.r = ${RANK.other} THEN ${inexact("s.seq")} ELSE c.r END, c.n, c.t) FROM (${candidates}) c ` +
      `ORDER BY c.r DESC, c.n DESC NULLS LAST, c.t COLLATE "C" DESC NULLS LAST LIMIT 1)`;
    let key = largest;
    if (keys.length === 0) {
      // A top-level field that is not a list is its own key: no path query.
      const { from, where, json } = this.source(root, true);
      const value = from.length ? `(SELECT ${json} FROM ${from.join(", ")} WHERE ${where.join(" AND ")})` : json;
      key =
        `(SELECT CASE WHEN j.v IS NULL THEN NULL WHEN jsonb_typeof(j.v) = 'array' THEN ${largest} ` +
        `ELSE jsonb_build_array(CASE WHEN jsonb_typeof(j.v) = 'object' THEN ${inexact("s.seq")} ELSE ${rankOf("j.v")} END, ${numberOf("j.v")}, ${textOf("j.v")}) END FROM (SELECT ${value} AS v OFFSET 0) j)`;
    }
    return {
      columns: [key],
      terms: ([k]) => [{ expr: `coalesce((${k!} ->> 0)::int, 0)` }, { expr: `(${k!} ->> 1)::numeric` }, { expr: `${k!} ->> 2`, text: true }],
    };
  }

  textOrder(expr: string): string {
    return `(${expr}) COLLATE "C"`;
  }

  firstOrder(pos: string, ord: string): string {
    return `ARRAY[${pos}, ${ord}]`;
  }
}

/** JSONB of a built-in field, from the samples row `s` (undefined for a custom field). */
function builtinJson(root: string): ((s: string) => string) | undefined {
  const b = Object.hasOwn(BUILTIN_COLUMNS, root) ? BUILTIN_COLUMNS[root] : undefined;
  return b && ((s) => (b.json ? `${s}.${b.column}` : `to_jsonb(${s}.${b.column})`));
}

/** SQL/JSON path member accessors of `keys`: `."a"`, `."b"`. */
function pathSteps(keys: readonly string[]): string[] {
  return keys.map((k) => `."${k.replace(/["\\]/g, (c) => `\\${c}`)}"`);
}

/** An integer expression failing with {@link INEXACT} in its message (the cast of a non-number) for sample `seq`. */
function inexact(seq: string): string {
  return `('${INEXACT} ' || ${seq})::int`;
}

/** {@link RANK} of a JSONB value. */
function rankOf(v: string): string {
  return `CASE jsonb_typeof(${v}) WHEN 'null' THEN ${RANK.null} WHEN 'boolean' THEN ${RANK.bool} WHEN 'number' THEN ${RANK.number} WHEN 'string' THEN ${RANK.string} ELSE ${RANK.other} END`;
}

/** A JSONB number's value, 1/0 for a boolean, else NULL. */
function numberOf(v: string): string {
  return `CASE jsonb_typeof(${v}) WHEN 'number' THEN (${v})::numeric WHEN 'boolean' THEN CASE WHEN ${v} = 'true'::jsonb THEN 1 ELSE 0 END END`;
}

/** A JSONB string's text, an object's or list's JSON text, else NULL. */
function textOf(v: string): string {
  return `CASE jsonb_typeof(${v}) WHEN 'string' THEN ${v} #>> '{}' WHEN 'object' THEN (${v})::text WHEN 'array' THEN (${v})::text END`;
}
