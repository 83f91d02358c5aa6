/** Median and spread of repeated measurements. */
export interface Summary {
  /** The middle value (mean of the two middle ones for an even count). */
  median: number;
  /** Smallest value. */
  min: number;
  /** Largest value. */
  max: number;
  /** (max − min) / median, in percent: how much the repeats disagree. */
  spreadPct: number;
  /** Every measurement, in the order taken. */
  runs: number[];
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median, min, max and relative spread of `runs`. */
export function summarize(runs: readonly number[]): Summary {
  const m = median(runs);
  const min = Math.min(...runs);
  const max = Math.max(...runs);
  return { median: m, min, max, spreadPct: m > 0 ? ((max - min) / m) * 100 : 0, runs: [...runs] };
}

/** Wall-clock seconds taken by `fn`. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

/** Calls `fn` (with the call's number) again and again until `seconds` of wall clock have passed; not at all for 0. */
export async function repeatFor(seconds: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0, t0 = performance.now(); performance.now() - t0 < seconds * 1000; i++) await fn(i);
}
