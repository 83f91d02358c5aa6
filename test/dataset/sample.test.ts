import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  Classification,
  Dataset,
  Detection,
  Detections,
  FieldTypeError,
  InvalidNameError,
  Sample,
  UnsupportedMediaError,
} from "../../src/index.js";
import { useTempHome } from "../support/env.js";

useTempHome();

const person = (confidence: number) => new Detection({ label: "person", boundingBox: [0.1, 0.2, 0.3, 0.4], confidence });

describe("Sample fields", () => {
  test("set, get (with paths), save and read back", async () => {
    const ds = await Dataset.create("fields");
    const s = new Sample({ filepath: "/data/a.jpg", ground_truth: new Detections({ detections: [person(1)] }), score: 3 });
    await ds.addSample(s);
    s.set("score", 4.5);
    s.set("note", "ok");
    s.tags.push("reviewed");
    await s.save();
    const back = (await ds.first())!;
    assert.equal(back.id, s.id);
    assert.equal(back.get("score"), 4.5);
    assert.equal(back.get("note"), "ok");
    assert.deepEqual(back.tags, ["reviewed"]);
    assert.ok(back.get("ground_truth") instanceof Detections);
    assert.deepEqual(back.get("ground_truth.detections.label"), ["person"]);
    assert.deepEqual(back.get("ground_truth.detections.boundingBox"), [[0.1, 0.2, 0.3, 0.4]]);
    back.unset("note");
    await back.save();
    assert.equal((await ds.first())!.has("note"), false);
    const schema = await ds.getFieldSchema();
    assert.deepEqual(
      schema.filter((f) => !["id", "filepath", "mediaType", "tags", "metadata"].includes(f.name)).map((f) => [f.name, f.type]),
      [
        ["ground_truth", "Detections"],
        ["score", "float"],
        ["note", "string"],
      ],
    );
  });

  test("embeddings are stored as float32 vectors", async () => {
    const ds = await Dataset.create("vectors");
    const v = Float32Array.from([0.5, -1.25, 3e-8, 1e20]);
    await ds.addSample(new Sample({ filepath: "/x/a.png", embedding: v }));
    const back = (await ds.values("embedding"))[0];
    assert.ok(back instanceof Float32Array);
    assert.deepEqual(Array.from(back), Array.from(v));
  });

  test("values that cannot be stored are refused when set, naming the field", () => {
    const s = new Sample({ filepath: "/x/a.jpg" });
    assert.throws(() => s.set("bad", NaN), (e: unknown) => e instanceof FieldTypeError && /"bad"/.test(e.message));
    assert.throws(() => s.set("bad", new Map()), /Field "bad" got a Map/);
    assert.throws(() => s.set("bad", new Float64Array(2)), /Float32Array/);
    assert.throws(() => s.set("bad", { deep: [1, Infinity] }), /"bad.deep\[1\]"/);
    assert.throws(() => s.set("filepath", "x"), InvalidNameError);
    assert.throws(() => s.set("has.dot", 1), InvalidNameError);
    assert.throws(() => new Sample({ filepath: "/x/readme" }), UnsupportedMediaError);
  });

  test("a field keeps one type; ints widen to floats", async () => {
    const ds = await Dataset.create("types");
    await ds.addSamples([new Sample({ filepath: "/a.jpg", n: 1, pred: person(0.5) }), new Sample({ filepath: "/b.jpg", n: 2.5 })]);
    assert.equal((await ds.getFieldSchema()).find((f) => f.name === "n")?.type, "float");
    const s = (await ds.first())!;
    s.set("pred", new Classification({ label: "cat" }));
    await assert.rejects(() => s.save(), (e: unknown) => e instanceof FieldTypeError && /holds a Detection/.test(e.message) && /deleteSampleField/.test(e.message));
    assert.ok((await ds.first())!.get("pred") instanceof Detection, "a refused save changes nothing");
    await ds.deleteSampleField("pred");
    await s.save();
    assert.ok((await ds.first())!.get("pred") instanceof Classification);
  });
});

describe("addLabels follows the FiftyOne Model Zoo rules", () => {
  test("a Label goes to labelField", () => {
    const s = new Sample({ filepath: "/a.jpg" });
    s.addLabels(new Classification({ label: "cat" }), "cls");
    assert.equal((s.get("cls") as Classification).label, "cat");
  });

  test("a record of labels goes to labelField_key, or through a mapping, or to the keys", () => {
    const labels = { age: new Classification({ label: "30" }), gender: new Classification({ label: "f" }) };
    const a = new Sample({ filepath: "/a.jpg" });
    a.addLabels(labels, "face");
    assert.deepEqual(a.fieldNames.sort(), ["face_age", "face_gender"]);
    const b = new Sample({ filepath: "/a.jpg" });
    b.addLabels(labels, { age: "predicted_age" });
    assert.deepEqual(b.fieldNames.sort(), ["gender", "predicted_age"]);
    const c = new Sample({ filepath: "/a.jpg" });
    c.addLabels(labels, undefined);
    assert.deepEqual(c.fieldNames.sort(), ["age", "gender"]);
  });

  test("frame number → Label and frame number → record go to frames of video samples", async () => {
    const ds = await Dataset.create("frames");
    const video = new Sample({ filepath: "/v/clip.mp4" });
    assert.equal(video.mediaType, "video");
    await ds.addSample(video);
    video.addLabels({ 1: new Detections({ detections: [person(0.9)] }), 3: new Detections() }, "det");
    video.addLabels({ 2: { age: new Classification({ label: "30" }) } }, "face");
    await video.save();
    const back = (await ds.first())!;
    assert.deepEqual(await back.frames.numbers(), [1, 2, 3]);
    assert.ok((await back.frames.get(1))!.det instanceof Detections);
    assert.equal(((await back.frames.get(2))!.face_age as Classification).label, "30");
    assert.equal(back.fieldNames.length, 0, "nothing lands at sample level");
    const frameSchema = (await ds.getFieldSchema({ frames: true })).map((f) => [f.name, f.type]);
    assert.deepEqual(frameSchema.slice(-2), [
      ["det", "Detections"],
      ["face_age", "Classification"],
    ]);
  });

  test("numeric keys on an image sample are ordinary keys", () => {
    const s = new Sample({ filepath: "/a.jpg" });
    s.addLabels({ 1: new Classification({ label: "x" }) }, "p");
    assert.deepEqual(s.fieldNames, ["p_1"]);
  });
});
