import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { runReadmeExample } from "../support/readme.js";

/** Runs a README example offline but for the installed packages: the quickstart needs nothing else. */
function runSection(heading: string): string {
  return runReadmeExample(`## ${heading}`, { MODELZOO_OFFLINE: "1" }).stdout;
}

describe("README: dataset zoo and evaluation examples run offline", () => {
  test("Dataset zoo", () => {
    const out = runSection("Dataset zoo").replace(/\s+/g, " ");
    // Four photos of the six, chosen by seed 51: sample1, 6, 3 and 2 hold 3 + 4 + 3 + 3 people.
    assert.match(out, /^\[ 'coco-2017', 'open-images-v7', 'quickstart', 'voc-2012' \] quickstart-4 4 Map\(1\) \{ 'person' => 13 \}/);
  });

  test("Evaluating detections", () => {
    const out = runSection("Evaluating detections");
    assert.match(out, /^person\s+0\.\d\d\s+0\.\d\d\s+0\.\d\d\s+22\s+0\.\d\d$/m, out);
    assert.match(out, /mAP \(IoU 0\.50:0\.95\): 0\.\d{4}/);
    const last = out.trim().split("\n").at(-1)!.split(" ");
    assert.ok(Number(last[0]) > 0.65, `person AP@0.5 ${last[0]}`);
    assert.match(last[1]!, /sample\d\.jpg$/);
    assert.ok(Number(last[2]) >= 1, "the worst photo misses someone");
  });
});
