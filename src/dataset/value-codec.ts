import { isLabel, isLabelJSON, labelFromJSON } from "../labels/index.js";
import { ModelzooError } from "../errors.js";
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
  if (isLabel(value)) return labelToJSON(value, field);
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

/**
 * What a stored value was when it was handed out (its serialized JSON, or a copy of a
 * vector), so that an in-place edit (`sample.get("gt").detections.push(d)`) is found at
 * save time by comparing values, as FiftyOne saves such edits. Undefined for primitives,
 * which cannot be edited in place.
 */
export type ValueSnapshot = string | Float32Array;

/** The snapshot of `value` (see {@link ValueSnapshot}), or undefined for a primitive. */
export function snapshotValue(value: unknown, field: string): ValueSnapshot | undefined {
  if (value === null || typeof value !== "object") return undefined;
  if (value instanceof Float32Array) return value.slice();
  return JSON.stringify(toJSONValue(value, field));
}

/** True when `value` still serializes to `snapshot`. */
export function matchesSnapshot(snapshot: ValueSnapshot, value: unknown, field: string): boolean {
  if (snapshot instanceof Float32Array) {
    if (!(value instanceof Float32Array) || value.length !== snapshot.length) return false;
    return Buffer.compare(Buffer.from(value.buffer, value.byteOffset, value.byteLength), Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength)) === 0;
  }
  return value !== null && typeof value === "object" && !(value instanceof Float32Array) && JSON.stringify(toJSONValue(value, field)) === snapshot;
}

/** A label's JSON; a label whose parts were replaced in place by something else (a list holding a non-label) is a {@link FieldTypeError}. */
function labelToJSON(label: { toJSON(): unknown }, field: string): unknown {
  try {
    return label.toJSON();
  } catch (err) {
    if (err instanceof ModelzooError) throw err;
    throw new FieldTypeError(
      `Field "${field}" holds a ${label.constructor.name} that cannot be stored (${(err as Error).message}): one of its parts was replaced by a value of the wrong kind. ` +
        `Put labels of the right class in its lists (e.g. new Detection({...}) in detections).`,
    );
  }
}
