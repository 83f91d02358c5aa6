import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { Dataset, Detection, Detections, FilterError, Sample } from "../../src/index.js";
import { useTempHome } from "../support/env.js";

useTempHome();

let ds: Dataset;
const det = (label: string, confidence: number) => new Detection({ label, boundingBox: [0, 0, 0.5, 0.5], confidence });

before(async () => {
  ds = await Dataset.create("views");
  const samples: Sample[] = [];
  for (let i = 0; i < 20; i++) {
    samples.push(
      new Sample({
        filepath: `/img/${String(i).padStart(2, "0")}.jpg`,
        tags: i % 2 === 0 ? ["even"] : ["odd"],
        index: i,
        ...(i % 4 === 0 ? {} : { predictions: new Detections({ detections: [det(i % 3 === 0 ? "cat" : "person", i / 20), det("dog", 0.5)] }) }),
      }),
    );
  }
  await ds.addSamples(samples, { batchSize: 7 });
});

describe("views", () => {
  test("limit, skip and chaining", async () => {
    assert.deepEqual(await ds.skip(3).limit(2).values("index"), [3, 4]);
    assert.equal(await ds.limit(50).count(), 20);
    assert.equal(await ds.skip(25).count(), 0);
    assert.throws(() => ds.limit(-1), /whole number/);
  });

  test("take and shuffle are reproducible with a seed", async () => {
    const a = await ds.take(5, { seed: 51 }).values("index");
    const b = await ds.take(5, { seed: 51 }).values("index");
    const c = await ds.take(5, { seed: 52 }).values("index");
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    assert.equal(new Set(a).size, 5);
    const all = (await ds.shuffle({ seed: 7 }).values("index")) as number[];
    assert.deepEqual([...all].sort((x, y) => x - y), Array.from({ length: 20 }, (_, i) => i));
    assert.notDeepEqual(all, Array.from({ length: 20 }, (_, i) => i));
  });

  test("match with filters and predicates", async () => {
    assert.deepEqual(await ds.match({ index: { $gte: 17 } }).values("index"), [17, 18, 19]);
    assert.deepEqual(await ds.match({ "predictions.detections.label": "cat" }).values("index"), [3, 6, 9, 15, 18]);
    assert.deepEqual(
      await ds.match({ "predictions.detections.label": "person", "predictions.detections.confidence": { $gt: 0.8 } }).values("index"),
      [17, 19],
    );
    assert.deepEqual(await ds.match({ $or: [{ index: 0 }, { index: { $in: [5, 6] } }] }).values("index"), [0, 5, 6]);
    assert.deepEqual(await ds.match({ tags: "odd", index: { $lt: 6 } }).values("index"), [1, 3, 5]);
    assert.deepEqual(await ds.match((s) => (s.get("index") as number) % 5 === 0).values("index"), [0, 5, 10, 15]);
    assert.equal(await ds.match({ predictions: { $exists: false } }).count(), 5);
    assert.throws(() => ds.match({ $nor: [] }), FilterError);
    await assert.rejects(() => ds.match({ index: { $near: 1 } }).count(), /Unknown operator "\$near"/);
  });

  test("exists, select, exclude, matchTags", async () => {
    assert.equal(await ds.exists("predictions").count(), 15);
    assert.equal(await ds.exists("predictions", false).count(), 5);
    const ids = await ds.ids();
    assert.deepEqual(await ds.select([ids[5]!, ids[2]!]).values("index"), [2, 5]);
    assert.deepEqual(await ds.select([ids[5]!, ids[2]!], { ordered: true }).values("index"), [5, 2]);
    assert.equal(await ds.exclude(ids.slice(0, 15)).count(), 5);
    assert.equal(await ds.matchTags("even").count(), 10);
    assert.equal(await ds.matchTags(["even", "odd"], { all: true }).count(), 0);
  });

  test("sortBy a field, a list path, or a function", async () => {
    assert.deepEqual((await ds.sortBy("index", { reverse: true }).limit(3).values("index")), [19, 18, 17]);
    // A list sorts by its largest element; samples without the field come first.
    const byConf = (await ds.sortBy("predictions.detections.confidence").values("index")) as number[];
    assert.deepEqual(byConf.slice(0, 5), [0, 4, 8, 12, 16]);
    assert.deepEqual(byConf.slice(-2), [18, 19]);
    assert.deepEqual(await ds.sortBy((s) => -(s.get("index") as number)).limit(2).values("index"), [19, 18]);
  });

  test("values, distinct, countValues", async () => {
    const labels = (await ds.limit(2).values("predictions.detections.label"));
    assert.deepEqual(labels, [undefined, ["person", "dog"]]);
    assert.deepEqual(await ds.distinct("predictions.detections.label"), ["cat", "dog", "person"]);
    const counts = await ds.countValues("predictions.detections.label");
    assert.equal(counts.get("dog"), 15);
    assert.equal(counts.get("cat"), 5);
    assert.equal(counts.get("person"), 10);
    assert.deepEqual(Object.fromEntries(await ds.countSampleTags()), { even: 10, odd: 10 });
  });

  test("selectFields loads only the named fields", async () => {
    const s = (await ds.selectFields("index").skip(1).first())!;
    assert.deepEqual(s.fieldNames, ["index"]);
    s.set("index", 100);
    await s.save();
    const full = (await ds.skip(1).first())!;
    assert.equal(full.get("index"), 100);
    assert.ok(full.get("predictions") instanceof Detections, "fields not loaded are not lost on save");
    full.set("index", 1);
    await full.save();
  });

  test("iterSamples with autosave writes edits batch by batch", async () => {
    for await (const s of ds.match({ index: { $lt: 10 } }).iterSamples({ autosave: true, batchSize: 3 })) s.set("seen", true);
    assert.equal(await ds.exists("seen").count(), 10);
    let n = 0;
    for await (const s of ds) {
      assert.ok(s instanceof Sample);
      n++;
    }
    assert.equal(n, 20);
  });

  test("setValues and tagging work on views", async () => {
    const view = ds.match({ index: { $gte: 18 } });
    await view.setValues("flag", ["a", "b"]);
    assert.deepEqual(await ds.match({ flag: { $exists: true } }).values("flag"), ["a", "b"]);
    await assert.rejects(() => view.setValues("flag", ["x"]), /got 1 values for 2 samples/);
    await view.tagSamples("late");
    assert.equal(await ds.matchTags("late").count(), 2);
    await view.untagSamples("late");
    assert.equal(await ds.matchTags("late").count(), 0);
  });

  test("a view prints its stages", () => {
    assert.equal(ds.take(5, { seed: 1 }).limit(2).toString(), "views.take(5, { seed: 1 }).limit(2)");
  });
});
