import assert from "node:assert/strict";
import { describe, test } from "node:test";
import Database from "better-sqlite3";
import { Dataset } from "../../src/index.js";
import { datasetsDir } from "../../src/dataset/index.js";
import { startChild, killHard } from "../support/child.js";
import { useTempHome } from "../support/env.js";

const home = useTempHome();
const BATCH = 50;

/** A writer that adds batches of samples (each with a label and a vector) until it is killed. */
const writer = `
  import { Dataset, Sample, Classification } from "./src/index.ts";
  const ds = await Dataset.create("crash", { persistent: true });
  for (let b = 0; ; b++) {
    const batch = [];
    for (let i = 0; i < ${BATCH}; i++) {
      batch.push(new Sample({
        filepath: "/img/" + b + "-" + i + ".jpg",
        batch: b,
        label: new Classification({ label: "c" + i, confidence: 0.5 }),
        embedding: new Float32Array(256).fill(b),
      }));
    }
    await ds.addSamples(batch);
    if (b === 3) console.log("written");
  }
`;

describe("crash safety", () => {
  test("a writer killed mid-run leaves every committed batch and no partial one; readers work meanwhile", async () => {
    const child = await startChild(writer, home, "written");

    // Another process (this one) reads while the writer writes: WAL lets it.
    const reader = await Dataset.load("crash");
    const counts: number[] = [];
    for (let i = 0; i < 5; i++) {
      counts.push(await reader.count());
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(counts.every((n) => n % BATCH === 0), `readers only ever see whole batches: ${counts.join(", ")}`);
    assert.ok(counts[counts.length - 1]! >= counts[0]!);

    await killHard(child);

    const db = new Database(`${datasetsDir()}/crash.sqlite`, { readonly: true });
    assert.equal(db.pragma("integrity_check", { simple: true }), "ok");
    db.close();

    const n = await reader.count();
    assert.ok(n >= 4 * BATCH, `at least the batches reported written are there (${n})`);
    assert.equal(n % BATCH, 0, `no partial batch (${n} samples)`);
    const batches = (await reader.countValues("batch")) as Map<number, number>;
    for (const [, count] of batches) assert.equal(count, BATCH);
    // Every stored sample is whole: its label and its vector were committed with it.
    assert.equal(await reader.exists("label").count(), n);
    const vectors = (await reader.values("embedding")) as Float32Array[];
    assert.ok(vectors.every((v, i) => v.length === 256 && v[0] === Math.floor(i / BATCH)));
  });
});
