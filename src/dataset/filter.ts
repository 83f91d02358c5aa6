import { ModelzooError } from "../errors.js";
import { compareValues, getPath, rootField } from "./field-path.js";

/** Comparison operators of a {@link FieldFilter} condition (MongoDB's names). */
export interface FilterOperators {
  /** Equal (for a list value: any element equal). */
  $eq?: unknown;
  /** Not equal (for a list value: no element equal). */
  $ne?: unknown;
  /** Greater than. */
  $gt?: number | string;
  /** Greater than or equal. */
  $gte?: number | string;
  /** Less than. */
  $lt?: number | string;
  /** Less than or equal. */
  $lte?: number | string;
  /** One of these values. */
  $in?: readonly unknown[];
  /** None of these values. */
  $nin?: readonly unknown[];
  /** The path has (true) or lacks (false) a non-null value. */
  $exists?: boolean;
  /** A string matching this regular expression. */
  $regex?: string | RegExp;
}

/**
 * A declarative sample filter: paths mapped to a value (equality) or to
 * {@link FilterOperators}, all of which must hold; `$and` / `$or` combine filters.
 * When a path reaches a list (e.g. `"predictions.detections.label"`), a condition
 * holds if any element satisfies it, as in MongoDB.
 *
 * @example `{ "predictions.detections.label": "person", "metadata.width": { $gte: 640 } }`
 */
export type FieldFilter = { $and?: FieldFilter[]; $or?: FieldFilter[] } & { [path: string]: unknown };

/** A filter that cannot be understood. */
export class FilterError extends ModelzooError {
  /** @param message - the offending part and the accepted forms */
  constructor(message: string) {
    super("FILTER", message);
  }
}

const OPERATORS = new Set(["$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$exists", "$regex"]);

/** The top-level fields a filter reads, so that only those are loaded. */
export function filterFields(filter: FieldFilter): string[] {
  const out = new Set<string>();
  for (const [key, cond] of Object.entries(filter)) {
    if (key === "$and" || key === "$or") for (const sub of asFilterList(key, cond)) for (const f of filterFields(sub)) out.add(f);
    else if (key.startsWith("$")) throw new FilterError(`Unknown filter key "${key}". Use field paths, $and or $or at the top level.`);
    else out.add(rootField(key));
  }
  return [...out];
}

/** True when `doc` (a sample's fields as JSON, built-ins included) satisfies `filter`. */
export function matchesFilter(doc: Record<string, unknown>, filter: FieldFilter): boolean {
  for (const [key, cond] of Object.entries(filter)) {
    if (key === "$and") {
      if (!asFilterList(key, cond).every((f) => matchesFilter(doc, f))) return false;
    } else if (key === "$or") {
      if (!asFilterList(key, cond).some((f) => matchesFilter(doc, f))) return false;
    } else if (!matchesCondition(getPath(doc, key), cond, key)) {
      return false;
    }
  }
  return true;
}

function matchesCondition(value: unknown, cond: unknown, path: string): boolean {
  if (!isOperatorObject(cond)) return anyOf(value, (v) => equal(v, cond));
  for (const [op, arg] of Object.entries(cond)) {
    if (!OPERATORS.has(op)) {
      throw new FilterError(`Unknown operator "${op}" for "${path}". Supported: ${[...OPERATORS].join(", ")}.`);
    }
    if (!applyOperator(op, value, arg, path)) return false;
  }
  return true;
}

function applyOperator(op: string, value: unknown, arg: unknown, path: string): boolean {
  switch (op) {
    case "$eq":
      return anyOf(value, (v) => equal(v, arg));
    case "$ne":
      return !anyOf(value, (v) => equal(v, arg));
    case "$gt":
      return anyOf(value, (v) => comparable(v, arg) && compareValues(v, arg) > 0);
    case "$gte":
      return anyOf(value, (v) => comparable(v, arg) && compareValues(v, arg) >= 0);
    case "$lt":
      return anyOf(value, (v) => comparable(v, arg) && compareValues(v, arg) < 0);
    case "$lte":
      return anyOf(value, (v) => comparable(v, arg) && compareValues(v, arg) <= 0);
    case "$in":
      return anyOf(value, (v) => asList(path, op, arg).some((a) => equal(v, a)));
    case "$nin":
      return !anyOf(value, (v) => asList(path, op, arg).some((a) => equal(v, a)));
    case "$exists": {
      const present = value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
      return present === Boolean(arg);
    }
    default: {
      const re = arg instanceof RegExp ? arg : new RegExp(String(arg));
      return anyOf(value, (v) => typeof v === "string" && re.test(v));
    }
  }
}

function anyOf(value: unknown, test: (v: unknown) => boolean): boolean {
  return Array.isArray(value) ? value.some(test) || test(value) : test(value);
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === undefined || a === null) && (b === undefined || b === null)) return true;
  if (typeof a === "object" && typeof b === "object" && a !== null && b !== null) return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

function comparable(v: unknown, arg: unknown): boolean {
  return (typeof v === "number" && typeof arg === "number") || (typeof v === "string" && typeof arg === "string");
}

function isOperatorObject(cond: unknown): cond is Record<string, unknown> {
  if (cond === null || typeof cond !== "object" || Array.isArray(cond) || cond instanceof RegExp) return false;
  const keys = Object.keys(cond);
  return keys.length > 0 && keys.every((k) => k.startsWith("$"));
}

function asFilterList(key: string, cond: unknown): FieldFilter[] {
  if (!Array.isArray(cond)) throw new FilterError(`"${key}" takes a list of filters, e.g. { ${key}: [{ a: 1 }, { b: 2 }] }.`);
  return cond as FieldFilter[];
}

function asList(path: string, op: string, arg: unknown): readonly unknown[] {
  if (!Array.isArray(arg)) throw new FilterError(`"${op}" for "${path}" takes a list of values, e.g. { ${op}: ["cat", "dog"] }.`);
  return arg;
}
