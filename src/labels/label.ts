import { LabelValidationError } from "./errors.js";
import { isObjectId, objectId } from "./object-id.js";

/** The JSON form of a label: its properties plus `_cls`, the class name. */
export interface LabelJSON {
  /** Label class name, e.g. `"Detections"`. */
  _cls: string;
  [key: string]: unknown;
}

/** Options every label takes. */
export interface LabelOptions {
  /** A 24-hex id to keep (e.g. when reviving); a new one is made when omitted. */
  id?: string;
  /** Label tags. */
  tags?: string[];
}

/**
 * The base of every label class. Each label has an `id`, `tags`, a JSON form keyed by
 * `_cls`, and validates its values when constructed.
 */
export abstract class Label {
  /** The label's id (24 hex characters). */
  readonly id: string;
  /** Label tags (e.g. "reviewed", "mistake"). */
  tags: string[];

  /** @param options - id and tags; @param cls - the concrete class name, for messages */
  protected constructor(options: LabelOptions, cls: string) {
    if (options.id !== undefined && !isObjectId(options.id)) {
      throw new LabelValidationError(`${cls}.id must be a 24-character hex id; got ${JSON.stringify(options.id)}. Omit it to get a new one.`);
    }
    this.id = options.id ?? objectId();
    if (options.tags !== undefined && (!Array.isArray(options.tags) || options.tags.some((t) => typeof t !== "string"))) {
      throw new LabelValidationError(`${cls}.tags must be a list of strings; got ${JSON.stringify(options.tags)}.`);
    }
    this.tags = [...(options.tags ?? [])];
  }

  /** The class name used as `_cls` in JSON (e.g. `"Detection"`). */
  abstract get cls(): string;

  /** The JSON form, with `_cls`; undefined properties are left out. */
  abstract toJSON(): LabelJSON;

  /**
   * The JSON form from the class's own properties: adds `_cls`, `id` and `tags`, and
   * leaves out undefined values and empty attribute bags.
   */
  protected jsonOf(props: Record<string, unknown>): LabelJSON {
    const out: LabelJSON = { _cls: this.cls, id: this.id };
    if (this.tags.length > 0) out.tags = [...this.tags];
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined) continue;
      if (k === "attributes" && Object.keys(v as object).length === 0) continue;
      out[k] = v;
    }
    return out;
  }
}

type Reviver = (json: LabelJSON) => Label;
const registry = new Map<string, Reviver>();

/** Registers how to revive a label class from JSON. Each label module registers its classes. */
export function registerLabelClass(cls: string, revive: Reviver): void {
  registry.set(cls, revive);
}

/** True for any label instance. */
export function isLabel(value: unknown): value is Label {
  return value instanceof Label;
}

/** True for a plain object whose `_cls` names a known label class. */
export function isLabelJSON(value: unknown): value is LabelJSON {
  return typeof value === "object" && value !== null && !Array.isArray(value) && registry.has((value as { _cls?: unknown })._cls as string);
}

/** Revives a label from its JSON form, dispatching on `_cls`; validates like the constructors. */
export function labelFromJSON(json: unknown): Label {
  const cls = (json as { _cls?: unknown } | null)?._cls;
  const revive = typeof cls === "string" ? registry.get(cls) : undefined;
  if (!revive) {
    throw new LabelValidationError(`Unknown label class ${JSON.stringify(cls)} in JSON; known classes: ${[...registry.keys()].sort().join(", ")}.`);
  }
  return revive(json as LabelJSON);
}
