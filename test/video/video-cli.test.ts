import assert from "node:assert/strict";
import fs from "node:fs";
import { describe, test } from "node:test";
import { runCli } from "../support/cli.js";
import { demoPhotos, tempDir } from "../support/env.js";
import { inDir, slideshow } from "../support/videos.js";

const home = tempDir();
const folder = tempDir("modelzoo-video-cli-");
// 20 frames: 1–10 sample1 (three people), 11–20 empty grey.
slideshow(inDir(folder, "clip.mp4"), [0, "gray"]);
fs.copyFileSync(demoPhotos()[0]!, inDir(folder, "photo.jpg"));

interface Info {
  mediaTypes: Record<string, number>;
  frames: { videos: number; total: number | null; withFields: number };
  frameFields: { name: string; type: string }[];
}

describe("modelzoo on video datasets", () => {
  test("datasets create picks up videos and info shows their frame counts; models apply stores frame-level predictions", () => {
    const created = runCli(["datasets", "create", "clips", "--from-dir", folder], home);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /with 2 samples/);
    const info = runCli(["datasets", "info", "clips"], home);
    assert.match(info.stdout, /Samples:\s+2 \(1 video, 1 image\)/);
    assert.match(info.stdout, /Frames:\s+20 in 1 video, 0 with frame-level fields/);

    const applied = runCli(["models", "apply", "centernet-coco-tfjs", "clips", "people", "--frame-step", "5", "--confidence-thresh", "0.3"], home);
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /for 2 samples in "people"/);
    assert.match(applied.stdout, /frame-level fields: 4\b/);
    const json = JSON.parse(runCli(["datasets", "info", "clips", "--json"], home).stdout) as Info;
    assert.deepEqual(json.mediaTypes, { image: 1, video: 1 });
    assert.deepEqual(json.frames, { videos: 1, total: 20, withFields: 4 });
    assert.deepEqual(json.frameFields, [{ name: "people", type: "Detections" }]);

    const onlyImages = runCli(["datasets", "create", "stills", "--from-dir", folder, "--media-types", "image"], home);
    assert.match(onlyImages.stdout, /with 1 sample\b/);
    assert.equal(runCli(["datasets", "create", "bad", "--from-dir", folder, "--media-types", "audio"], home).code, 2);
  });
});
