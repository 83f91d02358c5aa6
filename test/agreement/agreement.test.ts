import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { corpus, type CorpusImage } from "../../bench/agreement/corpus.js";
import { faceApiRows } from "../../bench/agreement/face-api.js";
import { bodyRows } from "../../bench/agreement/body.js";
import { faceAttributeRows, facemeshRows } from "../../bench/agreement/human-face.js";
import { blazefaceRows } from "../../bench/agreement/human.js";
import { ocrRows } from "../../bench/agreement/ocr.js";
import type { AgreementRow } from "../../bench/agreement/rows.js";
import { segmentationRows } from "../../bench/agreement/segmentation.js";
import { upscalerRows } from "../../bench/agreement/upscaler.js";
import { useTempHome } from "../support/env.js";

useTempHome();

/*
 * The agreement check of `npm run agreement` on a subset of the corpus, with the issue's
 * thresholds: the full run (bench/agreement/results.json) takes minutes; these images are
 * the cases that broke before (scanned and rotated pages, close-up portraits) plus a few
 * of each other kind.
 */
const byName = new Map(corpus().map((i) => [i.name, i]));
function pick(...names: string[]): CorpusImage[] {
  return names.map((n) => {
    const image = byName.get(n);
    assert.ok(image, `corpus image ${n}`);
    return image;
  });
}

function assertMeets(rows: readonly AgreementRow[]): void {
  for (const r of rows) assert.ok(r.pass, `${r.model} ${r.measure} against ${r.upstream}: ${JSON.stringify(r.values)}`);
}

describe("agreement with the upstream libraries on real photos", () => {
  test("PaddleOCR v4 reads scanned, rotated and photographed pages as @gutenye/ocr-node does (CER ≤ 3%)", async () => {
    const rows = await ocrRows(pick("opencv-imageTextN", "opencv-imageTextR", "skimage-page"), () => {});
    assertMeets(rows);
    assert.ok(rows[0]!.values.upstreamChars! > 1500, "the pages hold text");
  });

  test("BlazeFace (back) finds the faces @vladmandic/human finds, close-up portraits included, with the same keypoints", async () => {
    const rows = await blazefaceRows(pick("skimage-astronaut", "derived-astronaut-exif6", "face-api-sample1", "face-api-sample4", "derived-sample3-exif3", "skimage-chelsea", "opencv-leuvenA"), () => {});
    assertMeets(rows);
  });

  test("SSD-MobileNetV1 finds the faces @vladmandic/face-api finds", async () => {
    const rows = await faceApiRows(pick("skimage-astronaut", "face-api-sample2", "face-api-sample5", "derived-sample2-tiny", "opencv-basketball1", "opencv-fruits"), () => {});
    assertMeets(rows);
  });

  test("FaceMesh gives human's 468 points on the faces both find", async () => {
    const rows = await facemeshRows(pick("skimage-astronaut", "face-api-sample1"), () => {});
    assertMeets(rows);
    assert.ok(rows[0]!.values.instances! >= 4, "faces compared");
  });

  test("FaceRes says the same gender as human for each face (its age is compared in the full run)", async () => {
    const rows = await faceAttributeRows("faceres", pick("skimage-astronaut", "face-api-sample1"), () => {});
    const gender = rows.find((r) => r.measure === "top-label")!;
    assertMeets([gender]);
    assert.ok(gender.values.instances! >= 4, "faces compared");
    // human's own decoding of the age outputs, applied to ours, gives its ages.
    assert.ok(rows.find((r) => r.measure === "age")!.values.meanAbsDiffHumanDecoding! < 1);
  });

  test("MoveNet Thunder and MediaPipe Selfie agree with human on people", async () => {
    const people = pick("skimage-astronaut", "face-api-sample2");
    assertMeets([...(await bodyRows("movenet-thunder-coco-tfjs", people, () => {})), ...(await segmentationRows("selfie-mediapipe-tfjs", "selfie.json", people, () => {}))]);
  });

  test("ESRGAN slim ×4 and medium ×3 upscale photos as upscaler does, window for window (PSNR ≥ 50 dB)", async () => {
    const rows = await upscalerRows(["esrgan-slim-x4-div2k-tfjs", "esrgan-medium-x3-div2k-tfjs"], pick("skimage-coffee", "opencv-baboon"), () => {});
    assertMeets(rows);
  });
});
