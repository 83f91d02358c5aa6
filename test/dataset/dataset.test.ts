import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { Dataset, DatasetExistsError, DatasetNotFoundError, InvalidNameError } from "../../src/index.js";
import { datasetsDir } from "../../src/dataset/index.js";
import { demoPhotos, repoRoot, useTempHome } from "../support/env.js";

const home = useTempHome();

describe("Dataset lifecycle", () => {
  test("create, list, load, delete", async () => {
    const ds = await Dataset.create("life", { persistent: true });
    assert.equal(ds.name, "life");
    assert.equal(ds.persistent, true);
    assert.ok(fs.existsSync(path.join(home, "datasets", "life.sqlite")));
    assert.ok((await Dataset.list()).includes("life"));
    assert.equal(await Dataset.load("life"), ds, "loading an open dataset gives the same object");
    await ds.addImages(demoPhotos());
    assert.equal(await ds.count(), 6);
    await Dataset.delete("life");
    assert.ok(!(await Dataset.list()).includes("life"));
    await assert.rejects(() => ds.count(), /was deleted or closed/);
  });

  test("a closed persistent dataset loads again with its samples", async () => {
    const ds = await Dataset.create("reopen", { persistent: true });
    await ds.addImages(demoPhotos().slice(0, 2), { tags: ["demo"] });
    await ds.close();
    const again = await Dataset.load("reopen");
    assert.notEqual(again, ds);
    assert.equal(await again.count(), 2);
    assert.deepEqual(await again.distinct("tags"), ["demo"]);
  });

  test("name errors say what to do", async () => {
    await Dataset.create("taken", { persistent: true });
    await assert.rejects(() => Dataset.create("taken"), (e: unknown) => e instanceof DatasetExistsError && /overwrite: true/.test(e.message));
    const replaced = await Dataset.create("taken", { overwrite: true, persistent: true });
    assert.equal(await replaced.count(), 0);
    await assert.rejects(
      () => Dataset.load("takn"),
      (e: unknown) => e instanceof DatasetNotFoundError && /Did you mean "taken"/.test(e.message) && /datasets list/.test(e.message),
    );
    await assert.rejects(() => Dataset.create("../evil"), InvalidNameError);
    await assert.rejects(() => Dataset.create(""), InvalidNameError);
  });

  test("fromDir picks up images sorted by path, recursively", async () => {
    const dir = fs.mkdtempSync(path.join(home, "imgs-"));
    const photos = demoPhotos();
    fs.copyFileSync(photos[0]!, path.join(dir, "b.jpg"));
    fs.mkdirSync(path.join(dir, "sub"));
    fs.copyFileSync(photos[1]!, path.join(dir, "sub", "a.JPG"));
    fs.writeFileSync(path.join(dir, "notes.txt"), "not an image");
    fs.mkdirSync(path.join(dir, ".hidden"));
    fs.copyFileSync(photos[2]!, path.join(dir, ".hidden", "c.jpg"));
    const ds = await Dataset.fromDir("fromdir", dir);
    assert.deepEqual(await ds.values("filepath"), [path.join(dir, "b.jpg"), path.join(dir, "sub", "a.JPG")]);
    const flat = await Dataset.fromDir("fromdir-flat", dir, { recursive: false });
    assert.deepEqual(await flat.values("filepath"), [path.join(dir, "b.jpg")]);
    await assert.rejects(() => Dataset.fromDir("nodir", path.join(dir, "missing")), /does not exist/);
    assert.equal(await Dataset.exists("nodir"), false, "a bad folder creates no dataset");
  });

  test("computeMetadata reads sizes from headers and reports unreadable files", async () => {
    const dir = fs.mkdtempSync(path.join(home, "meta-"));
    fs.copyFileSync(demoPhotos()[0]!, path.join(dir, "good.jpg"));
    fs.writeFileSync(path.join(dir, "bad.jpg"), "this is text, not a JPEG");
    const ds = await Dataset.fromDir("meta", dir);
    const result = await ds.computeMetadata();
    assert.equal(result.computed, 1);
    assert.equal(result.failures.length, 1);
    assert.match(result.failures[0]!.error, /bad\.jpg/);
    const good = (await ds.match({ filepath: path.join(dir, "good.jpg") }).first())!;
    assert.equal(good.metadata?.mimeType, "image/jpeg");
    assert.ok((good.metadata?.width as number) > 100);
    assert.equal(good.metadata?.sizeBytes, fs.statSync(demoPhotos()[0]!).size);
    const again = await ds.computeMetadata();
    assert.equal(again.skipped, 1, "existing metadata is kept without overwrite");
    await assert.rejects(() => ds.computeMetadata({ skipFailures: false }), /bad\.jpg/);
  });

  test("non-persistent datasets are deleted when their process exits; orphans of killed processes are cleaned up", () => {
    const script = `
      import { Dataset } from "./src/index.ts";
      const kind = process.env.KIND;
      const ds = await Dataset.create("temp-" + kind);
      await ds.addImages(["a.jpg"]);
      const keep = await Dataset.create("kept-" + kind, { persistent: true });
      if (kind === "killed") process.kill(process.pid, "SIGKILL");
    `;
    for (const kind of ["clean", "killed"]) {
      const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        cwd: repoRoot,
        env: { ...process.env, MODELZOO_HOME: home, KIND: kind },
        encoding: "utf8",
      });
      assert.equal(r.status ?? r.signal, kind === "clean" ? 0 : "SIGKILL", r.stderr);
    }
    const files = fs.readdirSync(datasetsDir());
    assert.ok(!files.includes("temp-clean.sqlite"), "deleted at a normal exit");
    assert.ok(files.includes("kept-clean.sqlite"));
    assert.ok(files.includes("temp-killed.sqlite"), "a killed process cannot clean up");
    // Another process that opens this process's temporary dataset must not delete it.
    return Dataset.create("mine").then(async (mine) => {
      await mine.addImages(["/x/a.jpg"]);
      const peek = `import { Dataset } from "./src/index.ts"; console.log(await (await Dataset.load("mine")).count());`;
      const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", peek], {
        cwd: repoRoot,
        env: { ...process.env, MODELZOO_HOME: home },
        encoding: "utf8",
      });
      assert.equal(r.stdout.trim(), "1", r.stderr);
      assert.ok(fs.existsSync(path.join(datasetsDir(), "mine.sqlite")), "still there after the other process exited");
      const names = await Dataset.list();
      assert.ok(!names.includes("temp-killed"), "the orphan is removed by the next listing");
      assert.ok(names.includes("kept-killed"));
      assert.ok(names.includes("mine"), "a live process's temporary dataset is not an orphan");
    });
  });
});
