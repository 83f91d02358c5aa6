import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import { Dataset, Sample } from "../../src/index.js";
import { BrightnessModel } from "../support/brightness-model.js";
import { killHard, startChild } from "../support/child.js";
import { tempDir, useTempHome } from "../support/env.js";
import { inDir, testsrc } from "../support/videos.js";

const home = useTempHome();
const BATCH = 25;
const FRAMES = 600;
const video = testsrc(inDir(tempDir("modelzoo-video-crash-"), "clip.mp4"), { seconds: 24, fps: 25, size: "64x48" });

/** Applies a slow model to the dataset's video until it is killed; says so after four batches. */
const writer = `
  import { Dataset } from "./src/index.ts";
  import { BrightnessModel } from "./test/support/brightness-model.ts";
  const ds = await Dataset.load("clips");
  const model = new BrightnessModel({ pauseMs: 50, onBatch: (n) => n === 4 && console.log("four batches") });
  await ds.applyModel(model, { labelField: "light", batchSize: ${BATCH} });
  console.log("finished");
`;

describe("an interrupted video run", () => {
  test("a process killed mid-video leaves whole batches of frames; skipExisting finishes the video", async () => {
    const setup = await Dataset.create("clips", { persistent: true });
    await setup.addSample(new Sample({ filepath: path.resolve(video) }));
    await setup.close();
    await killHard(await startChild(writer, home, "four batches"));

    const ds = await Dataset.load("clips");
    const sample = (await ds.first())!;
    const done = await sample.frames.numbers("light");
    assert.ok(done.length >= 3 * BATCH && done.length < FRAMES, `killed part-way, after the batches it reported (${done.length} frames)`);
    assert.equal(done.length % BATCH, 0, `whole batches only (${done.length} frames)`);
    assert.deepEqual(done, Array.from({ length: done.length }, (_, i) => i + 1), "the first frames, in order");

    const r = await ds.applyModel(new BrightnessModel(), { labelField: "light", batchSize: BATCH, skipExisting: true });
    assert.deepEqual([r.processed, r.skipped], [1, 0]);
    assert.deepEqual(await sample.frames.numbers("light"), Array.from({ length: FRAMES }, (_, i) => i + 1));
    const again = await ds.applyModel(new BrightnessModel(), { labelField: "light", skipExisting: true });
    assert.deepEqual([again.processed, again.skipped], [0, 1]);
  });
});
