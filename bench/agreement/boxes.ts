import { matchBoxes, type LabelledBox } from "./metrics.js";

/** Accumulates box matching over images: shares of upstream's and of our boxes matched. */
export class BoxTally {
  private upstream = 0;
  private ours = 0;
  private matched = 0;
  /** Matched at IoU ≥ 0.5 (same label): how close the rest come, for reasons. */
  private loose = 0;
  /** Per image: name → [ours, upstream, matched], for reports. */
  readonly perImage: Record<string, [number, number, number]> = {};

  add(name: string, ours: readonly LabelledBox[], theirs: readonly LabelledBox[], minIou = 0.8): void {
    const pairs = matchBoxes(ours, theirs, minIou);
    this.upstream += theirs.length;
    this.ours += ours.length;
    this.matched += pairs.length;
    this.loose += matchBoxes(ours, theirs, 0.5).length;
    this.perImage[name] = [ours.length, theirs.length, pairs.length];
  }

  values(): Record<string, number> {
    return {
      upstreamMatched: this.upstream === 0 ? 1 : this.matched / this.upstream,
      oursMatched: this.ours === 0 ? 1 : this.matched / this.ours,
      upstreamMatchedIou50: this.upstream === 0 ? 1 : this.loose / this.upstream,
      oursMatchedIou50: this.ours === 0 ? 1 : this.loose / this.ours,
      upstreamBoxes: this.upstream,
      ourBoxes: this.ours,
    };
  }

  /** Images where the two disagree, for the console. */
  disagreements(): string[] {
    return Object.entries(this.perImage)
      .filter(([, [o, t, m]]) => m !== o || m !== t)
      .map(([n, [o, t, m]]) => `${n}: ours ${o}, upstream ${t}, matched ${m}`);
  }
}
