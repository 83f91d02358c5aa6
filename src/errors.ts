/**
 * The root of every error modelzoo throws. Each layer defines its own subclasses
 * (`LabelValidationError`, `ImageDecodeError`, `DatasetNotFoundError`, ...) whose
 * message names the thing that went wrong and how to fix it.
 *
 * This file depends on nothing, so every layer may import it.
 */
export class ModelzooError extends Error {
  /** A stable machine-readable code, e.g. `"IMAGE_DECODE"`. */
  readonly code: string;

  /**
   * @param code - stable identifier of the error kind
   * @param message - what went wrong, naming the thing and the fix
   * @param options - standard `ErrorOptions` (`cause`)
   */
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * A " Did you mean "a" or "b"?" sentence naming up to two of `known` within a small
 * edit distance of `name` (or starting with it: a name typed in part), or "" when
 * none is close. Used by not-found errors.
 */
export function didYouMean(name: string, known: readonly string[]): string {
  const limit = Math.max(2, Math.floor(name.length / 3));
  const lower = name.toLowerCase();
  const near = known
    .map((k) => ({ k, d: k.toLowerCase().startsWith(lower) && lower.length >= 3 ? 0.5 : editDistance(lower, k.toLowerCase()) }))
    .filter(({ d }) => d <= limit)
    .sort((a, b) => a.d - b.d)
    .slice(0, 2)
    .map(({ k }) => `"${k}"`);
  return near.length > 0 ? ` Did you mean ${near.join(" or ")}?` : "";
}

/** Levenshtein distance, two rows at a time. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
