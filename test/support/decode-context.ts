import { boxToSource, pointToSource, type DecodeContext, type ResizeMode } from "../../src/index.js";
import { boxToTarget, planResize } from "../../src/media/index.js";

/** The decode context a processor gets for an image of `srcW×srcH` resized into a `size×size` input. */
export function decodeContext(options: { srcW?: number; srcH?: number; size?: number; mode?: ResizeMode; index?: number; storeLogits?: boolean } = {}): DecodeContext {
  const size = options.size ?? 100;
  const t = planResize(options.srcW ?? size, options.srcH ?? size, size, size, options.mode ?? "fill");
  return {
    index: options.index ?? 0,
    inputWidth: size,
    inputHeight: size,
    imageWidth: options.srcW ?? size,
    imageHeight: options.srcH ?? size,
    contentBox: boxToTarget([0, 0, 1, 1], t),
    storeLogits: options.storeLogits ?? false,
    toSourceBox: (b) => boxToSource(b, t),
    toSourcePoint: (p) => pointToSource(p, t),
  };
}

/** Asserts two number lists agree to 1e-6. */
export function near(actual: readonly number[], expected: readonly number[], eps = 1e-6): void {
  if (actual.length !== expected.length || actual.some((v, i) => Math.abs(v - expected[i]!) > eps)) {
    throw new Error(`expected [${expected.join(", ")}], got [${actual.join(", ")}]`);
  }
}
