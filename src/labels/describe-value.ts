/**
 * Renders a bad value for an error message. Unlike `JSON.stringify` it keeps NaN and
 * Infinity visible (JSON would print them as `null`) and shortens long lists and
 * typed arrays so that a 1000-class logits vector does not flood the message.
 */
export function describeValue(value: unknown, depth = 0): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  switch (typeof value) {
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "string":
      return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
    case "boolean":
      return String(value);
    case "bigint":
      return `${value}n`;
    case "function":
      return "a function";
    case "symbol":
      return value.toString();
  }
  if (Array.isArray(value)) return listOf(value, depth, "");
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return listOf(Array.from(value as unknown as ArrayLike<number>), depth, `${value.constructor.name} `);
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const name = value.constructor?.name ?? "object";
    return `${/^[AEIOU]/i.test(name) ? "an" : "a"} ${name}`;
  }
  if (depth > 1) return "{...}";
  const entries = Object.entries(value);
  const shown = entries.slice(0, 4).map(([k, v]) => `${k}: ${describeValue(v, depth + 1)}`);
  if (entries.length > 4) shown.push("...");
  return `{ ${shown.join(", ")} }`;
}

const MAX_ITEMS = 8;

function listOf(items: readonly unknown[], depth: number, prefix: string): string {
  if (depth > 1) return `${prefix}[...]`;
  const shown = items.slice(0, MAX_ITEMS).map((v) => describeValue(v, depth + 1));
  if (items.length > MAX_ITEMS) shown.push(`... (${items.length} items)`);
  return `${prefix}[${shown.join(", ")}]`;
}
