// The agreement measures: boxes matched both ways, keypoint distances, top labels, character error rate, mask IoU.

/** A labelled box, `[x, y, w, h]` relative to the image. */
export interface LabelledBox {
  label: string;
  box: readonly [number, number, number, number];
}

/** Intersection over union of two `[x, y, w, h]` boxes. */
export function iou(a: readonly number[], b: readonly number[]): number {
  const x0 = Math.max(a[0]!, b[0]!);
  const y0 = Math.max(a[1]!, b[1]!);
  const x1 = Math.min(a[0]! + a[2]!, b[0]! + b[2]!);
  const y1 = Math.min(a[1]! + a[3]!, b[1]! + b[3]!);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const union = a[2]! * a[3]! + b[2]! * b[3]! - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * One-to-one matching of two box lists (greedy, highest IoU first) at `minIou` with the
 * same label: the pairs, as indices into `ours` and `theirs`.
 */
export function matchBoxes(ours: readonly LabelledBox[], theirs: readonly LabelledBox[], minIou = 0.8): [number, number][] {
  const candidates: [number, number, number][] = [];
  ours.forEach((o, i) =>
    theirs.forEach((t, j) => {
      if (o.label !== t.label) return;
      const v = iou(o.box, t.box);
      if (v >= minIou) candidates.push([v, i, j]);
    }),
  );
  candidates.sort((a, b) => b[0] - a[0]);
  const usedO = new Set<number>();
  const usedT = new Set<number>();
  const pairs: [number, number][] = [];
  for (const [, i, j] of candidates) {
    if (usedO.has(i) || usedT.has(j)) continue;
    usedO.add(i);
    usedT.add(j);
    pairs.push([i, j]);
  }
  return pairs;
}

/** Levenshtein distance between two strings (by code point). */
export function editDistance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[t.length]!;
}

/** Character error rate of `ours` against the reference `theirs` (edits / reference length; 0 when both are empty). */
export function cer(ours: string, theirs: string): number {
  const n = [...theirs].length;
  if (n === 0) return ours.length === 0 ? 0 : 1;
  return editDistance(ours, theirs) / n;
}

/** Mean distance between corresponding points, as a share of the image diagonal (points relative to the image). */
export function meanPointDistance(ours: readonly (readonly number[])[], theirs: readonly (readonly number[])[], width: number, height: number): number {
  const diag = Math.hypot(width, height);
  let sum = 0;
  const n = Math.min(ours.length, theirs.length);
  for (let i = 0; i < n; i++) sum += Math.hypot((ours[i]![0]! - theirs[i]![0]!) * width, (ours[i]![1]! - theirs[i]![1]!) * height) / diag;
  return n > 0 ? sum / n : 0;
}

/** IoU of two binary masks given as same-length arrays of 0/1 (or booleans); 1 when both are empty. */
export function maskIou(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]! > 0;
    const y = b[i]! > 0;
    if (x && y) inter++;
    if (x || y) union++;
  }
  return union === 0 ? 1 : inter / union;
}

/**
 * The IoU of two foreground masks sampled on the same `grid`×`grid` lattice of relative
 * positions (pixel centres), so masks of different sizes compare: the upstream's alpha at
 * the image's size (`upstreamAlpha(pixelIndex)`, foreground at ≥ 128) and our mask at its own
 * size (foreground above 0).
 */
export function gridMaskIou(
  image: { width: number; height: number },
  upstreamAlpha: (pixelIndex: number) => number,
  mask: { width: number; height: number; get(row: number, col: number): number },
  grid = 256,
): number {
  const theirs = new Uint8Array(grid * grid);
  const ours = new Uint8Array(grid * grid);
  for (let y = 0; y < grid; y++) {
    for (let x = 0; x < grid; x++) {
      const [rx, ry] = [(x + 0.5) / grid, (y + 0.5) / grid];
      theirs[y * grid + x] = upstreamAlpha(Math.floor(ry * image.height) * image.width + Math.floor(rx * image.width)) >= 128 ? 1 : 0;
      ours[y * grid + x] = mask.get(Math.floor(ry * mask.height), Math.floor(rx * mask.width)) > 0 ? 1 : 0;
    }
  }
  return maskIou(ours, theirs);
}
