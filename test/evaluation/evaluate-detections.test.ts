import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Dataset, Detection, Detections, EvaluationError, type BoundingBox } from "../../src/index.js";
import { averagePrecision } from "../../src/evaluation/index.js";
import { demoPhotos, useTempHome } from "../support/env.js";

useTempHome();
const photos = demoPhotos();

const det = (label: string, boundingBox: BoundingBox, confidence?: number, attributes: Record<string, unknown> = {}) =>
  new Detection({ label, boundingBox, ...(confidence === undefined ? {} : { confidence }), attributes });

/*
 * A hand-worked example. Image A: cats G1 [0,0,.4,.4] and G2 [.5,.5,.4,.4]; predicted
 * cats P1 (0.9) exactly on G1 (IoU 1), P2 (0.8) [.5,.5,.4,.27] on G2 (IoU .4·.27/.16 =
 * 0.675) and P3 (0.3) on nothing. Image B: cat G3 [.1,.1,.5,.5] and dog G4 [.6,.1,.3,.3];
 * predicted cat P4 (0.7) exactly on the dog, dog P5 (0.6) exactly on the dog.
 *
 * At IoU 0.5, class by class: A has tp 2 (P1, P2), fp 1 (P3), fn 0; B has tp 1 (P5),
 * fp 1 (P4: a cat where there is a dog), fn 1 (G3).
 *
 * Cat AP: 3 cats; predictions by confidence P1, P2, P4, P3.
 * - IoU 0.50–0.65 (4 thresholds): TP, TP, FP, FP → recall 1/3, 2/3, 2/3, 2/3 with
 *   precision 1, 1, 2/3, 1/2 (already non-increasing). Recall points 0, 0.01, ..., 0.66
 *   (67 of 101) read precision 1; 0.67 and up are never reached → AP = 67/101.
 * - IoU 0.70–0.95 (6 thresholds): P2's 0.675 no longer matches: TP, FP, FP, FP →
 *   recall 1/3 then flat; points 0..0.33 (34 of 101) read 1 → AP = 34/101.
 * - Averaged: (4·67 + 6·34) / (10·101) = 472/1010 = 0.46733.
 * Dog AP: one dog, one exact prediction → 1 at every threshold.
 * mAP = (472/1010 + 1) / 2 = 0.73366.
 * Report at 0.5: cat tp 2, fp 2, fn 1 → precision 0.5, recall 2/3, f1 4/7, support 3;
 * dog precision 1, recall 1, support 1; micro avg tp 3, fp 2, fn 1 → 0.6 and 0.75.
 */
