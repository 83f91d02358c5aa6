import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import v8 from "node:v8";
import vm from "node:vm";
import { BaseModel, Classification, Dataset, Sample, VideoReader, type ModelOutput, type RgbImage } from "../../src/index.js";
import { tempDir, useTempHome } from "../support/env.js";
import { inDir, testsrc } from "../support/videos.js";

useTempHome();
const dir = tempDir("modelzoo-video-memory-");
// 3000 frames of 160×120: 173 MB of RGB if they were all kept.
const FRAMES = 3000;
const video = testsrc(inDir(dir, "long.mp4"), { seconds: 30, fps: 100, size: "160x120" });

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

/**
 * Heap plus array buffers (frames live in the latter) and RSS, in MB, after full GCs
 * (array buffers are released by a background sweeper, hence the pause).
 */
async function memory(): Promise<{ js: number; rss: number }> {
  gc();
  await sleep(20);
  gc();
  const m = process.memoryUsage();
  return { js: (m.heapUsed + m.arrayBuffers) / 1e6, rss: m.rss / 1e6 };
}

/** Classifies a frame by its brightest channel: a real (if simple) model of the pixels it gets. */
class BrightestChannel extends BaseModel {
  readonly name = "brightest-channel";
  override readonly defaultBatchSize = 50;
  calls = 0;
  warm: { js: number; rss: number } | undefined;
  protected doLoad() {
    return Promise.resolve();
  }
  protected doDispose() {
    return Promise.resolve();
  }
  predict(img: RgbImage): Promise<ModelOutput> {
    const sum = [0, 0, 0];
    for (let i = 0; i < img.data.length; i += 3) for (let c = 0; c < 3; c++) sum[c]! += img.data[i + c]!;
    return Promise.resolve(new Classification({ label: ["red", "green", "blue"][sum.indexOf(Math.max(...sum))]! }));
  }
  override async predictAll(images: readonly RgbImage[]): Promise<ModelOutput[]> {
    if (++this.calls === 10) this.warm = await memory(); // after warm-up: 500 frames in
    return super.predictAll(images);
  }
}

describe("memory stays flat over a long video", () => {
  test(`reading ${FRAMES} frames holds one frame at a time`, async () => {
    const reader = await VideoReader.open(video);
    assert.equal(reader.frameCount, FRAMES);
    let warm: { js: number; rss: number } | undefined;
    let count = 0;
    for await (const f of reader) {
      count++;
      if (f.frameNumber === 300) warm = await memory();
    }
    const end = await memory();
    assert.equal(count, FRAMES);
    // Generous bounds: keeping the frames would add 173 MB.
    assert.ok(end.js - warm!.js < 16, `JS memory grew by ${(end.js - warm!.js).toFixed(1)} MB`);
    assert.ok(end.rss - warm!.rss < 80, `RSS grew by ${(end.rss - warm!.rss).toFixed(1)} MB`);
  });

  test(`applyModel over ${FRAMES} frames stores them batch by batch without holding them`, async () => {
    const ds = await Dataset.create("long-video");
    await ds.addSample(new Sample({ filepath: video }));
    const model = new BrightestChannel();
    const r = await ds.applyModel(model, { labelField: "colour" });
    const end = await memory();
    assert.deepEqual([r.processed, r.failures.length], [1, 0]);
    assert.equal(await ds.countFrames(), FRAMES);
    assert.equal(model.calls, FRAMES / 50);
    assert.ok(end.js - model.warm!.js < 16, `JS memory grew by ${(end.js - model.warm!.js).toFixed(1)} MB`);
    assert.ok(end.rss - model.warm!.rss < 80, `RSS grew by ${(end.rss - model.warm!.rss).toFixed(1)} MB`);
    const frames = (await ds.first())!.frames;
    assert.deepEqual(await frames.numbers("colour"), Array.from({ length: FRAMES }, (_, i) => i + 1));
    assert.ok((await frames.get(FRAMES))!.colour instanceof Classification);
  });
});
