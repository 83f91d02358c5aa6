import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { runCli } from "../support/cli.js";
import { demoPhotos, tempDir } from "../support/env.js";

const home = tempDir();
// A folder holding exactly the six demo photos (the package's demo folder also has screenshots).
const photosDir = tempDir("modelzoo-photos-");
for (const p of demoPhotos()) fs.copyFileSync(p, path.join(photosDir, path.basename(p)));

describe("modelzoo datasets", () => {
  test("create --from-dir, list, info, head, export, delete", () => {
    const created = runCli(["datasets", "create", "demo", "--from-dir", photosDir, "--tags", "faces,demo"], home);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /Created dataset "demo" with 6 samples/);

    const list = runCli(["datasets", "list"], home);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /^demo\s+6\s+yes/m);
    const listJson = JSON.parse(runCli(["datasets", "list", "--json"], home).stdout) as { name: string; samples: number }[];
    assert.deepEqual(listJson.map((d) => [d.name, d.samples]), [["demo", 6]]);

    const info = JSON.parse(runCli(["datasets", "info", "demo", "--json"], home).stdout) as {
      samples: number;
      mediaTypes: Record<string, number>;
      tags: Record<string, number>;
    };
    assert.equal(info.samples, 6);
    assert.deepEqual(info.mediaTypes, { image: 6 });
    assert.deepEqual(info.tags, { faces: 6, demo: 6 });
    assert.match(runCli(["datasets", "info", "demo"], home).stdout, /Samples:\s+6 \(6 image\)/);

    const head = JSON.parse(runCli(["datasets", "head", "demo", "-n", "2", "--json"], home).stdout) as {
      filepath: string;
      metadata: { width: number; mimeType: string };
    }[];
    assert.equal(head.length, 2);
    assert.equal(head[0]!.filepath, path.join(photosDir, "sample1.jpg"));
    assert.equal(head[0]!.metadata.mimeType, "image/jpeg", "create computes metadata");

    const out = path.join(tempDir(), "demo.jsonl");
    const exported = runCli(["datasets", "export", "demo", "--out", out], home);
    assert.equal(exported.code, 0, exported.stderr);
    assert.equal(fs.readFileSync(out, "utf8").trim().split("\n").length, 6);
    const copied = runCli(["datasets", "create", "copy", "--from-jsonl", out], home);
    assert.match(copied.stdout, /with 6 samples/);

    const deleted = runCli(["datasets", "delete", "demo"], home);
    assert.equal(deleted.code, 0);
    assert.deepEqual(
      (JSON.parse(runCli(["datasets", "list", "--json"], home).stdout) as { name: string }[]).map((d) => d.name),
      ["copy"],
    );
  });

  test("usage errors exit with 2 and say what to type", () => {
    const noSource = runCli(["datasets", "create", "x"], home);
    assert.equal(noSource.code, 2);
    assert.match(noSource.stderr, /--from-dir <dir>/);
    const unknownCmd = runCli(["datasets", "lst"], home);
    assert.equal(unknownCmd.code, 2);
    assert.match(unknownCmd.stderr, /Did you mean list\?/i);
    const badFlag = runCli(["datasets", "list", "--jsn"], home);
    assert.equal(badFlag.code, 2);
    assert.match(badFlag.stderr, /unknown option '--jsn'/);
    const badNum = runCli(["datasets", "head", "copy", "-n", "zero"], home);
    assert.equal(badNum.code, 2);
    assert.match(badNum.stderr, /--num takes a whole number/);
    const cocoNoDir = runCli(["datasets", "create", "x", "--from-coco", "a.json"], home);
    assert.equal(cocoNoDir.code, 2);
    assert.match(cocoNoDir.stderr, /--images-dir/);
    assert.equal(runCli([], home).code, 2);
    const help = runCli(["--help"], home);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /datasets/);
  });

  test("failures exit with 1 and name the thing and the fix", () => {
    const missing = runCli(["datasets", "info", "copyy"], home);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Dataset "copyy" does not exist\. Did you mean "copy"\?/);
    const badDir = runCli(["datasets", "create", "y", "--from-dir", "/no/such/dir"], home);
    assert.equal(badDir.code, 1);
    assert.match(badDir.stderr, /\/no\/such\/dir does not exist/);
    const exists = runCli(["datasets", "create", "copy", "--from-dir", photosDir], home);
    assert.equal(exists.code, 1);
    assert.match(exists.stderr, /already exists.*--overwrite/);
  });
});
