import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import Database from "better-sqlite3";
import {
  Classification,
  DatasetFileError,
  Detection,
  Detections,
  FieldTypeError,
  PostgresStore,
  SqliteStore,
  type DatasetRecord,
  type DatasetStore,
  type StoredSample,
} from "../../src/index.js";
import { tempDir } from "../support/env.js";
import { usePostgres } from "../support/postgres.js";

const dir = tempDir();
let n = 0;
const record = (): DatasetRecord => ({ name: `t${n++}`, persistent: true, createdAt: new Date().toISOString(), ownerPid: null, info: {} });
const sqliteStore = () => Promise.resolve(SqliteStore.create(path.join(dir, `s${n}.sqlite`), record()));
const postgres = usePostgres();
const postgresStore = async () => (await PostgresStore.create((await postgres()).uri, record()))!;
const sample = (i: number, fields: Record<string, unknown> = {}): StoredSample => ({
  id: (i + 1).toString(16).padStart(24, "0"),
  filepath: `/img/${i}.jpg`,
  mediaType: "image",
  tags: [],
  metadata: null,
  fields,
});

/** The cases every store must pass, run on SQLite and on PostgreSQL. */
function storeSuite(newStore: () => Promise<DatasetStore>): void {
  test("a batch whose last sample is refused stores nothing", async () => {
    const store = await newStore();
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
    const store = await newStore();
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
    const store = await newStore();
    await store.insertSamples([sample(0, { a: 1 }), { ...sample(1), mediaType: "video", frames: new Map([[1, { a: 2 }]]) }]);
    assert.equal((await store.countFrames()).get(sample(1).id), 1);
    await store.deleteSamples([sample(1).id]);
    assert.equal((await store.countFrames()).size, 0);
    await store.deleteField("a", false);
    assert.equal((await store.readValues("a")).size, 0);
    assert.deepEqual(await store.getSchema(), [{ name: "a", type: "int", frame: true }]);
  });

  test("one update batch: fields set and unset, tags, metadata, filepath and frames; the last write wins", async () => {
    const store = await newStore();
    const det = new Detections({ detections: [new Detection({ label: "dog", boundingBox: [0.1, 0.2, 0.3, 0.4], confidence: 0.9 })] });
    await store.insertSamples([sample(0), sample(1), { ...sample(2), mediaType: "video" }]);
    await store.updateSamples([
      { id: sample(0).id, set: { x: 1, y: "a" }, tags: ["t"] },
      { id: sample(1).id, set: { x: 2.5, nested: { a: [1, { b: null }] } }, metadata: { width: 3, height: 4 } },
      { id: sample(0).id, unset: ["y"], filepath: "/new.jpg", set: { x: 7 } },
      { id: sample(2).id, frames: new Map([[2, { d: det }], [1, { d: null, n: 3 }]]) },
    ]);
    const [s0, s1] = await store.readSamples([sample(0).id, sample(1).id]);
    assert.deepEqual(s0!.fields, { x: 7 });
    assert.deepEqual(s0!.tags, ["t"]);
    assert.equal(s0!.filepath, "/new.jpg");
    assert.deepEqual(s1!.fields, { x: 2.5, nested: { a: [1, { b: null }] } });
    assert.deepEqual(s1!.metadata, { width: 3, height: 4 });
    assert.deepEqual(
      (await store.getSchema()).map((e) => [e.name, e.type, e.frame]),
      [["x", "float", false], ["y", "string", false], ["nested", "dict", false], ["d", "Detections", true], ["n", "int", true]],
    );
    const frames = await store.readFrames(sample(2).id);
    assert.deepEqual([...frames.keys()], [1, 2]);
    assert.deepEqual(frames.get(1), { d: null, n: 3 });
    assert.deepEqual((frames.get(2)!.d as Detections).toJSON(), det.toJSON());
    assert.deepEqual([...(await store.readFrames(sample(2).id, ["n"])).entries()], [[1, { n: 3 }]]);
    assert.deepEqual((await store.countFrames([sample(2).id])).get(sample(2).id), 2);
    assert.deepEqual([...(await store.readValues("tags", [sample(0).id])).entries()], [[sample(0).id, ["t"]]]);
    assert.deepEqual([...(await store.readValues("x", [sample(1).id, sample(0).id])).values()].sort(), [2.5, 7]);
    assert.deepEqual(await store.listIds(), [0, 1, 2].map((i) => sample(i).id));
    await store.updateRecord({ info: { classes: ["a"] }, persistent: false });
    const rec = await store.getRecord();
    assert.deepEqual([rec.info, rec.persistent], [{ classes: ["a"] }, false]);
    await store.close();
  });

  test("concurrent writers each land whole, and the schema sees every field", async () => {
    const store = await newStore();
    await store.insertSamples(Array.from({ length: 50 }, (_, i) => sample(i)));
    const ids = await store.listIds();
    await Promise.all(
      Array.from({ length: 8 }, (_, w) => store.updateSamples(ids.map((id, i) => ({ id, set: { [`w${w}`]: new Classification({ label: `${w}-${i}` }) } })))),
    );
    assert.equal((await store.getSchema()).length, 8);
    for (let w = 0; w < 8; w++) {
      const values = await store.readValues(`w${w}`);
      assert.equal(values.size, 50);
      assert.equal((values.get(ids[49]!) as Classification).label, `${w}-49`);
    }
    await store.close();
  });
}

describe("SqliteStore", () => {
  storeSuite(sqliteStore);

  test("files that are not datasets, or from a newer version, are refused with the fix", async () => {
    const junk = path.join(dir, "junk.sqlite");
    fs.writeFileSync(junk, "definitely not sqlite ".repeat(100));
    assert.throws(() => SqliteStore.open(junk), (e: unknown) => e instanceof DatasetFileError && e.message.includes(junk) && /delete the dataset/.test(e.message));
    const newer = path.join(dir, "newer.sqlite");
    (await sqliteStore()).closeSync();
    fs.copyFileSync(path.join(dir, `s${n - 1}.sqlite`), newer);
    const db = new Database(newer);
    db.pragma("user_version = 99");
    db.close();
    assert.throws(() => SqliteStore.open(newer), /newer modelzoo.*Upgrade modelzoo/);
  });
});

describe("PostgresStore", () => {
  storeSuite(postgresStore);

  test("write-once updates land once per sample and key, even when two writers race", async () => {
    const store = await postgresStore();
    await store.insertSamples([0, 1, 2].map((i) => sample(i)));
    const ids = [0, 1, 2].map((i) => sample(i).id);
    await store.updateSamples([{ id: ids[0]!, set: { p: "first" }, once: "run" }]);
    await Promise.all(["a", "b"].map((w) => store.updateSamples(ids.map((id) => ({ id, set: { p: w }, once: "run" })))));
    const values = await store.readValues("p");
    assert.equal(values.get(ids[0]!), "first", "recorded before: the later writes were dropped");
    assert.equal(values.get(ids[1]!), values.get(ids[2]!), "one of the racing batches won, whole");
    assert.equal(await store.countApplied("run"), 3);
    assert.deepEqual(await store.appliedIds("run", [ids[1]!, "f".repeat(24)]), new Set([ids[1]!]));
    await store.updateSamples([{ id: ids[0]!, set: { p: "other key" }, once: "run2" }]);
    assert.equal((await store.readValues("p")).get(ids[0]!), "other key");
    await store.forgetApplied("run");
    assert.equal(await store.countApplied("run"), 0);
    await assert.rejects(() => sqliteStore().then((s) => s.updateSamples([{ id: "x", once: "k" }])), /need a PostgreSQL store/);
  });
});
