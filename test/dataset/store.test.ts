import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import Database from "better-sqlite3";
import { Classification, DatasetFileError, Detection, Detections, FieldTypeError } from "../../src/index.js";
import { SqliteStore, type StoredSample } from "../../src/dataset/index.js";
import { tempDir } from "../support/env.js";

const dir = tempDir();
let n = 0;
const newStore = () =>
  SqliteStore.create(path.join(dir, `s${n++}.sqlite`), { name: "t", persistent: true, createdAt: new Date().toISOString(), ownerPid: null, info: {} });
const sample = (i: number, fields: Record<string, unknown> = {}): StoredSample => ({
  id: (i + 1).toString(16).padStart(24, "0"),
  filepath: `/img/${i}.jpg`,
  mediaType: "image",
  tags: [],
  metadata: null,
  fields,
});

describe("SqliteStore", () => {
  test("a batch whose last sample is refused stores nothing", async () => {
    const store = newStore();
    await store.insertSamples([sample(0, { label: new Classification({ label: "a" }) })]);
    const bad = [sample(1, { label: new Classification({ label: "b" }) }), sample(2, { label: new Detections() })];
    await assert.rejects(() => store.insertSamples(bad), FieldTypeError);
    assert.equal(await store.count(), 1);
    assert.deepEqual((await store.getSchema()).map((e) => e.type), ["Classification"]);
    await assert.rejects(
      () => store.updateSamples([{ id: sample(0).id, set: { x: 1 } }, { id: "f".repeat(24), set: { x: 2 } }]),
      /was it deleted\?/,
    );
    assert.equal((await store.readValues("x")).size, 0, "the first update of the failed transaction was rolled back");
  });

  test("values come back revived, or raw for filters; vectors survive unaligned storage", async () => {
    const store = newStore();
    const det = new Detection({ label: "cat", boundingBox: [0, 0, 1, 1] });
    const vectors = [Float32Array.from([1.5]), Float32Array.from([1, 2, 3]), new Float32Array(0)];
    await store.insertSamples(vectors.map((v, i) => sample(i, { v, det })));
    const revived = await store.readValues("det");
    assert.ok([...revived.values()].every((d) => d instanceof Detection));
    const raw = await store.readValues("det", undefined, true);
    assert.deepEqual([...raw.values()][0], det.toJSON());
    const back = [...(await store.readValues("v")).values()] as Float32Array[];
    assert.deepEqual(back.map((v) => Array.from(v)), vectors.map((v) => Array.from(v)));
    const some = await store.readSamples([sample(2).id, sample(0).id, "0".repeat(24)], ["v"]);
    assert.deepEqual(some.map((s) => Object.keys(s.fields)), [["v"], ["v"]], "order of ids kept, projection applied, unknown ids skipped");
    assert.equal(some[0]!.id, sample(2).id);
  });

  test("deleting samples removes their fields and frames", async () => {
    const store = newStore();
    await store.insertSamples([sample(0, { a: 1 }), { ...sample(1), mediaType: "video", frames: new Map([[1, { a: 2 }]]) }]);
    assert.equal((await store.countFrames()).get(sample(1).id), 1);
    await store.deleteSamples([sample(1).id]);
    assert.equal((await store.countFrames()).size, 0);
    await store.deleteField("a", false);
    assert.equal((await store.readValues("a")).size, 0);
    assert.deepEqual(await store.getSchema(), [{ name: "a", type: "int", frame: true }]);
  });

  test("files that are not datasets, or from a newer version, are refused with the fix", () => {
    const junk = path.join(dir, "junk.sqlite");
    fs.writeFileSync(junk, "definitely not sqlite ".repeat(100));
    assert.throws(() => SqliteStore.open(junk), (e: unknown) => e instanceof DatasetFileError && e.message.includes(junk) && /delete the dataset/.test(e.message));
    const newer = path.join(dir, "newer.sqlite");
    newStore().closeSync();
    fs.copyFileSync(path.join(dir, `s${n - 1}.sqlite`), newer);
    const db = new Database(newer);
    db.pragma("user_version = 99");
    db.close();
    assert.throws(() => SqliteStore.open(newer), /newer modelzoo.*Upgrade modelzoo/);
  });
});
