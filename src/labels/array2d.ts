import { PLATFORM_IS_LITTLE_ENDIAN, littleEndianBytes, swapByteOrder } from "./byte-order.js";
import { describeValue } from "./describe-value.js";
import { LabelValidationError } from "./errors.js";

/** Element types an {@link Array2D} can hold. */
export type Array2DType = "uint8" | "uint16" | "int32" | "float32";

/** The typed array behind each {@link Array2DType}. */
export type Array2DData = Uint8Array | Uint16Array | Int32Array | Float32Array;

const CONSTRUCTORS = {
  uint8: Uint8Array,
  uint16: Uint16Array,
  int32: Int32Array,
  float32: Float32Array,
} as const;

/** Inclusive value ranges of the integer types, for {@link Array2D.from}. */
const INTEGER_RANGES: Partial<Record<Array2DType, [number, number]>> = {
  uint8: [0, 0xff],
  uint16: [0, 0xffff],
  int32: [-0x80000000, 0x7fffffff],
};

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The JSON form of an {@link Array2D}: shape, dtype and the little-endian bytes in base64. */
export interface Array2DJSON {
  /** `[height, width]`. */
  shape: [number, number];
  /** Element type. */
  dtype: Array2DType;
  /** Base64 of the row-major little-endian element bytes. */
  data: string;
}

/** True for one of the element type names. */
export function isArray2DType(value: unknown): value is Array2DType {
  return typeof value === "string" && Object.hasOwn(CONSTRUCTORS, value);
}

/**
 * A row-major 2-D typed array: masks, segmentation maps, heatmaps. `data[y * width + x]`
 * is the value at row `y`, column `x`. Values are not range-checked on `set` (typed
 * array semantics: 256 in a uint8 array wraps to 0); {@link Array2D.from} does check.
 */
export class Array2D<T extends Array2DData = Array2DData> {
  /** Rows. */
  readonly height: number;
  /** Columns. */
  readonly width: number;
  /** The values, row-major, `height * width` of them. */
  readonly data: T;

