import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { Classification, Dataset, Detection, Detections, ImportFormatError, Sample, imageMetadata } from "../../src/index.js";
import { demoPhotos, tempDir, useTempHome } from "../support/env.js";

useTempHome();
const out = tempDir();

describe("JSON lines", () => {
  test("round-trips ids, tags, labels, vectors, dates and frames", async () => {
    const ds = await Dataset.create("jsonl-src");
    const when = new Date("2026-01-02T03:04:05.000Z");
    await ds.addSamples([
      new Sample({
        filepath: demoPhotos()[0]!,
        tags: ["a"],
        gt: new Detections({ detections: [new Detection({ label: "person", boundingBox: [0.1, 0.1, 0.5, 0.8], confidence: 0.75 })] }),
        cls: new Classification({ label: "indoor", confidence: 0.6, logits: Float32Array.from([1, -2, 0.5]) }),
        embedding: Float32Array.from([0.25, -0.5]),
        when,
        extra: { nested: [1, 2, { k: "v" }] },
      }),
      new Sample({ filepath: "/videos/clip.mp4" }),
    ]);
    const video = (await ds.skip(1).first())!;
    video.frames.merge({ 2: { cls: new Classification({ label: "x" }) } });
    await video.save();

    const file = path.join(out, "export.jsonl");
    assert.equal(await ds.exportJsonl(file), 2);
    const copy = await Dataset.fromJsonl("jsonl-copy", file);
    const [a, b] = await copy.head(2);
    const [origA] = await ds.head(1);
    assert.deepEqual(a!.toJSON(), origA!.toJSON());
    assert.ok(a!.get("embedding") instanceof Float32Array);
    assert.deepEqual((a!.get("when") as Date).toISOString(), when.toISOString());
    assert.deepEqual(Array.from((a!.get("cls") as Classification).logits!), [1, -2, 0.5]);
    assert.equal(b!.mediaType, "video");
    assert.equal(((await b!.frames.get(2))!.cls as Classification).label, "x");
  });

  test("a bad line names the file and line, and leaves no dataset", async () => {
    const file = path.join(out, "bad.jsonl");
    fs.writeFileSync(file, `{"filepath": "a.jpg"}\n{"filepath": "b.jpg", "gt": {"_cls": "Detection", "label": "x", "boundingBox": [0, 0, 2, 1]}}\n`);
    await assert.rejects(
      () => Dataset.fromJsonl("jsonl-bad", file),
      (e: unknown) => e instanceof ImportFormatError && e.message.includes(`${file}:2`) && /boundingBox/.test(e.message),
    );
    assert.equal(await Dataset.exists("jsonl-bad"), false);
    fs.writeFileSync(file, `{"filepath": "a.jpg"}\nnot json\n`);
    await assert.rejects(() => Dataset.fromJsonl("jsonl-bad", file), new RegExp(`${file}:2 is not valid JSON`));
  });
});

describe("COCO", () => {
  test("exports pixel boxes from real photos and imports them back as the same relative boxes", async () => {
    const photos = demoPhotos().slice(0, 3);
    const ds = await Dataset.create("coco-src");
    const boxes: [number, number, number, number][] = [
      [0.1, 0.2, 0.3, 0.4],
      [0.5, 0.5, 0.25, 0.25],
    ];
    await ds.addSamples(
      photos.map(
        (filepath, i) =>
          new Sample({
            filepath,
            pred: new Detections({
              detections: i === 2 ? [] : boxes.map((b, j) => new Detection({ label: j === 0 ? "person" : "face", boundingBox: b, confidence: 0.9 - j / 10 })),
            }),
          }),
      ),
    );
    const file = path.join(out, "coco.json");
    const result = await ds.exportCoco(file, "pred");
    assert.deepEqual(result, { images: 3, annotations: 4, skipped: 0 });
    const coco = JSON.parse(fs.readFileSync(file, "utf8")) as {
      images: { file_name: string; width: number; height: number }[];
      categories: { id: number; name: string }[];
      annotations: { bbox: number[]; category_id: number; score: number }[];
    };
    const meta = await imageMetadata(photos[0]!);
    assert.deepEqual(coco.categories, [
      { id: 1, name: "face" },
      { id: 2, name: "person" },
    ]);
    assert.equal(coco.images[0]!.file_name, "sample1.jpg");
    assert.equal(coco.images[0]!.width, meta.width);
    const round2 = (x: number) => Math.round(x * 100) / 100;
    assert.deepEqual(coco.annotations[0]!.bbox, [round2(0.1 * meta.width), round2(0.2 * meta.height), round2(0.3 * meta.width), round2(0.4 * meta.height)]);
    assert.equal(coco.annotations[0]!.category_id, 2);
    assert.equal(coco.annotations[0]!.score, 0.9);

    const back = await Dataset.fromCoco("coco-back", path.dirname(photos[0]!), file, { labelField: "gt" });
    assert.equal(await back.count(), 3);
    const first = ((await back.first())!.get("gt") as Detections).detections;
    assert.equal(first[0]!.label, "person");
    first[0]!.boundingBox.forEach((v, i) => assert.ok(Math.abs(v - boxes[0]![i]!) < 0.01, `box value ${i}`));
    assert.equal(first[0]!.confidence, 0.9);
    assert.equal(((await back.skip(2).first())!.get("gt") as Detections).detections.length, 0, "an image without annotations has empty Detections");
  });

  test("bad COCO files and missing images are clear errors that create nothing", async () => {
    const dir = path.dirname(demoPhotos()[0]!);
    const file = path.join(out, "bad-coco.json");
    fs.writeFileSync(file, JSON.stringify({ images: [{ id: 1, file_name: "sample1.jpg", width: 10 }], categories: [] }));
    await assert.rejects(() => Dataset.fromCoco("coco-bad", dir, file), /not a COCO detection file: at images\.0\.height/);
    fs.writeFileSync(
      file,
      JSON.stringify({
        images: [
          { id: 1, file_name: "sample1.jpg", width: 10, height: 10 },
          { id: 2, file_name: "missing.jpg", width: 10, height: 10 },
        ],
        annotations: [{ image_id: 1, category_id: 1, bbox: [0, 0, 5, 5] }],
        categories: [{ id: 1, name: "thing" }],
      }),
    );
    await assert.rejects(() => Dataset.fromCoco("coco-bad", dir, file), /1 of 2 images .*\/missing\.jpg.*skipMissingImages/);
    assert.equal(await Dataset.exists("coco-bad"), false);
    const partial = await Dataset.fromCoco("coco-partial", dir, file, { skipMissingImages: true });
    assert.equal(await partial.count(), 1);
    await assert.rejects(() => Dataset.fromCoco("coco-bad", dir, path.join(out, "nope.json")), /does not exist/);
  });
});
