import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { cropImage, Dataset, Detection, Detections, Sample, VideoReader, type BoundingBox } from "../../src/index.js";
import { tempDir, useTempHome } from "../support/env.js";
import { zooModelLoader } from "../support/models.js";
import { inDir, slideshow } from "../support/videos.js";

useTempHome();
const load = zooModelLoader();

/*
 * Frame-level patches (FiftyOne's compute_patch_embeddings on "frames.<field>"): a real
 * video (two demo photos panning, 320×240, 5 fps, 20 frames), boxes on three of its frames,
 * a real embedding model. Each patch's vector must be the model's embedding of that box cut
 * from that decoded frame.
 */
describe("computePatchEmbeddings on frame-level patches of videos", () => {
  test("embeds each frame's boxes, returned by frame or stored on each frame's labels", async () => {
    const video = slideshow(inDir(tempDir(), "show.mp4"), [0, 1]);
    const ds = await Dataset.create();
    const sample = new Sample({ filepath: video });
    await ds.addSample(sample);
    const boxes: Record<number, BoundingBox[]> = {
      2: [
        [0.1, 0.1, 0.4, 0.5],
        [0.5, 0.3, 0.3, 0.4],
      ],
      7: [[0.2, 0.2, 0.5, 0.5]],
      15: [[0, 0, 1, 1]],
    };
    sample.frames.merge(Object.fromEntries(Object.entries(boxes).map(([n, bs]) => [n, { objs: new Detections({ detections: bs.map((b) => new Detection({ label: "thing", boundingBox: b })) }) }])));
    await sample.save();
    const model = await load("mobilenet-v2-nsfw-tfjs");

    const r = await ds.computePatchEmbeddings(model, "frames.objs");
    assert.deepEqual(r.failures, []);
    assert.equal(r.dim, 128);
    const perFrame = r.frameEmbeddings!.get(sample.id)!;
    assert.deepEqual([...perFrame.keys()], [2, 7, 15]);
    assert.equal(r.embeddings.get(sample.id)!.length, 4, "every patch, frames in order");
    // The reference: the frames decoded on their own, the boxes cut and embedded one by one.
    const reader = await VideoReader.open(video);
    for await (const frame of reader.frames()) {
      const bs = boxes[frame.frameNumber];
      if (!bs) continue;
      for (const [k, b] of bs.entries()) {
        const want = await model.embed(cropImage(frame, b, { forceSquare: false, alpha: 0 }));
        const got = perFrame.get(frame.frameNumber)![k]!;
        assert.ok(
          got.every((v, i) => Math.abs(v - want[i]!) < 1e-5),
          `frame ${frame.frameNumber} box ${k}`,
        );
      }
    }
    // The two photos differ: their patches embed differently.
    assert.ok(perFrame.get(2)![0]!.some((v, i) => Math.abs(v - perFrame.get(15)![0]![i]!) > 1e-3));

    const stored = await ds.computePatchEmbeddings(model, "frames.objs", { embeddingsField: "emb" });
    assert.equal(stored.embeddings.size, 0);
    const again = (await ds.first())!;
    for (const [n, bs] of Object.entries(boxes)) {
      const dets = ((await again.frames.get(Number(n)))!.objs as Detections).detections;
      assert.equal(dets.length, bs.length);
      dets.forEach((d, k) => assert.deepEqual(d.attributes.emb, Array.from(perFrame.get(Number(n))![k]!)));
    }
  });
});
