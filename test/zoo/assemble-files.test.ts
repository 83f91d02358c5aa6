import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { ChecksumMismatchError, ManifestError } from "../../src/index.js";
import type { ModelSource } from "../../src/zoo/models/manifest-schema.js";
import { assembleFiles } from "../../src/zoo/models/sources/assemble-files.js";
import { tempDir } from "../support/env.js";

const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
/** A browserify-style UMD bundle exporting `value`, as nsfwjs ships its models. */
const umd = (value: string) =>
  `!function(e){if("object"==typeof exports&&"undefined"!=typeof module)module.exports=e();else (typeof window!=="undefined"?window:this).m=e()}(function(){return ${value}});`;

function source(staging: string, files: Record<string, string | Buffer>, assemble: unknown[]): ModelSource {
  for (const [p, data] of Object.entries(files)) fs.writeFileSync(path.join(staging, p), data);
  return {
    type: "npm",
    package: "example",
    version: "1.0.0",
    integrity: "sha512-x",
    files: Object.entries(files).map(([p, data]) => ({ path: p, sha256: sha(data), size: Buffer.byteLength(data) })),
    assemble,
  } as ModelSource;
}

describe("files made from a package's files", () => {
  test("chunks are concatenated in order and verified", async () => {
    const dir = tempDir();
    const whole = Buffer.from("first chunk|second chunk|third");
    const src = source(dir, { a: whole.subarray(0, 12), b: whole.subarray(12, 25), c: whole.subarray(25) }, [
      { path: "model.onnx", sha256: sha(whole), size: whole.length, from: ["a", "b", "c"], format: "concat" },
    ]);
    await assembleFiles(src, dir, "example-onnx");
    assert.deepEqual(fs.readFileSync(path.join(dir, "model.onnx")), whole);
    assert.deepEqual(fs.readdirSync(dir), ["model.onnx"], "the chunks are removed once the model is made");
  });

  test("chunks in the wrong order fail the checksum", async () => {
    const dir = tempDir();
    const whole = Buffer.from("first chunk|second chunk");
    const src = source(dir, { a: whole.subarray(0, 12), b: whole.subarray(12) }, [
      { path: "model.onnx", sha256: sha(whole), size: whole.length, from: ["b", "a"], format: "concat" },
    ]);
    await assert.rejects(assembleFiles(src, dir, "example-onnx"), ChecksumMismatchError);
  });

  test("a UMD bundle's object becomes JSON and its base64 string becomes bytes, without running in our context", async () => {
    const dir = tempDir();
    const json = JSON.stringify({ modelTopology: { a: false, b: 0.5 }, weightsManifest: [] });
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const src = source(dir, { "model.min.js": umd("{modelTopology:{a:!1,b:.5},weightsManifest:[]}"), "shard.min.js": umd(`"${bytes.toString("base64")}"`) }, [
      { path: "m/model.json", sha256: sha(json), size: json.length, from: ["model.min.js"], format: "umd-json" },
      { path: "m/shard", sha256: sha(bytes), size: bytes.length, from: ["shard.min.js"], format: "umd-base64" },
    ]);
    await assembleFiles(src, dir, "example-tfjs");
    assert.equal(fs.readFileSync(path.join(dir, "m/model.json"), "utf8"), json);
    assert.deepEqual(fs.readFileSync(path.join(dir, "m/shard")), bytes);
  });

  test("a file made from something the source does not list, or written outside the folder, is a manifest error", async () => {
    const dir = tempDir();
    const src = source(dir, { a: "x" }, [{ path: "out", sha256: sha("x"), size: 1, from: ["../../etc/passwd"], format: "concat" }]);
    await assert.rejects(assembleFiles(src, dir, "example-onnx"), (err: Error) => err instanceof ManifestError && /does not list/.test(err.message));
    const escape = source(tempDir(), { a: "x" }, [{ path: "../outside", sha256: sha("x"), size: 1, from: ["a"], format: "concat" }]);
    await assert.rejects(assembleFiles(escape, dir, "example-onnx"), /outside the model's folder/);
  });
});
