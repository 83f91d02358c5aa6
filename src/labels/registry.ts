import { describeValue } from "./describe-value.js";
import { LabelValidationError } from "./errors.js";
import type { Label, LabelJSON } from "./label.js";

/** Turns the JSON form of one label class back into a label. */
export type LabelReviver = (json: LabelJSON) => Label;

// Filled as the class modules load; index.ts imports all of them.
const registry = new Map<string, LabelReviver>();

/** Registers how to revive a label class from JSON. Each label module registers its classes. */
export function registerLabelClass(cls: string, revive: LabelReviver): void {
  registry.set(cls, revive);
}

/** The `_cls` names {@link labelFromJSON} can revive, sorted. */
export function knownLabelClasses(): string[] {
  return [...registry.keys()].sort();
}

/**
 * True for a plain object (not an array) whose `_cls` names a known label class: the
 * test a reader of stored JSON uses to decide to call {@link labelFromJSON}. It does not
 * validate the rest; `labelFromJSON` does.
 */
export function isLabelJSON(value: unknown): value is LabelJSON {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const cls = (value as { _cls?: unknown })._cls;
  return typeof cls === "string" && registry.has(cls);
}

/** Revives a label from its JSON form, dispatching on `_cls`; validates like the constructors. */
export function labelFromJSON(json: unknown): Label {
  const isObject = typeof json === "object" && json !== null && !Array.isArray(json);
  const cls = isObject ? (json as { _cls?: unknown })._cls : undefined;
  const revive = typeof cls === "string" ? registry.get(cls) : undefined;
  if (!revive) {
    const got = isObject ? `_cls ${describeValue(cls)}` : describeValue(json);
    throw new LabelValidationError(`labelFromJSON needs an object whose _cls names a label class (one of ${knownLabelClasses().join(", ")}); got ${got}.`);
  }
  return revive(json as LabelJSON);
}
