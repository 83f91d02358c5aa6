/** A short description of a stored value for messages: its class name, or its JavaScript type. */
export function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return (value as { constructor?: { name?: string } }).constructor?.name ?? "an object";
  return typeof value;
}
