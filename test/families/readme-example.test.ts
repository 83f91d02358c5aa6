import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { after, before, describe, test } from "node:test";
import { repoRoot, tempDir } from "../support/env.js";
import { fakeSam, fakeUltralytics, hfFiles, writeStandInManifest } from "../support/family-fakes.js";
import { HfMirror } from "../support/hf-mirror.js";
import { EXAMPLE_COMMAND, writeReadmeExample } from "../support/readme.js";

/*
 * The README's "ONNX Model Zoo, YOLO and Segment Anything" example, run as a user runs
 * it (a child process on the built package) against a local stand-in of the hub. The
 * YOLO entry is pinned by sha256, so the example loads an unpinned copy of it (the one
 * edit, besides printing what was stored).
 */

const mirror = new HfMirror();

before(async () => {
  await mirror.start();
  const sam = fakeSam();
  const slim = hfFiles("slimsam-77-uniform-onnx");
  mirror.put(slim.repo, slim.revision, "onnx/vision_encoder.onnx", sam.encoder);
  mirror.put(slim.repo, slim.revision, "onnx/prompt_encoder_mask_decoder.onnx", sam.decoder);
  const yolo = hfFiles("yolo11n-seg-coco-onnx");
  mirror.put(yolo.repo, yolo.revision, yolo.files[0]!, fakeUltralytics(true));
});
after(() => mirror.close());

describe("README: the ONNX Model Zoo, YOLO and Segment Anything example", () => {
  test("SAM segments each hand-drawn box of the quickstart dataset; YOLO-seg stores boxes with masks", async () => {
    const { dir, names } = writeStandInManifest(["yolo11n-seg-coco-onnx"]);
    let home = "";
    const dist = JSON.stringify(path.join(repoRoot, "dist", "index.js"));
    const cwd = writeReadmeExample("## ONNX Model Zoo, YOLO and Segment Anything", (code, folder) => {
      home = path.join(folder, "home");
      assert.ok(code.includes('"yolo11n-seg-coco-onnx"'));
      return (
        `import { zoo as testZoo } from ${dist};\nawait testZoo.registerZooModelSource(${JSON.stringify(dir)});\n` +
        code.replace('"yolo11n-seg-coco-onnx"', JSON.stringify(names["yolo11n-seg-coco-onnx"])) +
        `\nconst found = (await dataset.values("sam.detections")) as { mask?: unknown }[][];\nconsole.log("boxes", found.flat().length, "masks", found.flat().filter((d) => d.mask).length);\nconsole.log("yolo", JSON.stringify(Object.fromEntries(await dataset.countValues("yolo.detections.label"))));\n`
      );
    });
    const { stdout } = await promisify(execFile)(EXAMPLE_COMMAND[0], EXAMPLE_COMMAND[1], {
      cwd,
      env: { ...process.env, MODELZOO_HOME: home || tempDir(), HF_ENDPOINT: mirror.endpoint },
      encoding: "utf8",
    });
    // The quickstart's 22 hand-drawn person boxes, each with a mask; the stand-in YOLO finds a person in each of the 6 photos.
    assert.match(stdout, /boxes 22 masks 22/);
    assert.match(stdout, /yolo \{"person":6\}/);
  });
});
