import { isLabel } from "../labels/index.js";
import { FieldTypeError } from "./errors.js";

/**
 * The type of a field as recorded in a dataset's schema: a primitive kind, or the
 * class name of a label (`"Detections"`, `"Classification"`, ...).
 */
export type FieldType = "string" | "int" | "float" | "bool" | "date" | "vector" | "list" | "dict" | (string & {});

/** The schema entry of one field. */
export interface FieldSchemaEntry {
  /** Field name. */
  name: string;
  /** Its type, see {@link FieldType}. */
  type: FieldType;
  /** True for a frame-level field of video samples. */
  frame: boolean;
}

/** The {@link FieldType} of a value, or undefined for null (which fits every field). */
export function fieldTypeOf(value: unknown): FieldType | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (value instanceof Date) return "date";
  if (value instanceof Float32Array) return "vector";
  if (isLabel(value)) return value.cls;
  if (Array.isArray(value)) return "list";
  return "dict";
}

/**
 * The type a field has after storing a value of type `incoming` in it; throws when
 * the two cannot share a field. Ints widen to floats, as FiftyOne's schema does.
 */
export function mergeFieldType(field: string, existing: FieldType | undefined, incoming: FieldType | undefined): FieldType | undefined {
  if (incoming === undefined) return existing;
  if (existing === undefined || existing === incoming) return incoming;
  if ((existing === "int" && incoming === "float") || (existing === "float" && incoming === "int")) return "float";
  throw new FieldTypeError(
    `Field "${field}" holds ${article(existing)}, so it cannot store ${article(incoming)}. ` +
      `Write to another field name, or delete this one first with dataset.deleteSampleField("${field}").`,
  );
}

function article(type: string): string {
  return /^[aeiou]/i.test(type) ? `an ${type}` : `a ${type}`;
}