  /** Wraps `data` (not copied) as a `height × width` array; dims must be whole numbers ≥ 1. */
  constructor(height: number, width: number, data: T) {
    if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
      throw new LabelValidationError(`Array2D needs whole-number dimensions of at least 1×1; got ${describeValue(height)}×${describeValue(width)}.`);
    }
    if (!(data instanceof Uint8Array || data instanceof Uint16Array || data instanceof Int32Array || data instanceof Float32Array)) {
      throw new LabelValidationError(`Array2D data must be a Uint8Array, Uint16Array, Int32Array or Float32Array; got ${describeValue(data)}.`);
    }
    if (data.length !== height * width) {
      throw new LabelValidationError(`Array2D of ${height}×${width} needs ${height * width} values (height × width); got ${data.length}.`);
    }
    this.height = height;
    this.width = width;
    this.data = data;
  }

  /** A zero-filled `height × width` array of `dtype` (default uint8). */
  static zeros(height: number, width: number, dtype: Array2DType = "uint8"): Array2D {
    const ctor = constructorOf(dtype);
    const count = Number.isInteger(height) && Number.isInteger(width) && height > 0 && width > 0 ? height * width : 0;
    return new Array2D(height, width, new ctor(count));
  }

  /**
   * An array from nested rows (handy in tests): `Array2D.from([[0, 1], [1, 0]], "uint8")`.
   * Every value must fit `dtype`: whole numbers in range for integer types, finite for float32.
   */
  static from(rows: readonly (readonly number[])[], dtype: Array2DType = "uint8"): Array2D {
    const ctor = constructorOf(dtype);
    if (!Array.isArray(rows) || rows.length === 0 || !rows.every((r) => Array.isArray(r))) {
      throw new LabelValidationError(`Array2D.from needs a non-empty list of rows, e.g. [[0, 1], [1, 0]]; got ${describeValue(rows)}.`);
    }
    const width = rows[0]!.length;
    const ragged = rows.findIndex((r) => r.length !== width);
    if (ragged >= 0) throw new LabelValidationError(`Array2D.from needs rows of equal length; row 0 has ${width} values, row ${ragged} has ${rows[ragged]!.length}.`);
    const range = INTEGER_RANGES[dtype];
    rows.forEach((row, y) =>
      row.forEach((v, x) => {
        const fits = range ? Number.isInteger(v) && v >= range[0] && v <= range[1] : typeof v === "number" && Number.isFinite(Math.fround(v));
        if (!fits) {
          const expected = range ? `a whole number in [${range[0]}, ${range[1]}]` : "a finite number";
          throw new LabelValidationError(`Array2D.from of ${dtype}: the value at row ${y}, column ${x} must be ${expected}; got ${describeValue(v)}.`);
        }
      }),
    );
    const data = new ctor(rows.length * width);
    rows.forEach((r, y) => data.set(r, y * width));
    return new Array2D(rows.length, width, data);
  }

  /**
   * Revives the JSON form (see {@link Array2DJSON}). `field` names where it sits (e.g.
   * `"Segmentation.mask"`) in error messages.
   */
  static fromJSON(json: unknown, field = "Array2D"): Array2D {
    const expect = `${field} in JSON must be { shape: [height, width], dtype: "uint8" | "uint16" | "int32" | "float32", data: "<base64>" }`;
    const j = (typeof json === "object" && json !== null ? json : {}) as Partial<Record<keyof Array2DJSON, unknown>>;
    if (!Array.isArray(j.shape) || j.shape.length !== 2 || !isArray2DType(j.dtype) || typeof j.data !== "string") {
      throw new LabelValidationError(`${expect}; got ${describeValue(json)}.`);
    }
    if (j.data.length % 4 !== 0 || !BASE64.test(j.data)) {
      throw new LabelValidationError(`${expect}; its data is not padded base64 (got ${describeValue(j.data)}).`);
    }
    const bytes = Buffer.from(j.data, "base64");
    const ctor = CONSTRUCTORS[j.dtype];
    if (bytes.byteLength % ctor.BYTES_PER_ELEMENT !== 0) {
      throw new LabelValidationError(`${field} of dtype ${j.dtype} needs whole ${ctor.BYTES_PER_ELEMENT}-byte values; got ${bytes.byteLength} bytes.`);
    }
    // Copy into a fresh buffer: decoded bytes need not be aligned for the element type.
    const data = new ctor(bytes.byteLength / ctor.BYTES_PER_ELEMENT);
    const target = new Uint8Array(data.buffer);
    target.set(bytes);
    if (!PLATFORM_IS_LITTLE_ENDIAN) swapByteOrder(target, ctor.BYTES_PER_ELEMENT);
    const [height, width] = j.shape as unknown[];
    try {
      return new Array2D(height as number, width as number, data);
    } catch (e) {
      throw new LabelValidationError(`${field}: ${(e as Error).message}`, { cause: e });
    }
  }

  /** The element type. */
  get dtype(): Array2DType {
    if (this.data instanceof Uint8Array) return "uint8";
    if (this.data instanceof Uint16Array) return "uint16";
    if (this.data instanceof Int32Array) return "int32";
    return "float32";
  }

  /** The value at row `y`, column `x`; a RangeError outside the array. */
  get(y: number, x: number): number {
    return this.data[this.offset(y, x)]!;
  }

  /** Sets the value at row `y`, column `x`; a RangeError outside the array. */
  set(y: number, x: number, value: number): void {
    this.data[this.offset(y, x)] = value;
  }

  /** The JSON form: shape, dtype and the little-endian bytes in base64. */
  toJSON(): Array2DJSON {
    const bytes = littleEndianBytes(this.data);
    const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
    return { shape: [this.height, this.width], dtype: this.dtype, data };
  }

  // Without the check, x = width would silently read the next row's first value.
  private offset(y: number, x: number): number {
    if (!(Number.isInteger(y) && Number.isInteger(x) && y >= 0 && y < this.height && x >= 0 && x < this.width)) {
      throw new RangeError(`Array2D index (y=${y}, x=${x}) is outside the ${this.height}×${this.width} array.`);
    }
    return y * this.width + x;
  }
}

function constructorOf(dtype: unknown): (typeof CONSTRUCTORS)[Array2DType] {
  if (!isArray2DType(dtype)) throw new LabelValidationError(`Array2D dtype must be "uint8", "uint16", "int32" or "float32"; got ${describeValue(dtype)}.`);
  return CONSTRUCTORS[dtype];
}
