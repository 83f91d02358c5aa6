import { mergeFieldType, fieldTypeOf, type FieldSchemaEntry, type FieldType } from "../field-type.js";
import { DatasetStateError } from "../errors.js";
import { encodeStored, type StoredCell } from "../value-codec.js";

/** The field schema as read inside a write transaction, with the changes the write makes. */
export class SchemaDraft {
  private readonly types = new Map<string, FieldType>();
  private readonly dirty = new Set<string>();

  constructor(rows: { name: string; frame: number; type: string }[]) {
    for (const r of rows) this.types.set(key(r.name, r.frame === 1), r.type);
  }

  get(name: string, frame: boolean): FieldType | undefined {
    return this.types.get(key(name, frame));
  }

  set(name: string, frame: boolean, type: FieldType): void {
    const k = key(name, frame);
    if (this.types.get(k) !== type) {
      this.types.set(k, type);
      this.dirty.add(k);
    }
  }

  changed(): FieldSchemaEntry[] {
    return [...this.dirty].map((k) => ({ frame: k.startsWith("f:"), name: k.slice(2), type: this.types.get(k)! }));
  }
}

function key(name: string, frame: boolean): string {
  return `${frame ? "f" : "s"}:${name}`;
}

export function checkType(schema: SchemaDraft, name: string, frame: boolean, value: unknown): void {
  const merged = mergeFieldType(frame ? `frames.${name}` : name, schema.get(name, frame), fieldTypeOf(value));
  if (merged !== undefined) schema.set(name, frame, merged);
}

/**
 * The cells of a sample's frame-level values, each type-checked against (and recorded
 * in) the schema and encoded for storage; frame numbers must be whole numbers from 1.
 */
export function* frameCells(
  id: string,
  frames: ReadonlyMap<number, Record<string, unknown>>,
  schema: SchemaDraft,
): Generator<{ frame: number; name: string; cell: StoredCell }> {
  for (const [frameNumber, values] of frames) {
    if (!Number.isInteger(frameNumber) || frameNumber < 1) {
      throw new DatasetStateError(`Frame numbers start at 1; got ${frameNumber} for sample ${id}.`);
    }
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) continue;
      checkType(schema, name, true, value);
      yield { frame: frameNumber, name, cell: encodeStored(value, `frames[${frameNumber}].${name}`) };
    }
  }
}
