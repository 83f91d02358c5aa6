import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  BaseModel,
  Classification,
  Dataset,
  ModelCapabilityError,
  Sample,
  SampleFailedError,
  readMaskPng,
  RequirementsError,
  zoo,
  type Detections,
  type Model,
  type ModelOutput,
  type RgbImage,
  type Segmentation,
} from "../../src/index.js";
import { demoPhotos, tempDir, useTempHome } from "../support/env.js";
import { inDir, numberedFrames, slideshow, testsrc, truncated } from "../support/videos.js";

useTempHome();
const dir = tempDir("modelzoo-video-apply-");
// Frames 1–10: sample1, 11–20: an empty grey frame, 21–30: sample2 (three people each); 5 fps, panning.
const show = slideshow(inDir(dir, "show.mp4"), [0, "gray", 1]);
const showsPeople = (n: number) => n <= 10 || n >= 21;

let centernet: Model;
before(async () => {
  centernet = await zoo.loadZooModel("centernet-coco-tfjs");
});
after(() => centernet.dispose());

const people = (d: unknown) => ((d as Detections | null | undefined)?.detections ?? []).filter((x) => x.label === "person");

/** Embeds (and classifies) a frame by its mean R, G, B: exact answers for frame bookkeeping. */
class MeanColour extends BaseModel {
  readonly name: string = "mean-colour";
  override readonly hasEmbeddings = true;
  override readonly defaultBatchSize = 3;
  protected doLoad() {
    return Promise.resolve();
  }
  protected doDispose() {
    return Promise.resolve();
  }
  predict(img: RgbImage): Promise<ModelOutput> {
    return Promise.resolve(new Classification({ label: "red", confidence: this.mean(img)[0]! / 255 }));
  }
  override embed(img: RgbImage): Promise<Float32Array> {
    return Promise.resolve(Float32Array.from(this.mean(img)));
  }
  private mean(img: RgbImage): number[] {
    const sum = [0, 0, 0];
    for (let i = 0; i < img.data.length; i += 3) for (let c = 0; c < 3; c++) sum[c]! += img.data[i + c]!;
    return sum.map((s) => Math.round(s / (img.width * img.height)));
  }
}

describe("video samples in datasets", () => {
  test("Dataset.fromDir picks up videos beside images; computeMetadata reads their VideoMetadata", async () => {
    const folder = tempDir("modelzoo-video-dir-");
    fs.copyFileSync(show, inDir(folder, "show.mp4"));
    fs.copyFileSync(demoPhotos()[0]!, inDir(folder, "photo.jpg"));
    const ds = await Dataset.fromDir("mixed", folder);
    assert.deepEqual(await ds.countValues("mediaType"), new Map([["image", 1], ["video", 1]]));
    const r = await ds.computeMetadata();
    assert.deepEqual([r.computed, r.failures.length], [2, 0]);
    const video = (await ds.match({ mediaType: "video" }).first())!;
    assert.deepEqual(
      { ...video.metadata, sizeBytes: 0 },
      { sizeBytes: 0, mimeType: "video/mp4", frameWidth: 320, frameHeight: 240, frameRate: 5, totalFrameCount: 30, duration: 6, encodingStr: "avc1", codec: "h264", rotation: 0 },
    );
    const images = await Dataset.fromDir("images-only", folder, { mediaTypes: ["image"] });
    assert.equal(await images.count(), 1);
  });
});

