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

/** The JSON form of an {@link Array2D}: shape, dtype and the little-endian bytes in base64. */
export interface Array2DJSON {
  /** `[height, width]`. */
  shape: [number, number];
  /** Element type. */
  dtype: Array2DType;
  /** Base64 of the row-major little-endian element bytes. */
  data: string;
}

/**
 * A row-major 2-D typed array: masks, segmentation maps, heatmaps. `data[y * width + x]`
 * is the value at row `y`, column `x`.
 */
export class Array2D<T extends Array2DData = Array2DData> {
  /** Rows. */
  readonly height: number;
  /** Columns. */
  readonly width: number;
  /** The values, row-major, `height * width` of them. */
  readonly data: T;

  /** Wraps `data` (not copied) as a `height × width` array. */
  constructor(height: number, width: number, data: T) {
    if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
      throw new LabelValidationError(`Array2D needs whole-number dimensions of at least 1×1; got ${height}×${width}.`);
    }
    if (!(data instanceof Uint8Array || data instanceof Uint16Array || data instanceof Int32Array || data instanceof Float32Array)) {
      throw new LabelValidationError(`Array2D data must be a Uint8Array, Uint16Array, Int32Array or Float32Array.`);
    }
    if (data.length !== height * width) {
      throw new LabelValidationError(`Array2D of ${height}×${width} needs ${height * width} values; got ${data.length}.`);
    }
    this.height = height;
    this.width = width;
    this.data = data;
  }

  /** A zero-filled array. */
  static zeros(height: number, width: number, dtype: Array2DType = "uint8"): Array2D {
    return new Array2D(height, width, new CONSTRUCTORS[dtype](Math.max(0, height * width)));
  }

  /** An array from nested rows (handy in tests): `Array2D.from([[0, 1], [1, 0]])`. */
  static from(rows: readonly (readonly number[])[], dtype: Array2DType = "uint8"): Array2D {
    const height = rows.length;
    const width = rows[0]?.length ?? 0;
    if (rows.some((r) => r.length !== width)) throw new LabelValidationError(`Array2D.from needs rows of equal length.`);
    const data = new CONSTRUCTORS[dtype](height * width);
    rows.forEach((r, y) => data.set(r, y * width));
    return new Array2D(height, width, data);
  }

  /** Revives the JSON form. */
  static fromJSON(json: unknown): Array2D {
    const j = json as Partial<Array2DJSON> | null;
    if (!j || !Array.isArray(j.shape) || j.shape.length !== 2 || typeof j.data !== "string" || !j.dtype || !(j.dtype in CONSTRUCTORS)) {
      throw new LabelValidationError(`An Array2D in JSON must be { shape: [h, w], dtype: "uint8"|"uint16"|"int32"|"float32", data: base64 }.`);
    }
    const bytes = Buffer.from(j.data, "base64");
    const ctor = CONSTRUCTORS[j.dtype];
    if (bytes.byteLength % ctor.BYTES_PER_ELEMENT !== 0) {
      throw new LabelValidationError(`Array2D data of dtype ${j.dtype} must be a whole number of ${ctor.BYTES_PER_ELEMENT}-byte values.`);
    }
    // Copy into a fresh buffer: base64-decoded bytes need not be aligned for the element type.
    const data = new ctor(bytes.byteLength / ctor.BYTES_PER_ELEMENT);
    new Uint8Array(data.buffer).set(bytes);
    return new Array2D(j.shape[0], j.shape[1], data);
  }

  /** The element type. */
  get dtype(): Array2DType {
    if (this.data instanceof Uint8Array) return "uint8";
    if (this.data instanceof Uint16Array) return "uint16";
    if (this.data instanceof Int32Array) return "int32";
    return "float32";
  }

  /** The value at row `y`, column `x`. */
  get(y: number, x: number): number {
    return this.data[y * this.width + x]!;
  }

  /** Sets the value at row `y`, column `x`. */
  set(y: number, x: number, value: number): void {
    this.data[y * this.width + x] = value;
  }

  /** The JSON form (platforms are little-endian, so the bytes are written as they are). */
  toJSON(): Array2DJSON {
    const bytes = Buffer.from(this.data.buffer, this.data.byteOffset, this.data.byteLength);
    return { shape: [this.height, this.width], dtype: this.dtype, data: bytes.toString("base64") };
  }
}
