import { isLabel, isLabelJSON, labelFromJSON } from "../labels/index.js";
import { FieldTypeError } from "./errors.js";

/**
 * How field values travel to and from storage and JSON files.
 *
 * Labels become their `toJSON()` form (revived by `_cls`), dates `{"$date": iso}`,
 * `Float32Array` vectors (embeddings) `{"$float32": base64}` inside JSON — the SQLite
 * store keeps a top-level vector as a raw float32 BLOB instead, see {@link encodeStored}.
 * Anything else must be plain JSON; NaN, functions and class instances are refused
 * so that what is read back is what was written.
 */

/** Turns a field value into a JSON-safe value. `field` names the field in errors. */
export function toJSONValue(value: unknown, field: string): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw new FieldTypeError(`Field "${field}" got ${value}, which cannot be stored. Store null for a missing number.`);
    }
    return value;
  }
  if (isLabel(value)) return value.toJSON();
  if (value instanceof Float32Array) return { $float32: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map((v, i) => toJSONValue(v === undefined ? null : v, `${field}[${i}]`));
  if (typeof value === "object" && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) setOwn(out, k, toJSONValue(v, `${field}.${k}`));
    }
    return out;
  }
  const kind = ArrayBuffer.isView(value) ? value.constructor.name : typeof value === "object" ? (value.constructor?.name ?? "object") : typeof value;
  throw new FieldTypeError(
    `Field "${field}" got a ${kind}, which cannot be stored. Store labels, numbers, strings, booleans, dates, ` +
      `Float32Array vectors, or arrays and plain objects of those${ArrayBuffer.isView(value) ? " (convert with Float32Array.from(...))" : ""}.`,
  );
}

/** The inverse of {@link toJSONValue}: revives labels, dates and vectors. */
export function fromJSONValue(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(fromJSONValue);
  if (isLabelJSON(value)) return labelFromJSON(value);
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1) {
    if (typeof obj.$date === "string") return new Date(obj.$date);
    if (typeof obj.$float32 === "string") return float32FromBytes(Buffer.from(obj.$float32, "base64"));
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) setOwn(out, k, fromJSONValue(obj[k]));
  return out;
}

/** `out[key] = value` as an own property even for "__proto__", which an assignment would turn into a prototype change. */
function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** A value as one storage cell: JSON text, or a float32 BLOB for a top-level vector. */
export interface StoredCell {
  /** JSON text, or null when the value is in `blob`. */
  json: string | null;
  /** Little-endian float32 bytes of a vector, or null. */
  blob: Buffer | null;
}

/** Encodes a field value for storage. */
export function encodeStored(value: unknown, field: string): StoredCell {
  if (value instanceof Float32Array) {
    // Copy so that later changes to the caller's array cannot reach the stored bytes.
    return { json: null, blob: Buffer.from(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength)) };
  }
  return { json: JSON.stringify(toJSONValue(value, field)), blob: null };
}

/** Decodes a storage cell; with `raw` labels stay as their JSON (cheaper, for filters and sorting). */
export function decodeStored(cell: StoredCell, raw = false): unknown {
  if (cell.blob !== null) return float32FromBytes(cell.blob);
  if (cell.json === null) return undefined;
  const parsed: unknown = JSON.parse(cell.json);
  return raw ? parsed : fromJSONValue(parsed);
}

function float32FromBytes(bytes: Uint8Array): Float32Array {
  // Copy into a fresh, aligned buffer: SQLite's buffers are not 4-byte aligned.
  const out = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
