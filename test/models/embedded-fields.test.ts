import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import sharp from "sharp";
import { Classification, Dataset, FieldTypeError, Sample } from "../../src/index.js";
import { BrightnessModel } from "../support/brightness-model.js";
import { tempDir, useTempHome } from "../support/env.js";

useTempHome();
const dir = tempDir("modelzoo-embedded-");

async function image(name: string, value: number): Promise<string> {
  const file = path.join(dir, name);
  await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: value, g: value, b: value } } }).png().toFile(file);
  return file;
}

describe("label fields as FiftyOne names them", () => {
  test('an embedded document field ("data.pred") is merged into the dict field, keeping its other keys', async () => {
    const ds = await Dataset.create("embedded");
    await ds.addSamples([
      new Sample({ filepath: await image("white.png", 250), data: { source: "camera-1", nested: { keep: true } } }),
      new Sample({ filepath: await image("black.png", 5) }),
    ]);
    const r = await ds.applyModel(new BrightnessModel(), { labelField: "data.pred" });
    assert.equal(r.processed, 2);
    const data = (await ds.values("data")) as Record<string, unknown>[];
    assert.equal(data[0]!.source, "camera-1");
    assert.deepEqual(data[0]!.nested, { keep: true });
    assert.ok(data[0]!.pred instanceof Classification);
    assert.deepEqual(await ds.values("data.pred.label"), ["bright", "dark"]);
    // Deeper paths make the dicts on the way; skipExisting reads the path.
    await ds.applyModel(new BrightnessModel(), { labelField: "data.nested.pred" });
    assert.deepEqual(await ds.values("data.nested.pred.label"), ["bright", "dark"]);
    assert.equal(((await ds.values("data")) as Record<string, Record<string, unknown>>[])[0]!.nested!.keep, true);
    const again = await ds.applyModel(new BrightnessModel(), { labelField: "data.pred", skipExisting: true });
    assert.deepEqual([again.processed, again.skipped], [0, 2]);

    // A path through a label (or any value that is not a dict) is refused with the field named.
    await assert.rejects(ds.applyModel(new BrightnessModel(), { labelField: "data.pred.inner", skipFailures: false }), (e: unknown) => /data\.pred\.inner/.test(String(e)) && /not an embedded document/.test(String(e)));
    await assert.rejects(ds.applyModel(new BrightnessModel(), { labelField: "frames.pred" }), (e: unknown) => e instanceof FieldTypeError && /frame-level field/.test(e.message) && /2 image sample/.test(e.message));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
