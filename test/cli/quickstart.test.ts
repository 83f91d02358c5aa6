import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, test } from "node:test";
import { Dataset, type Detections } from "../../src/index.js";
import { runCli } from "../support/cli.js";
import { repoRoot, useTempHome } from "../support/env.js";

const home = useTempHome();

describe("modelzoo quickstart (the README's main job)", () => {
  test("loads the quickstart dataset, applies a zoo detector, and prints what it found and where it lives", async () => {
    const r = runCli(["quickstart"], home);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Dataset "quickstart": 6 samples/);
    assert.match(r.stdout, /Model centernet-coco-tfjs: downloading \(4\.\d MB\)/);
    assert.match(r.stdout, /Applied centernet-coco-tfjs to 6 samples/);
    assert.match(r.stdout, new RegExp(`The dataset lives in ${escape(path.join(home, "datasets"))}`));
    assert.match(r.stdout, new RegExp(`The model lives in ${escape(path.join(home, "models", "centernet-coco-tfjs"))}`));
    assert.match(r.stdout, /npx modelzoo app quickstart/);

    // What it printed is what the dataset holds.
    const ds = await Dataset.load("quickstart");
    const counts = await ds.countValues("predictions.detections.label");
    const printedPeople = Number(/^person\s+(\d+)$/m.exec(r.stdout)?.[1]);
    assert.equal(printedPeople, counts.get("person"));
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    assert.match(r.stdout, new RegExp(`Found ${total} objects of ${counts.size} classes`));
    for (const s of await ds.head(6)) {
      const preds = s.get("predictions") as Detections;
      assert.ok(preds.detections.every((d) => d.confidence! >= 0.3), "the default threshold was applied");
    }
    // On these photos of groups of people, the detector finds most of the 22 hand-drawn people.
    const [, precision, recall] = /person precision ([\d.]+), recall ([\d.]+) \(22 people\)/.exec(r.stdout) ?? [];
    assert.ok(Number(precision) >= 0.8 && Number(recall) >= 0.6, r.stdout);
    await ds.close();

    const again = runCli(["quickstart"], home);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /Model centernet-coco-tfjs: already downloaded\./);
  });

  test("bad flags and unknown models are one-line errors with the right exit code", () => {
    const typo = runCli(["quickstart", "--model", "centernet-coco"], home);
    assert.equal(typo.code, 1);
    assert.match(typo.stderr, /centernet-coco-tfjs/, "did you mean");
    const thresh = runCli(["quickstart", "--confidence-thresh", "2"], home);
    assert.equal(thresh.code, 2);
    assert.match(thresh.stderr, /--confidence-thresh takes a number from 0 to 1; got "2"/);
  });

  test("--app serves the dataset with its predictions until interrupted", async () => {
    const child = spawn(process.execPath, [path.join(repoRoot, "bin", "modelzoo.js"), "quickstart", "--app", "--port", "0"], {
      env: { ...process.env, MODELZOO_HOME: home, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /App for dataset "quickstart" at (http:\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on("exit", (code) => reject(new Error(`exited (${code}) before serving:\n${out}`)));
    });
    const view: unknown = await (await fetch(new URL("api/view", url))).json();
    assert.match(JSON.stringify(view), /"predictions"/);
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.kill("SIGINT");
    assert.equal(await exited, 0);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