describe("an image model on video samples", () => {
  test("a person detector runs on every frameStep-th frame; people are found on the frames that show them", async () => {
    const ds = await Dataset.create("show");
    await ds.addSample(new Sample({ filepath: show }));
    const r = await ds.applyModel(centernet, { labelField: "objects", frameStep: 3, confidenceThresh: 0.3, batchSize: 4 });
    assert.deepEqual([r.processed, r.skipped, r.failures.length], [1, 0, 0]);
    const sample = (await ds.first())!;
    assert.equal(sample.get("objects"), undefined, "predictions are frame-level, not sample-level");
    assert.deepEqual(await sample.frames.numbers("objects"), [1, 4, 7, 10, 13, 16, 19, 22, 25, 28]);
    assert.equal(await ds.countFrames(), 10);
    for await (const [n, fields] of sample.frames) {
      const found = people(fields.objects).length;
      // This small detector finds the three, now and then a fourth box on a partly cut-off person.
      if (showsPeople(n)) assert.ok(found >= 2 && found <= 4, `frame ${n} (${n <= 10 ? "sample1" : "sample2"}, three people): ${found}`);
      else assert.equal(found, 0, `frame ${n} is empty grey`);
    }
    // Everything is done: a rerun with skipExisting leaves the video alone.
    const again = await ds.applyModel(centernet, { labelField: "objects", frameStep: 3, skipExisting: true });
    assert.deepEqual([again.processed, again.skipped], [0, 1]);
  });

  test("skipExisting resumes a video after its last frame done; frame numbers stay those of the video", async () => {
    const ds = await Dataset.create("resume");
    const sample = new Sample({ filepath: numberedFrames(inDir(dir, "numbered.mkv"), 20) });
    await ds.addSample(sample);
    // As if an earlier run had stored frames 1 and 6 before it was interrupted.
    sample.frames.merge({ 1: { red: null }, 6: { red: null } });
    await sample.save();
    const r = await ds.applyModel(new MeanColour(), { labelField: "red", frameStep: 5, skipExisting: true });
    assert.deepEqual([r.processed, r.skipped], [1, 0]);
    const frames = (await ds.first())!.frames;
    assert.deepEqual(await frames.numbers("red"), [1, 6, 11, 16]);
    assert.equal((await frames.get(6))!.red, null, "frames already done are not redone");
    // Frame n is filled with red (n - 1) × 10: its prediction saw exactly that frame.
    assert.equal(((await frames.get(11))!.red as Classification).confidence, 100 / 255);
    assert.equal(((await frames.get(16))!.red as Classification).confidence, 150 / 255);
    // FiftyOne's "frames.<field>" names the same frame-level field.
    await ds.applyModel(new MeanColour(), { labelField: "frames.red_again", frameStep: 10 });
    assert.deepEqual(await (await ds.first())!.frames.numbers("red_again"), [1, 11]);
  });

  test("computeEmbeddings embeds video frames: per-frame fields, or rows tagged with their frame numbers", async () => {
    const ds = await Dataset.create("embed-frames");
    await ds.addSamples([new Sample({ filepath: numberedFrames(inDir(dir, "numbered-embed.mkv"), 20) }), new Sample({ filepath: demoPhotos()[0]! })]);
    const rows = await ds.computeEmbeddings(new MeanColour(), { frameStep: 5 });
    assert.equal(rows.dim, 3);
    const [video, image] = await ds.ids();
    assert.deepEqual(rows.ids, [image, video, video, video, video]);
    assert.deepEqual(rows.frameNumbers, [0, 1, 6, 11, 16]);
    assert.deepEqual(Array.from(rows.data.subarray(3 * 2, 3 * 3)), [50, 0, 0], "the row of frame 6");
    const stored = await ds.computeEmbeddings(new MeanColour(), { embeddingsField: "rgb", frameStep: 10 });
    assert.equal(stored.data.length, 0);
    const frames = (await ds.first())!.frames;
    assert.deepEqual(await frames.numbers("rgb"), [1, 11]);
    assert.deepEqual(Array.from((await frames.get(11))!.rgb as Float32Array), [100, 0, 0]);
  });

  test("a truncated video keeps the batches stored before the cut; its failure names the file", async () => {
    const cut = truncated(testsrc(inDir(dir, "whole.mp4"), { seconds: 4, fps: 10, faststart: true }), inDir(dir, "cut.mp4"), 0.5);
    const ds = await Dataset.create("cut");
    await ds.addSamples([new Sample({ filepath: cut }), new Sample({ filepath: numberedFrames(inDir(dir, "fine.mkv"), 6) })]);
    const r = await ds.applyModel(new MeanColour(), { labelField: "red", batchSize: 4 });
    assert.equal(r.processed, 1, "the sound video after it is processed");
    assert.equal(r.failures.length, 1);
    assert.equal(r.failures[0]!.filepath, cut);
    assert.match(r.failures[0]!.error, new RegExp(`Cannot read video ${cut.replace(/[.]/g, "\\.")}: only \\d+ of 40 frames`));
    const stored = await (await ds.first())!.frames.numbers("red");
    assert.ok(stored.length >= 4 && stored.length % 4 === 0 && stored.length < 40, `whole batches before the cut: ${stored.length} frames`);
    await assert.rejects(ds.applyModel(new MeanColour(), { labelField: "again", skipFailures: false }), SampleFailedError);
  });
});