async function handWorked(name: string): Promise<Dataset> {
  const ds = await Dataset.create(name);
  await ds.addSamples([
    {
      filepath: photos[0]!,
      ground_truth: new Detections({ detections: [det("cat", [0, 0, 0.4, 0.4]), det("cat", [0.5, 0.5, 0.4, 0.4])] }),
      predictions: new Detections({ detections: [det("cat", [0, 0, 0.4, 0.4], 0.9), det("cat", [0.5, 0.5, 0.4, 0.27], 0.8), det("cat", [0, 0.6, 0.2, 0.2], 0.3)] }),
    },
    {
      filepath: photos[1]!,
      ground_truth: new Detections({ detections: [det("cat", [0.1, 0.1, 0.5, 0.5]), det("dog", [0.6, 0.1, 0.3, 0.3])] }),
      predictions: new Detections({ detections: [det("cat", [0.6, 0.1, 0.3, 0.3], 0.7), det("dog", [0.6, 0.1, 0.3, 0.3], 0.6)] }),
    },
  ]);
  return ds;
}

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≠ ${expected}`);

describe("evaluateDetections (COCO) against a hand-worked example", () => {
  test("AP per class and threshold, mAP, and the report", async () => {
    const ds = await handWorked("hand-worked");
    const results = await ds.evaluateDetections("predictions", "ground_truth", { method: "coco" });
    assert.deepEqual(results.classes, ["cat", "dog"]);
    close(results.ap("cat", 0.5), 67 / 101, "cat AP@0.50");
    close(results.ap("cat", 0.65), 67 / 101, "cat AP@0.65");
    close(results.ap("cat", 0.7), 34 / 101, "cat AP@0.70");
    close(results.ap("cat", 0.95), 34 / 101, "cat AP@0.95");
    close(results.ap("cat"), 472 / 1010, "cat AP@[.5:.95]");
    close(results.ap("dog"), 1, "dog AP");
    close(results.mAP(), (472 / 1010 + 1) / 2, "mAP");
    const report = results.report();
    close(report.cat!.precision, 0.5, "cat precision");
    close(report.cat!.recall, 2 / 3, "cat recall");
    close(report.cat!.f1, 4 / 7, "cat f1");
    assert.equal(report.cat!.support, 3);
    assert.deepEqual(report.dog, { precision: 1, recall: 1, f1: 1, support: 1 });
    close(report["micro avg"]!.precision, 0.6, "micro precision");
    close(report["micro avg"]!.recall, 0.75, "micro recall");
    const text = results.formatReport();
    assert.match(text, /cat\s+0\.50\s+0\.67\s+0\.57\s+3\s+0\.47/);
    assert.match(text, /mAP \(IoU 0\.50:0\.95\): 0\.7337/);
  });

  test("evalKey stores per-sample TP/FP/FN and per-object match attributes", async () => {
    const ds = await handWorked("hand-worked-stored");
    await ds.evaluateDetections("predictions", "ground_truth", { evalKey: "eval" });
    const [a, b] = await ds.head(2);
    assert.deepEqual([a!.get("eval_tp"), a!.get("eval_fp"), a!.get("eval_fn")], [2, 1, 0]);
    assert.deepEqual([b!.get("eval_tp"), b!.get("eval_fp"), b!.get("eval_fn")], [1, 1, 1]);
    const predsA = (a!.get("predictions") as Detections).detections;
    const gtA = (a!.get("ground_truth") as Detections).detections;
    assert.deepEqual(predsA.map((d) => d.attributes.eval), ["tp", "tp", "fp"]);
    assert.equal(predsA[0]!.attributes.eval_id, gtA[0]!.id);
    close(predsA[1]!.attributes.eval_iou as number, 0.675, "P2's IoU");
    assert.equal(predsA[2]!.attributes.eval_id, undefined);
    assert.equal(gtA[1]!.attributes.eval_id, predsA[1]!.id);
    const gtB = (b!.get("ground_truth") as Detections).detections;
    assert.deepEqual(gtB.map((d) => d.attributes.eval), ["fn", "tp"]);
    // The counts are queryable like any field.
    assert.deepEqual(await ds.values("eval_fp"), [1, 1]);
  });

  test("on a view, only its samples are evaluated and written", async () => {
    const ds = await handWorked("hand-worked-view");
    const view = ds.match((s) => s.filepath === photos[1]);
    const results = await view.evaluateDetections("predictions", "ground_truth", { evalKey: "v" });
    // Image B alone: the one cat is missed (AP 0), the dog found (AP 1).
    assert.equal(results.ap("cat"), 0);
    assert.equal(results.mAP(), 0.5);
    assert.deepEqual(await ds.values("v_fn"), [undefined, 1]);
  });

  test("classwise: false lets a cat box match the dog it sits on", async () => {
    const ds = await handWorked("hand-worked-any-class");
    await ds.evaluateDetections("predictions", "ground_truth", { evalKey: "any", classwise: false });
    const b = (await ds.head(2))[1]!;
    // P4 (cat, 0.7) comes first and takes the dog G4; P5 (dog) then finds nothing left.
    assert.deepEqual((b.get("predictions") as Detections).detections.map((d) => d.attributes.any), ["tp", "fp"]);
    assert.deepEqual([b.get("any_tp"), b.get("any_fp"), b.get("any_fn")], [1, 1, 1]);
  });

  test("crowd regions absorb predictions without counting as misses or false alarms", async () => {
    const ds = await Dataset.create("crowd");
    // One person [0,0,.5,.5] and a crowd region covering the right half; three predictions:
    // one on the person, two inside the crowd (intersection over their own area = 1).
    await ds.addSample({
      filepath: photos[2]!,
      ground_truth: new Detections({ detections: [det("person", [0, 0, 0.5, 0.5]), det("person", [0.5, 0, 0.5, 1], undefined, { iscrowd: 1 })] }),
      predictions: new Detections({
        detections: [det("person", [0, 0, 0.5, 0.5], 0.5), det("person", [0.6, 0.1, 0.2, 0.2], 0.9), det("person", [0.6, 0.5, 0.2, 0.2], 0.8)],
      }),
    });
    const results = await ds.evaluateDetections("predictions", "ground_truth", { evalKey: "eval" });
    // Without the crowd rule the two higher-scored predictions would be false alarms and AP would be 34/101.
    close(results.mAP(), 1, "mAP with the crowd ignored");
    const s = (await ds.first())!;
    assert.equal(s.get("eval_fn"), 0);
    assert.equal(s.get("eval_fp"), 0);
  });

  test("the 101-point interpolation, directly", () => {
    // Two objects; ranked TP, FP, TP: recall .5, .5, 1 with precision 1, .5, 2/3 → made
    // non-increasing: 1, 2/3, 2/3. Points 0–0.5 (51) read 1, 0.51–1 (50) read 2/3.
    const ap = averagePrecision(
      [
        { score: 0.9, tp: true, ignored: false },
        { score: 0.8, tp: false, ignored: false },
        { score: 0.7, tp: true, ignored: false },
      ],
      2,
    );
    close(ap, (51 + (50 * 2) / 3) / 101, "AP");
    assert.equal(averagePrecision([], 0), -1);
    assert.equal(averagePrecision([{ score: 1, tp: false, ignored: false }], 3), 0);
  });

  test("bad fields and options are clear errors", async () => {
    const ds = await handWorked("hand-worked-errors");
    await ds.setValues("count", [1, 2]);
    await assert.rejects(ds.evaluateDetections("count"), (e: unknown) => e instanceof EvaluationError && /needs Detections in "count"/.test(e.message));
    await assert.rejects(ds.evaluateDetections("predictions", "ground_truth", { method: "open-images" as "coco" }), /no method "open-images"/);
    await assert.rejects(ds.evaluateDetections("ground_truth", "ground_truth", { iouThreshs: [1.5] }), EvaluationError);
    await assert.rejects(ds.evaluateDetections("ground_truth", "ground_truth", { evalKey: "bad key" }), /evalKey "bad key"/);
  });
});
