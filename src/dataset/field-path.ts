import { OBJECT_PROTOTYPE_NAMES } from "./field-name.js";

/**
 * Reads `path` ("ground_truth.detections.label") out of a sample document. Lists
 * met on the way are mapped over and flattened, as in MongoDB and FiftyOne, so the
 * path above gives every detection's label of the sample as one list. A list value
 * at the end of the path (a box) stays one value.
 */
export function getPath(doc: unknown, path: string | readonly string[]): unknown {
  return walk(doc, typeof path === "string" ? path.split(".") : path).value;
}

/** `value` at the path; `many` when a list was crossed, so `value` is a list of results. */
function walk(doc: unknown, parts: readonly string[]): { value: unknown; many: boolean } {
  let value: unknown = doc;
  for (let i = 0; i < parts.length; i++) {
    if (value === null || value === undefined) return { value: undefined, many: false };
    if (Array.isArray(value)) {
      const rest = parts.slice(i);
      const out: unknown[] = [];
      for (const v of value) {
        const sub = walk(v, rest);
        if (sub.many) out.push(...(sub.value as unknown[]));
        else if (sub.value !== undefined) out.push(sub.value);
      }
      return { value: out, many: true };
    }
    if (typeof value !== "object") return { value: undefined, many: false };
    const key = parts[i]!;
    // "constructor", "toString", ... of Object.prototype are never stored values.
    if (OBJECT_PROTOTYPE_NAMES.has(key) && !Object.hasOwn(value, key)) return { value: undefined, many: false };
    value = (value as Record<string, unknown>)[key];
  }
  return { value, many: false };
}

/** The top-level field a path starts with. */
export function rootField(path: string): string {
  const dot = path.indexOf(".");
  return dot < 0 ? path : path.slice(0, dot);
}

/** A total order over stored values for sorting: missing/null first, then booleans, numbers, strings, others by JSON. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return compareCodePoints(a, b);
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  const ja = JSON.stringify(a);
  const jb = JSON.stringify(b);
  return ja < jb ? -1 : ja > jb ? 1 : 0;
}

/**
 * Strings in Unicode code point order (as MongoDB and SQL databases compare UTF-8), not
 * JavaScript's UTF-16 unit order, which puts characters above U+FFFF before U+E000–U+FFFF.
 */
function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** A UTF-16 unit moved so that surrogates (characters above U+FFFF) come after U+E000–U+FFFF. */
function codePointRank(unit: number): number {
  return unit >= 0xd800 && unit <= 0xdfff ? unit + 0x2000 : unit >= 0xe000 ? unit - 0x800 : unit;
}

function rank(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === "boolean") return 1;
  if (typeof v === "number") return 2;
  if (typeof v === "string") return 3;
  if (v instanceof Date) return 4;
  return 5;
}

/**
 * `doc` (a plain object, or undefined for a new one) with `value` at `path`
 * ("pred" or "a.b.pred"): an embedded document field, as FiftyOne's dotted label
 * fields. The objects on the way are copied, not changed; a value on the way that is
 * not a plain object (a label, a list, a number) cannot hold the path: `undefined` is
 * returned then, and the caller names the conflict.
 */
export function withPath(doc: unknown, path: readonly string[], value: unknown): Record<string, unknown> | undefined {
  if (doc !== undefined && doc !== null && !isPlainRecord(doc)) return undefined;
  const out: Record<string, unknown> = { ...doc };
  const [head, ...rest] = path;
  if (rest.length === 0) {
    out[head!] = value;
    return out;
  }
  const inner = withPath(out[head!], rest, value);
  if (inner === undefined) return undefined;
  out[head!] = inner;
  return out;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
