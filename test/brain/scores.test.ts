import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  BrainError,
  Classification,
  Classifications,
  Dataset,
  Detection,
  Detections,
  type BoundingBox,
} from "../../src/index.js";
import { demoPhotos, useTempHome } from "../support/env.js";

useTempHome();
const photo = demoPhotos()[0]!;
const near = (a: unknown, b: number, tol = 1e-6) => assert.ok(typeof a === "number" && Math.abs(a - b) < tol, `${String(a)} ≈ ${b}`);
const det = (label: string, boundingBox: BoundingBox, confidence?: number) => new Detection({ label, boundingBox, ...(confidence === undefined ? {} : { confidence }) });

async function dataset(fields: Record<string, unknown>[]): Promise<{ ds: Dataset }> {
  const ds = await Dataset.create();
  await ds.addSamples(fields.map((f) => ({ filepath: photo, ...f })));
  return { ds };
}

/*
 * Hand-worked numbers. softmax([0, ln 3]) = (1/4, 3/4), entropy = ¼·ln 4 + ¾·ln(4/3) =
 * 0.562335 nats; e^(−0.562335) = 0.569877. Four equal logits: entropy ln 4 = 1.386294.
 */
const LN3 = Math.log(3);
const H = 0.25 * Math.log(4) + 0.75 * Math.log(4 / 3);

describe("computeHardness: the entropy of the stored logits", () => {
  test("per sample, in nats; a sample without a prediction gets null", async () => {
    const { ds } = await dataset([{ pred: new Classification({ label: "b", logits: [0, LN3] }) }, { pred: new Classification({ label: "a", logits: [1, 1, 1, 1] }) }, {}]);
    near(H, 0.562335);
    const r = await ds.computeHardness("pred");
    assert.deepEqual(r, { scored: 2, skipped: 1 });
    const got = await ds.values("hardness");
    near(got[0], 0.562335);
    near(got[1], Math.log(4));
    assert.equal(got[2], null);
    const runs = await ds.listBrainRuns();
    assert.deepEqual(runs.map((x) => [x.key, x.method]), [["hardness", "hardness"]]);
  });

  test("Classifications use their whole-prediction logits", async () => {
    const { ds } = await dataset([{ multi: new Classifications({ classifications: [new Classification({ label: "a" })], logits: [0, LN3] }) }]);
    await ds.computeHardness("multi", { hardnessField: "h" });
    near((await ds.values("h"))[0], 0.562335);
  });

  test("a prediction without logits is a BrainError naming the fix", async () => {
    const { ds } = await dataset([{ pred: new Classification({ label: "a", confidence: 0.5 }) }]);
    await assert.rejects(ds.computeHardness("pred", { hardnessField: "h" }), (e: Error) => e instanceof BrainError && /storeLogits/.test(e.message));
  });
});

describe("computeMistakenness of classifications", () => {
  test("from confidences: (±c + 1) / 2; no prediction scores 1, no labels null", async () => {
    const { ds } = await dataset([
      { pred: new Classification({ label: "cat", confidence: 0.9 }), gt: new Classification({ label: "dog" }) },
      { pred: new Classification({ label: "cat", confidence: 0.8 }), gt: new Classification({ label: "cat" }) },
      { gt: new Classification({ label: "cat" }) },
      {},
    ]);
    const r = await ds.computeMistakenness("pred", "gt");
    assert.equal(r.kind, "classification");
    const m = await ds.values("mistakenness");
    near(m[0], 0.95); // disagree, confident: (0.9 + 1) / 2
    near(m[1], 0.1); // agree: (−0.8 + 1) / 2
    near(m[2], 1);
    assert.equal(m[3], null);
  });

  test("from logits: (±e^(−entropy) + 1) / 2", async () => {
    const { ds } = await dataset([
      { pred: new Classification({ label: "b", logits: [0, LN3] }), gt: new Classification({ label: "b" }) },
      { pred: new Classification({ label: "b", logits: [0, LN3] }), gt: new Classification({ label: "a" }) },
    ]);
    await ds.computeMistakenness("pred", "gt", { mistakennessField: "mk", useLogits: true });
    const m = await ds.values("mk");
    near(m[0], (1 - Math.exp(-H)) / 2);
    near(m[0], 0.215062);
    near(m[1], 0.784938);
  });
});

