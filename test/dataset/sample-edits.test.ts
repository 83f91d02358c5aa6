import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Classification, Dataset, Detection, Detections, FieldTypeError, Keypoint, Keypoints, Sample } from "../../src/index.js";
import { useTempHome } from "../support/env.js";

useTempHome();

const box = (label: string) => new Detection({ label, boundingBox: [0.1, 0.2, 0.3, 0.4], confidence: 0.9 });

/** A dataset with one stored image sample holding `fields`; returns the sample as read back (a fresh object). */
async function storedSample(name: string, fields: Record<string, unknown>): Promise<{ ds: Dataset; sample: Sample }> {
  const ds = await Dataset.create(name);
  await ds.addSample(new Sample({ filepath: "/data/a.jpg", ...fields }));
  return { ds, sample: (await ds.first())! };
}

async function reread(ds: Dataset): Promise<Sample> {
  return (await ds.first())!;
}

describe("in-place edits are saved (FiftyOne's semantics)", () => {
  test("pushing a detection onto a stored label list, then save()", async () => {
    const { ds, sample } = await storedSample("edit-push", { gt: new Detections({ detections: [box("cat")] }) });
    (sample.get("gt") as Detections).detections.push(box("dog"));
    await sample.save();
    assert.deepEqual((await reread(ds)).get("gt.detections.label"), ["cat", "dog"]);
  });

  test("editing an attribute of a nested label and a label reached by a path", async () => {
    const { ds, sample } = await storedSample("edit-nested", {
      gt: new Detections({ detections: [box("cat")] }),
      pose: new Keypoints({ keypoints: [new Keypoint({ label: "person", points: [[0.1, 0.2], [0.3, 0.4]] })] }),
    });
    const first = (sample.get("gt.detections") as Detection[])[0]!;
    first.label = "lynx";
    first.confidence = 0.5;
    (sample.get("pose") as Keypoints).keypoints[0]!.points[1] = [0.5, 0.6];
    await sample.save();
    const back = await reread(ds);
    assert.deepEqual(back.get("gt.detections.label"), ["lynx"]);
    assert.deepEqual(back.get("gt.detections.confidence"), [0.5]);
    assert.deepEqual((back.get("pose") as Keypoints).keypoints[0]!.points, [[0.1, 0.2], [0.5, 0.6]]);
  });

  test("plain objects and arrays, and a second edit after a save", async () => {
    const { ds, sample } = await storedSample("edit-plain", { notes: ["a"], info: { reviewer: "ann", counts: { ok: 1 } } });
    (sample.get("notes") as string[]).push("b");
    (sample.get("info") as { counts: { ok: number } }).counts.ok = 2;
    await sample.save();
    let back = await reread(ds);
    assert.deepEqual(back.get("notes"), ["a", "b"]);
    assert.equal(back.get("info.counts.ok"), 2);
    // The same references keep being watched after the save.
    (sample.get("notes") as string[]).splice(0, 1);
    await sample.save();
    back = await reread(ds);
    assert.deepEqual(back.get("notes"), ["b"]);
    // A value given to set() is watched once saved, too.
    const tags = ["x"];
    sample.set("labels", tags);
    await sample.save();
    tags.push("y");
    await sample.save();
    assert.deepEqual((await reread(ds)).get("labels"), ["x", "y"]);
  });

  test("a vector edited in place", async () => {
    const { ds, sample } = await storedSample("edit-vector", { emb: Float32Array.from([1, 2, 3]) });
    (sample.get("emb") as Float32Array)[1] = 7;
    await sample.save();
    assert.deepEqual([...((await reread(ds)).get("emb") as Float32Array)], [1, 7, 3]);
  });

  test("untouched and read-only samples write nothing; a bad in-place value is a typed error at save", async () => {
    const { ds, sample } = await storedSample("edit-none", { gt: new Detections({ detections: [box("cat")] }), n: 1 });
    sample.get("gt");
    assert.equal(sample.pendingUpdate(), undefined, "reading is not editing");
    const sibling = await reread(ds);
    (sample.get("gt") as Detections).detections.push(box("dog"));
    assert.deepEqual(Object.keys(sample.pendingUpdate()!.set!), ["gt"]);
    assert.equal(sibling.pendingUpdate(), undefined);
    (sample.get("gt") as Detections).detections.push(new Map() as unknown as Detection);
    await assert.rejects(() => sample.save(), FieldTypeError);
  });

  test("frames of a video: a label edited in place and a key added to a frame object", async () => {
    const ds = await Dataset.create("edit-frames");
    const video = new Sample({ filepath: "/v/clip.mp4" });
    await ds.addSample(video);
    video.frames.merge({ 1: { det: new Detections({ detections: [box("car")] }), n: 1 } });
    await video.save();
    const back = await reread(ds);
    const frame = (await back.frames.get(1))!;
    (frame.det as Detections).detections.push(box("bus"));
    frame.n = 2;
    frame.cls = new Classification({ label: "street" });
    await back.save();
    const again = await reread(ds);
    const saved = (await again.frames.get(1))!;
    assert.deepEqual((saved.det as Detections).detections.map((d) => d.label), ["car", "bus"]);
    assert.equal(saved.n, 2);
    assert.equal((saved.cls as Classification).label, "street");
    // Frames reached by iteration are watched the same way.
    for await (const [, f] of again.frames) (f.det as Detections).detections.pop();
    await again.save();
    assert.deepEqual(((await (await reread(ds)).frames.get(1))!.det as Detections).detections.map((d) => d.label), ["car"]);
  });
});