describe("a video model", () => {
  test("RVM from the zoo carries its state over the frames and mattes the people on the photo frames only", async () => {
    // Frames 1–4: sample1 (three people), 5–8: empty grey; 4 fps.
    const clip = slideshow(inDir(dir, "rvm.mp4"), [0, "gray"], { seconds: 1, fps: 4 });
    const rvm = await zoo.loadZooModel("rvm-mobilenetv3-tfjs");
    try {
      assert.equal(rvm.mediaType, "video");
      const ds = await Dataset.create("matting");
      await ds.addSample(new Sample({ filepath: clip }));
      await ds.applyModel(centernet, { labelField: "objects", confidenceThresh: 0.3 });
      const masks = tempDir("modelzoo-mattes-");
      const r = await ds.applyModel(rvm, { labelField: "matte", batchSize: 3, outputDir: masks });
      assert.deepEqual([r.processed, r.failures.length], [1, 0]);
      const frames = (await ds.first())!.frames;
      assert.deepEqual(await frames.numbers("matte"), [1, 2, 3, 4, 5, 6, 7, 8]);
      for await (const [n, f] of frames) {
        // With outputDir each frame's matte is a PNG: <outputDir>/<field>/<video name>/<frame number>.png
        const maskPath = (f.matte as Segmentation).maskPath!;
        assert.equal(maskPath, inDir(masks, `matte/rvm/${String(n).padStart(6, "0")}.png`));
        const mask = await readMaskPng(maskPath);
        assert.deepEqual([mask.width, mask.height], [320, 240]);
        const opaque = (x: number, y: number) => mask.data[y * 320 + x]! > 128;
        let total = 0;
        let inPeople = 0;
        const boxes = people(f.objects).map((d) => d.boundingBox.map((v, i) => v * (i % 2 === 0 ? 320 : 240)));
        for (let y = 0; y < 240; y++) {
          for (let x = 0; x < 320; x++) {
            if (!opaque(x, y)) continue;
            total++;
            if (boxes.some(([bx, by, bw, bh]) => x >= bx! && x <= bx! + bw! && y >= by! && y <= by! + bh!)) inPeople++;
          }
        }
        if (n <= 4) {
          assert.ok(total > 0.2 * 320 * 240, `frame ${n}: the three people are matted (${total} opaque pixels)`);
          assert.ok(inPeople / total > 0.85, `frame ${n}: the matte lies on the detected people (${((100 * inPeople) / total).toFixed(0)}%)`);
        } else assert.ok(total < 0.02 * 320 * 240, `frame ${n}: nothing to matte on grey (${total} opaque pixels)`);
      }
      const photos = await Dataset.create("photos-for-rvm");
      await photos.addSample(new Sample({ filepath: demoPhotos()[0]! }));
      await assert.rejects(photos.applyModel(rvm), ModelCapabilityError);
    } finally {
      await rvm.dispose();
    }
  });

  test("RVM's requirements name ffmpeg and its install command when it cannot be started", async () => {
    // ffmpeg ships in an npm package, so hiding the system's is not enough: point
    // MODELZOO_FFMPEG at a program that does not exist.
    process.env.MODELZOO_FFMPEG = path.join(tempDir("modelzoo-no-ffmpeg-"), "ffmpeg");
    try {
      assert.deepEqual(zoo.zooModelRequirementCommands("rvm-mobilenetv3-tfjs"), ["apt-get install ffmpeg"]);
      await assert.rejects(zoo.loadZooModel("rvm-mobilenetv3-tfjs"), (err: unknown) => err instanceof RequirementsError && /needs ffmpeg.*apt-get install ffmpeg/.test(err.message));
    } finally {
      delete process.env.MODELZOO_FFMPEG;
    }
    const saved = process.env.PATH;
    process.env.PATH = tempDir("modelzoo-empty-path-");
    try {
      assert.deepEqual(zoo.zooModelRequirementCommands("rvm-mobilenetv3-tfjs"), [], "without a system ffmpeg, the npm-shipped one meets the requirement");
    } finally {
      process.env.PATH = saved;
    }
  });

  test("a video model's frame dict is merged with FiftyOne's rules: frame → Label, frame → record of labels", async () => {
    const clip = numberedFrames(inDir(dir, "numbered-dict.mkv"), 6);
    /** Labels every frame by its red value, read whole from the reader as FiftyOne's video models do. */
    class FrameLabeller extends MeanColour {
      override readonly name = "frame-labeller";
      override readonly mediaType = "video" as const;
      asRecord = false;
      async predictVideo(reader: AsyncIterable<RgbImage & { frameNumber: number }>): Promise<ModelOutput> {
        const out = new Map<number, ModelOutput>();
        for await (const f of reader) {
          const label = (await this.predict(f)) as Classification;
          out.set(f.frameNumber, this.asRecord ? { red: label, index: new Classification({ label: String(f.frameNumber) }) } : label);
        }
        return out as ModelOutput;
      }
    }
    const model = new FrameLabeller();
    const ds = await Dataset.create("frame-dicts");
    await ds.addSample(new Sample({ filepath: clip }));
    await ds.applyModel(model, { labelField: "single" });
    model.asRecord = true;
    await ds.applyModel(model, { labelField: "rec" });
    await ds.applyModel(model, { labelField: { red: "redness" } });
    const f3 = (await (await ds.first())!.frames.get(3))!;
    assert.deepEqual(Object.keys(f3).sort(), ["index", "rec_index", "rec_red", "redness", "single"]);
    assert.equal((f3.single as Classification).confidence, 20 / 255);
    assert.equal((f3.rec_index as Classification).label, "3");
    assert.equal((f3.index as Classification).label, "3", "an unmapped key keeps its name");
  });
});
