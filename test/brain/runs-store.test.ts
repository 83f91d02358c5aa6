/**
 * Brain runs live in the dataset's own store: the SQLite file, or the PostgreSQL tables
 * (test/dataset/postgres.test.ts imports this file again with MODELZOO_DATABASE_URI set),
 * so another process — on PostgreSQL, one with another MODELZOO_HOME, as another machine
 * would be — sees the runs. Runs kept by older versions in a folder beside the dataset's
 * SQLite file are moved into the store when first read.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import Database from "better-sqlite3";
import { BrainError, Dataset, launchApp, loadVisualization, SimilarityIndex } from "../../src/index.js";
import { datasetFile } from "../../src/dataset/index.js";
import { repoRoot, tempDir, useTempHome } from "../support/env.js";

const home = process.env.MODELZOO_DATABASE_URI ? process.env.MODELZOO_HOME! : useTempHome();
const onPostgres = process.env.MODELZOO_DATABASE_URI !== undefined;
const where = onPostgres ? "PostgreSQL" : "SQLite";

/** Runs `script` (ES module, src imported as "./src/index.ts") in a new process; returns its stdout parsed as JSON. */
function child(script: string, env: Record<string, string>): unknown {
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repoRoot, env: { ...process.env, ...env }, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

/** 12 vectors in 3 tight groups of 4 (2-D directions), so the nearest neighbours are known. */
const vectors = Array.from({ length: 12 }, (_, i) => {
  const a = (Math.floor(i / 4) * 2 * Math.PI) / 3 + (i % 4) * 0.01;
  return [Math.cos(a), Math.sin(a), 0.1 * (i % 4)];
});

describe(`brain runs stored in the dataset's store (${where})`, () => {
  test("another process (on PostgreSQL: with another home folder, as another machine) lists and queries them; deleting the dataset deletes them", async () => {
    const name = `runs-store-${onPostgres ? "pg" : "sqlite"}`;
    const ds = await Dataset.create(name, { persistent: true });
    const ids = await ds.addSamples(vectors.map((e, i) => ({ filepath: `/img/${i}.jpg`, e })));
    await ds.computeSimilarity({ embeddings: "e", brainKey: "sim_usearch", backend: "usearch" });
    await ds.computeSimilarity({ embeddings: "e", brainKey: "sim_exact", backend: "exact" });
    await ds.computeVisualization({ embeddings: "e", brainKey: "map", method: "pca" });
    await ds.computeUniqueness({ embeddings: "e" });
    assert.equal(fs.existsSync(`${datasetFile(name)}.brain`), false, "no folder beside the dataset");
    const near = await (await ds.sortBySimilarity(ids[5]!, { k: 4, brainKey: "sim_usearch" })).ids();
    assert.deepEqual(new Set(near), new Set(ids.slice(4, 8)), "the query's group");
    const points = (await loadVisualization(ds, "map")).points;

    const script = `
      import { Dataset, loadVisualization } from "./src/index.ts";
      const ds = await Dataset.load(${JSON.stringify(name)});
      const runs = (await ds.listBrainRuns()).map((r) => r.key + ":" + r.method);
      const near = await (await ds.sortBySimilarity(${JSON.stringify(ids[5])}, { k: 4, brainKey: "sim_usearch" })).ids();
      const exact = await (await ds.sortBySimilarity(${JSON.stringify(ids[0])}, { k: 4, brainKey: "sim_exact" })).ids();
      const points = (await loadVisualization(ds, "map")).points;
      // The other process deletes a sample: the index follows, and this process sees it.
      await ds.deleteSamples([${JSON.stringify(ids[4])}]);
      await ds.sortBySimilarity(${JSON.stringify(ids[5])}, { k: 4, brainKey: "sim_usearch" });
      await ds.close();
      console.log(JSON.stringify({ runs, near, exact, points }));
    `;
    const other = onPostgres ? tempDir() : home;
    const seen = child(script, { MODELZOO_HOME: other }) as { runs: string[]; near: string[]; exact: string[]; points: number[][] };
    assert.deepEqual(seen.runs, ["map:visualization", "sim_exact:similarity", "sim_usearch:similarity", "uniqueness:uniqueness"]);
    assert.deepEqual(seen.near, near);
    assert.deepEqual(new Set(seen.exact), new Set(ids.slice(0, 4)));
    assert.deepEqual(seen.points, points.map((p) => [...p]));
    if (onPostgres) {
      const kept = fs.existsSync(path.join(other, "datasets")) ? fs.readdirSync(path.join(other, "datasets")) : [];
      assert.deepEqual(kept, [], "nothing kept on the other machine");
    }

    const index = (await ds.loadBrainResults("sim_usearch")) as SimilarityIndex;
    assert.ok(index instanceof SimilarityIndex);
    assert.equal(index.size, 11, "the other process's deletion reached the stored index");
    assert.equal(index.has(ids[4]!), false);

    await ds.deleteBrainRun("sim_exact");
    await assert.rejects(ds.sortBySimilarity(ids[0]!, { brainKey: "sim_exact" }), (e: Error) => e instanceof BrainError && /no similarity run "sim_exact"/.test(e.message));
    await ds.delete();
    const again = await Dataset.create(name);
    assert.deepEqual(await again.listBrainRuns(), [], "a new dataset of the same name starts without runs");
    await again.delete();
  });
});

describe(`brain runs of a dataset loaded with { databaseUri } (${where})`, () => {
  test("the index follows the dataset it was built on, not the database the environment names", { skip: !onPostgres && "PostgreSQL only" }, async () => {
    const newDatabase = (globalThis as { modelzooTestNewDatabase?: () => Promise<string> }).modelzooTestNewDatabase!;
    const databaseUri = await newDatabase();
    const ds = await Dataset.create("runs-elsewhere", { databaseUri });
    const ids = await ds.addSamples(vectors.map((e, i) => ({ filepath: `/img/${i}.jpg`, e })));
    await ds.computeSimilarity({ embeddings: "e", brainKey: "sim" });
    await ds.deleteSamples([ids[1]!]);
    assert.deepEqual(new Set(await (await ds.sortBySimilarity(ids[0]!, { k: 3 })).ids()), new Set([ids[0], ids[2], ids[3]]));
    assert.ok(!(await Dataset.list()).includes("runs-elsewhere"), "not in the environment's database");
    // The App shows the dataset it was given, not one looked up by name in the environment's database.
    const session = await launchApp(ds.exists("e"), { port: 0 });
    try {
      const view = (await (await fetch(`${session.url}api/view`)).json()) as { dataset: string; count: number };
      assert.deepEqual([view.dataset, view.count], ["runs-elsewhere", vectors.length - 1]);
    } finally {
      await session.close();
    }
    await ds.delete();
  });
});

describe("runs kept by older versions in a folder beside the dataset", () => {
  test("are moved into the store when first read (and the folder deleted); an old SQLite file gains the run tables", async () => {
    const name = `legacy-runs-${onPostgres ? "pg" : "sqlite"}`;
    const ds = await Dataset.create(name, { persistent: true });
    const ids = await ds.addSamples(vectors.slice(0, 4).map((e, i) => ({ filepath: `/img/${i}.jpg`, e })));
    if (!onPostgres) {
      // Make the file look like format 1: no run tables.
      await ds.close();
      const db = new Database(datasetFile(name));
      db.exec("DROP TABLE run_parts; DROP TABLE runs; PRAGMA user_version = 1;");
      db.close();
    }
    // The layout of the folder as the previous version wrote it.
    const dir = `${datasetFile(name)}.brain`;
    fs.mkdirSync(dir, { recursive: true });
    const t = "2026-01-01T00:00:00.000Z";
    const unit = vectors.slice(0, 4).map((v) => v.map((x) => x / Math.hypot(...v)));
    fs.writeFileSync(
      path.join(dir, "runs.json"),
      JSON.stringify({
        old_sim: { key: "old_sim", method: "similarity", timestamp: t, config: { backend: "exact", dim: 3, metric: "cosine", count: 4, embeddingsField: "e", promptModel: false } },
        old_map: { key: "old_map", method: "visualization", timestamp: t, config: { method: "pca", count: 4 } },
        old_graph: { key: "old_graph", method: "similarity", timestamp: t, config: { backend: "usearch", dim: 3, metric: "cosine", count: 4, embeddingsField: "e", promptModel: false } },
      }),
    );
    // A usearch graph as the previous version built it: cosine metric.
    const usearch = await import("usearch");
    const graph = new usearch.Index({ dimensions: 3, metric: usearch.MetricKind.Cos, quantization: usearch.ScalarKind.F32, connectivity: 16, expansion_add: 128, expansion_search: 128, multi: false });
    graph.add(BigUint64Array.from([0n, 1n, 2n, 3n]), Float32Array.from(unit.flat()));
    graph.save(path.join(dir, "old_graph.usearch"));
    fs.writeFileSync(path.join(dir, "old_graph.vectors.f32"), Buffer.from(Float32Array.from(unit.flat()).buffer));
    fs.writeFileSync(path.join(dir, "old_graph.ids.json"), JSON.stringify({ ids, keys: [0, 1, 2, 3], nextKey: 4, known: ids }));
    fs.writeFileSync(path.join(dir, "old_sim.vectors.f32"), Buffer.from(Float32Array.from(unit.flat()).buffer));
    fs.writeFileSync(path.join(dir, "old_sim.ids.json"), JSON.stringify({ ids, keys: [0, 1, 2, 3], nextKey: 4, known: ids }));
    fs.writeFileSync(path.join(dir, "old_map.points.json"), JSON.stringify({ ids, points: [[0, 1], [2, 3], [4, 5], [6, 7]] }));

    const reopened = onPostgres ? ds : await Dataset.load(name);
    assert.deepEqual((await reopened.listBrainRuns()).map((r) => `${r.key}:${r.timestamp}`), [`old_graph:${t}`, `old_map:${t}`, `old_sim:${t}`]);
    assert.equal(fs.existsSync(dir), false, "the folder is gone once its runs are in the store");
    assert.deepEqual((await loadVisualization(reopened, "old_map")).points, [[0, 1], [2, 3], [4, 5], [6, 7]]);
    assert.deepEqual(await (await reopened.sortBySimilarity(ids[2]!, { brainKey: "old_sim", k: 2 })).ids(), [ids[2], ids[3]]);
    // The old cosine graph answers through the graph (the whole dataset, k below its size) with the same neighbours.
    const fromGraph = ((await reopened.loadBrainResults("old_graph")) as SimilarityIndex).query(vectors[2]!, 2);
    assert.deepEqual(fromGraph.map((m) => m.id), [ids[2], ids[3]]);
    assert.ok(Math.abs(fromGraph[0]!.score - 1) < 1e-5, "cosine distances read as similarities");
    if (!onPostgres) {
      const db = new Database(datasetFile(name), { readonly: true });
      assert.equal(db.pragma("user_version", { simple: true }), 2);
      assert.equal((db.prepare("SELECT count(*) AS n FROM run_parts").get() as { n: number }).n, 6);
      db.close();
    }
    await reopened.delete();
  });
});
