/** `[x, y, width, height]`, relative to the image, each in [0, 1], top-left origin. */
export type BoundingBox = [number, number, number, number];

/** A relative `[x, y]` point (or pixels, where a helper says so). */
export type Point = [number, number];

/**
 * Slack for float rounding when checking that relative values lie in [0, 1]: a box
 * computed as `x2 - x1` may end at 1.0000000002. Values within it are kept as given.
 */
export const RELATIVE_TOLERANCE = 1e-6;