describe("computeMistakenness of detections: matched, missing and spurious objects", () => {
  /*
   * Ground truth: cat A [.1,.1,.4,.4], dog B [.6,.6,.3,.3], person C [.45,0,.1,.1].
   * Predictions by confidence: bird P3 (0.97) [0,.7,.1,.1] overlaps nothing → possibly missing
   * (> 0.95); cat P1 (0.9) exactly on A (IoU 1); cat P2 (0.6) [.6,.6,.3,.2] on B with IoU
   * .06/.09 = 2/3; x P4 (0.5) on nothing, not confident enough to be missing. C is unmatched:
   * possibly spurious.
   * A: agree → (−0.9 + 1)/2 = 0.05; loc i = 0 → (0.9·(−1) + 1)/2 = 0.05.
   * B: disagree → (0.6 + 1)/2 = 0.8; loc i = (1 − 2/3)/0.5 = 2/3 → (0.6·(1/3) + 1)/2 = 0.6.
   * Sample: max(0.05, 0.8) = 0.8, 1 missing, 1 spurious.
   */
  test("per object and per sample, by hand", async () => {
    const { ds } = await dataset([
      {
        gt: new Detections({ detections: [det("cat", [0.1, 0.1, 0.4, 0.4]), det("dog", [0.6, 0.6, 0.3, 0.3]), det("person", [0.45, 0, 0.1, 0.1])] }),
        pred: new Detections({
          detections: [det("cat", [0.6, 0.6, 0.3, 0.2], 0.6), det("cat", [0.1, 0.1, 0.4, 0.4], 0.9), det("bird", [0, 0.7, 0.1, 0.1], 0.97), det("x", [0.8, 0, 0.1, 0.1], 0.5)],
        }),
      },
      { gt: new Detections({ detections: [det("cat", [0.1, 0.1, 0.4, 0.4])] }) },
    ]);
    const r = await ds.computeMistakenness("pred", "gt");
    assert.deepEqual(r, { kind: "detection", scored: 2, missing: 1, spurious: 2 });
    const [s, empty] = await ds.head(2);
    near(s!.get("mistakenness"), 0.8);
    assert.equal(s!.get("possible_missing"), 1);
    assert.equal(s!.get("possible_spurious"), 1);
    const [a, b, c] = (s!.get("gt") as Detections).detections;
    near(a!.attributes.mistakenness, 0.05);
    near(a!.attributes.mistakenness_loc, 0.05);
    near(b!.attributes.mistakenness, 0.8);
    near(b!.attributes.mistakenness_loc, 0.6);
    assert.equal(c!.attributes.possible_spurious, true);
    assert.equal(c!.attributes.mistakenness, undefined);
    const flagged = (s!.get("pred") as Detections).detections.filter((d) => d.attributes.possible_missing === true).map((d) => d.label);
    assert.deepEqual(flagged, ["bird"]);
    // No predictions at all: nothing matched (−1), the one object possibly spurious.
    assert.equal(empty!.get("mistakenness"), -1);
    assert.equal(empty!.get("possible_spurious"), 1);
  });

  test("predictions without confidences, or mixed label types, are BrainErrors", async () => {
    const { ds } = await dataset([{ gt: new Detections({ detections: [det("cat", [0, 0, 0.5, 0.5])] }), pred: new Detections({ detections: [det("cat", [0, 0, 0.5, 0.5])] }) }]);
    await assert.rejects(ds.computeMistakenness("pred", "gt"), (e: Error) => e instanceof BrainError && /no confidence/.test(e.message));
    const mixed = await dataset([{ gt: new Detections(), pred: new Classification({ label: "cat", confidence: 1 }) }]);
    await assert.rejects(mixed.ds.computeMistakenness("pred", "gt"), (e: Error) => e instanceof BrainError && /different label types/.test(e.message));
  });
});

describe("computeUniqueness from stored embeddings", () => {
  /*
   * a = b = (1, 0), c = (0, 1), d = (−1, 0). Cosine distances: a–b 0, a–c 1, a–d 2, c–d 1.
   * Weighted (0.6, 0.3, 0.1) over the three nearest: a, b → 0.3 + 0.2 = 0.5; c → 1.0;
   * d → 0.6 + 0.6 + 0.2 = 1.4. Scaled by the maximum: 5/14, 5/14, 10/14, 1.
   */
  test("by hand: duplicates score lowest, the most isolated sample 1", async () => {
    const { ds } = await dataset([{ e: [1, 0] }, { e: [2, 0] }, { e: [0, 1] }, { e: [-1, 0] }]);
    const r = await ds.computeUniqueness({ embeddings: "e" });
    assert.equal(r.scored, 4);
    const u = await ds.values("uniqueness");
    [5 / 14, 5 / 14, 10 / 14, 1].forEach((want, i) => near(u[i], want));
    assert.deepEqual((await ds.listBrainRuns()).map((x) => x.key), ["uniqueness"]);
  });

  test("a sample without an embedding, or no source at all, is a BrainError", async () => {
    const { ds } = await dataset([{ e: [1, 0] }, {}]);
    await assert.rejects(ds.computeUniqueness({ embeddings: "e" }), (e: Error) => e instanceof BrainError && /1 of 2 samples have no "e"/.test(e.message));
    await assert.rejects(ds.computeUniqueness({}), (e: Error) => e instanceof BrainError && /needs embeddings/.test(e.message));
  });
});

describe("brain runs", () => {
  test("listed, loaded and deleted; unknown keys name the known ones", async () => {
    const { ds } = await dataset([{ e: [1, 0] }, { e: [0, 1] }, { e: [1, 1] }, { e: [-1, 0] }]);
    await ds.computeUniqueness({ embeddings: "e" });
    await ds.computeVisualization({ embeddings: "e", brainKey: "viz", method: "pca" });
    assert.deepEqual((await ds.listBrainRuns()).map((r) => `${r.key}:${r.method}`), ["uniqueness:uniqueness", "viz:visualization"]);
    const info = await ds.loadBrainResults("uniqueness");
    assert.equal((info as { method: string }).method, "uniqueness");
    await assert.rejects(ds.loadBrainResults("vizz"), (e: Error) => e instanceof BrainError && /Did you mean "viz"/.test(e.message));
    await ds.deleteBrainRun("viz");
    assert.deepEqual((await ds.listBrainRuns()).map((r) => r.key), ["uniqueness"]);
    await assert.rejects(ds.loadBrainResults("viz"), BrainError);
    await assert.rejects(ds.computeVisualization({ embeddings: "e", brainKey: "no/slash" }), (e: Error) => e instanceof BrainError && /not a valid brain key/.test(e.message));
    await ds.delete();
  });
});
