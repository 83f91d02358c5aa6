import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { DatasetNotFoundError, ManifestError, ModelzooError, ProcessorOutputError, RequirementsError, zoo, type ZooModelEntry } from "../../src/index.js";
import { parseManifest } from "../../src/zoo/index.js";
import { httpStatusOf } from "../../src/app/errors.js";
import { runNpmInstall } from "../../src/zoo/models/requirements.js";
import { unsafePathReason } from "../../src/zoo/models/safe-specs.js";
import { tempDir, useTempHome } from "../support/env.js";

useTempHome();

const repoRoot = path.resolve(import.meta.dirname, "..", "..");

/** A copy of a built-in entry as manifest JSON, changed by `edit`. */
function manifestWith(edit: (entry: ZooModelEntry) => void, model = "centernet-coco-tfjs"): unknown {
  const entry = structuredClone(zoo.getZooModel(model));
  entry.name = "edited-coco-tfjs";
  edit(entry);
  return { models: [entry] };
}

function rejects(json: unknown, pattern: RegExp): void {
  assert.throws(() => parseManifest(json, "test"), (e: unknown) => e instanceof ManifestError && /edited-coco-tfjs/.test(e.message) && pattern.test(e.message));
}

describe("manifest paths stay inside the model's folder", () => {
  test("a file path with .., an absolute path or a backslash is refused, naming the entry and the field", () => {
    rejects(manifestWith((e) => (e.source.files[0]!.path = "../../.bashrc")), /source\.files\.0\.path.*leaves the model's folder/);
    rejects(manifestWith((e) => (e.source.files[0]!.path = "a/../../b.bin")), /not normalized/);
    rejects(manifestWith((e) => (e.source.files[0]!.path = "/etc/passwd")), /is absolute/);
    rejects(manifestWith((e) => (e.source.files[0]!.path = "C:/Windows/x.bin")), /is absolute/);
    rejects(manifestWith((e) => (e.source.files[0]!.path = "weights\\..\\..\\x.bin")), /backslash/);
    rejects(manifestWith((e) => (e.modelFile = "../other/model.json")), /modelFile.*leaves the model's folder/);
  });

  test("ordinary relative paths pass", () => {
    assert.equal(unsafePathReason("models/centernet.json"), undefined);
    assert.equal(unsafePathReason("a.bin"), undefined);
    assert.match(unsafePathReason("./a.bin")!, /not normalized/);
    assert.match(unsafePathReason("..")!, /leaves/);
    assert.doesNotThrow(() => parseManifest(manifestWith(() => {}), "test"));
  });
});

describe("package specs follow npm's rules", () => {
  test("requirement names and ranges that are not registry specs are refused", () => {
    rejects(manifestWith((e) => (e.requirements.packages["x; rm -rf ~"] = "^1.0.0")), /not an npm package name/);
    rejects(manifestWith((e) => (e.requirements.packages["left-pad"] = "$(reboot)")), /not a semver range/);
    rejects(manifestWith((e) => (e.requirements.packages["left-pad"] = "github:evil/left-pad")), /not a semver range/);
    rejects(manifestWith((e) => (e.requirements.binaries = ["ffmpeg && curl x"])), /program name/);
  });

  test("an npm source needs a valid package name and an exact version", () => {
    const npm = zoo.listZooModels({ source: "npm" })[0]!;
    const withSource = (edit: (s: Extract<ZooModelEntry["source"], { type: "npm" }>) => void) =>
      manifestWith((e) => {
        if (e.source.type === "npm") edit(e.source);
      }, npm);
    rejects(withSource((s) => (s.package = "../../evil")), /not an npm package name/);
    rejects(withSource((s) => (s.version = "^1.0.0")), /exact version/);
  });
});

describe("npm runs without a shell", () => {
  test("no source file starts a process through a shell", () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, d.name);
        if (d.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(d.name) && /shell:\s*true|\bexecSync\(|\bexec\(/.test(fs.readFileSync(p, "utf8").replace(/\.exec\(/g, ""))) offenders.push(p);
      }
    };
    walk(path.join(repoRoot, "src"));
    assert.deepEqual(offenders, []);
  });

  test("the install passes each spec as one argument, so a range with spaces and quotes stays data", () => {
    const bin = tempDir("fake-npm");
    const record = path.join(bin, "argv.json");
    fs.writeFileSync(path.join(bin, "npm"), `#!${process.execPath}\nrequire("node:fs").writeFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(2)));\n`, { mode: 0o755 });
    const entry = structuredClone(zoo.getZooModel("centernet-coco-tfjs"));
    entry.requirements.packages["not-a-real-package-xyz"] = ">=1.2.0 <2.0.0";
    const before = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${before}`;
    try {
      assert.deepEqual(runNpmInstall(entry, bin), { specs: ["not-a-real-package-xyz@>=1.2.0 <2.0.0"] });
      assert.deepEqual(JSON.parse(fs.readFileSync(record, "utf8")), ["install", "--no-audit", "--no-fund", "not-a-real-package-xyz@>=1.2.0 <2.0.0"]);
      // A spec that slipped past the schema (an entry edited in memory) is refused before npm runs.
      fs.rmSync(record);
      entry.requirements.packages = { "x`touch y`": "^1.0.0" };
      assert.throws(() => runNpmInstall(entry, bin), (e: unknown) => e instanceof RequirementsError && /not an npm package name/.test(e.message));
      assert.equal(fs.existsSync(record), false);
    } finally {
      process.env.PATH = before;
    }
  });
});

describe("typed errors", () => {
  test("a model that is known but not downloaded is not 'not found'", () => {
    assert.throws(
      () => zoo.findZooModel("centernet-coco-tfjs"),
      (e: unknown) => e instanceof zoo.ModelNotDownloadedError && !(e instanceof zoo.ModelNotFoundError) && /modelzoo models download centernet-coco-tfjs/.test(e.message),
    );
  });

  test("the app answers 404 for missing things, 400 for other modelzoo errors, 500 for bugs", () => {
    assert.equal(httpStatusOf(new DatasetNotFoundError("nope", [])), 404);
    assert.throws(() => zoo.getZooModel("nope-onnx"), (e: unknown) => httpStatusOf(e) === 404);
    assert.equal(httpStatusOf(new ProcessorOutputError("bad shape")), 400);
    assert.equal(httpStatusOf(new ManifestError("bad")), 400);
    assert.equal(httpStatusOf(Object.assign(new Error("too big"), { statusCode: 413 })), 413);
    assert.equal(httpStatusOf(new TypeError("bug")), 500);
  });

  test("processors throw modelzoo errors, not plain ones", () => {
    const offenders: string[] = [];
    const dir = path.join(repoRoot, "src", "processors");
    for (const f of fs.readdirSync(dir)) if (/new (Type|Range)?Error\(/.test(fs.readFileSync(path.join(dir, f), "utf8"))) offenders.push(f);
    assert.deepEqual(offenders, []);
    assert.ok(new ProcessorOutputError("x") instanceof ModelzooError);
  });
});
