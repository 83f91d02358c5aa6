import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { zoo, type Detections, type Model } from "../../src/index.js";
import { useTempHome } from "../support/env.js";

useTempHome();
let model: Model | undefined;
after(() => model?.dispose?.());

describe("a real zoo detector evaluated on the quickstart dataset", () => {
  test("centernet-coco-tfjs finds most of the 22 hand-labeled people", async () => {
    const ds = await zoo.loadZooDataset("quickstart");
    model = await zoo.loadZooModel("centernet-coco-tfjs");
    await ds.applyModel(model, { labelField: "centernet", confidenceThresh: 0.2 });
    const results = await ds.evaluateDetections("centernet", "ground_truth", { evalKey: "eval" });

    // Observed: person AP@0.50 0.79, AP@0.75 0.51, AP@[.50:.95] 0.48, recall@0.5 0.82 (18 of 22).
    // The bounds leave room for small numeric differences between TF.js backends.
    assert.ok(results.ap("person", 0.5) > 0.65, `person AP@0.5 ${results.ap("person", 0.5)}`);
    assert.ok(results.ap("person") > 0.35, `person AP@[.5:.95] ${results.ap("person")}`);
    assert.ok(results.ap("person", 0.5) >= results.ap("person", 0.75), "AP falls as the IoU threshold rises");
    const person = results.report(["person"]).person!;
    assert.equal(person.support, 22, "the ground truth has 22 people");
    assert.ok(person.recall >= 0.7, `person recall ${person.recall}`);
    // Only "person" has ground truth, so the mAP is the person AP.
    assert.equal(results.mAP(), results.ap("person"));

    let tp = 0;
    let fn = 0;
    for await (const s of ds) {
      tp += s.get("eval_tp") as number;
      fn += s.get("eval_fn") as number;
      const gt = (s.get("ground_truth") as Detections).detections;
      assert.ok(gt.every((d) => d.attributes.eval === "tp" || d.attributes.eval === "fn"), "every person is marked found or missed");
    }
    assert.equal(tp + fn, 22, "each person is found or missed, once");
    assert.equal(fn, Math.round(22 * (1 - person.recall)));
  });
});
