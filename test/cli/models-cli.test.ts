import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { runCli } from "../support/cli.js";
import { demoPhotos, tempDir } from "../support/env.js";

const home = tempDir();

describe("modelzoo models", () => {
  test("list, info, requirements, download, apply, delete", () => {
    const list = JSON.parse(runCli(["models", "list", "--tags", "detection", "--json"], home).stdout) as { name: string; downloaded: boolean }[];
    // Other detectors join the catalog; these three are always among them, the list sorted.
    for (const name of ["centernet-coco-tfjs", "movenet-multipose-coco-tfjs", "nanodet-coco-tfjs"]) assert.ok(list.some((m) => m.name === name), name);
    // The tag filter: PaddleOCR's text detector is a detector, its direction classifier is not.
    assert.ok(list.some((m) => m.name === "paddleocr-v4-det-ch-onnx") && !list.some((m) => m.name === "paddleocr-mobile-v2-cls-ch-onnx"), "the text detector among detectors, not the classifier");
    assert.deepEqual(list.map((m) => m.name), list.map((m) => m.name).sort());
    assert.ok(list.every((m) => !m.downloaded));
    assert.match(runCli(["models", "list"], home).stdout, /^paddleocr-mobile-v2-cls-ch-onnx\s+classification,text,logits,embeddings,onnx\s+579\.0 kB\s+pinned\s+no$/m);
    assert.match(runCli(["models", "list", "--source", "hf"], home).stdout, /^resnet50-imagenet-onnx\s+classification,imagenet,logits,embeddings,onnx\s+\?\s+trust on first use\s+no$/m, "a size the manifest does not pin shows as ?");
    const info = JSON.parse(runCli(["models", "info", "centernet-coco-tfjs"], home).stdout) as { framework: string; license: string };
    assert.deepEqual([info.framework, info.license], ["tfjs", "MIT"]);
    assert.match(runCli(["models", "requirements", "centernet-coco-tfjs"], home).stdout, /All requirements of centernet-coco-tfjs are installed/);

    const dl = runCli(["models", "download", "centernet-coco-tfjs"], home);
    assert.equal(dl.code, 0, dl.stderr);
    assert.match(dl.stdout, /centernet-coco-tfjs is ready in /);
    assert.match(runCli(["models", "list", "--downloaded"], home).stdout, /centernet-coco-tfjs .* yes/);

    const photos = tempDir("modelzoo-cli-photos-");
    fs.copyFileSync(demoPhotos()[0]!, path.join(photos, "group.jpg"));
    fs.writeFileSync(path.join(photos, "broken.jpg"), "not a jpeg");
    assert.equal(runCli(["datasets", "create", "people", "--from-dir", photos, "--no-metadata"], home).code, 0);
    // Two inference worker threads, from the built package (dist/ starts its workers from the compiled worker file).
    const applied = runCli(["models", "apply", "centernet-coco-tfjs", "people", "det", "--confidence-thresh", "0.4", "--num-workers", "2"], home);
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /Stored centernet-coco-tfjs predictions for 1 samples in "det"/);
    assert.match(applied.stderr, /1 sample\(s\) failed:\n.*broken\.jpg/);
    const head = JSON.parse(runCli(["datasets", "head", "people", "--json", "-n", "2"], home).stdout) as { filepath: string; det?: { detections: { label: string }[] } }[];
    const group = head.find((s) => s.filepath.endsWith("group.jpg"))!;
    assert.equal(group.det!.detections.filter((d) => d.label === "person").length, 3);
    assert.equal(head.find((s) => s.filepath.endsWith("broken.jpg"))!.det, undefined);

    assert.equal(runCli(["models", "delete", "centernet-coco-tfjs"], home).code, 0);
    assert.match(runCli(["models", "list", "--downloaded"], home).stdout, /^name/);
  });

  test("errors: unknown models exit 1 with a suggestion, bad flags exit 2", () => {
    const unknown = runCli(["models", "info", "centernet-coco"], home);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No zoo model is called "centernet-coco"\. Did you mean "centernet-coco-tfjs"\?/);
    const badThresh = runCli(["models", "apply", "centernet-coco-tfjs", "people", "det", "--confidence-thresh", "high"], home);
    assert.equal(badThresh.code, 2);
    assert.match(badThresh.stderr, /expected a number, got "high"/);
    const badWorkers = runCli(["models", "apply", "centernet-coco-tfjs", "people", "det", "-w", "-1"], home);
    assert.equal(badWorkers.code, 2);
    assert.match(badWorkers.stderr, /--num-workers takes a whole number ≥ 0; got "-1"/);
  });

  test("sources: list, register, delete", () => {
    assert.match(runCli(["models", "list-sources"], home).stdout, /No registered sources/);
    const missing = runCli(["models", "register-source", path.join(home, "nowhere")], home);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /has no manifest\.json/);
    assert.equal(runCli(["models", "delete-source", "/nope"], home).code, 1);
  });
});
