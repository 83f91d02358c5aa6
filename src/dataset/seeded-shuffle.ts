import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformInt } from "pure-rand/distribution/uniformInt";

/**
 * A Fisher–Yates shuffle of a copy of `items`. The same seed always gives the same
 * order (views like `take(n, { seed })` must be reproducible); no seed means a
 * random one.
 */
export function seededShuffle<T>(items: readonly T[], seed?: number): T[] {
  const rng = xoroshiro128plus(seed ?? Math.floor(Math.random() * 0x7fffffff));
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
