import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { Dataset, ImagePermissionError, imageMetadata, type SkippedEntry } from "../../src/index.js";
import { fileAccessError } from "../../src/media/image-source.js";
import { demoPhotos, repoRoot, tempDir, useTempHome } from "../support/env.js";
import { BAD_FOLDER_ENTRIES, UNREADABLE_IMAGES } from "./cases.js";
import { makeReachableByOthers } from "../../bench/reachable.js";

/*
 * Odd folders and files. Before: a symbolic link loop crashed Dataset.fromDir with an
 * ELOOP stack trace, and an image the user may not read was reported as corrupt.
 */

useTempHome();
const photo = demoPhotos()[0]!;

describe("symbolic link loops in a folder", () => {
  for (const entry of BAD_FOLDER_ENTRIES) {
    test(`${entry.what}: skipped and reported by path; the good image becomes a sample`, async () => {
      const dir = tempDir("modelzoo-loops-");
      fs.copyFileSync(photo, path.join(dir, "good.jpg"));
      const at = path.join(dir, entry.name);
      fs.mkdirSync(path.dirname(at), { recursive: true });
      fs.symlinkSync(entry.target, at);
      if ("partner" in entry) fs.symlinkSync(entry.partner.target, path.join(dir, entry.partner.name));
      const skipped: SkippedEntry[] = [];
      const ds = await Dataset.fromDir(`loops-${BAD_FOLDER_ENTRIES.indexOf(entry)}`, dir, { onSkipped: (e) => skipped.push(e) });
      assert.deepEqual(await ds.values("filepath"), [path.join(dir, "good.jpg")]);
      assert.ok(skipped.some((s) => s.path === at && s.reason === "symbolic link loop"), JSON.stringify(skipped));
      await ds.delete();
    });
  }

  test("without onSkipped, the skipped entry is a process warning naming it (the CLI prints it)", async () => {
    const dir = tempDir("modelzoo-loops-");
    fs.copyFileSync(photo, path.join(dir, "good.jpg"));
    fs.symlinkSync("self.jpg", path.join(dir, "self.jpg"));
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on("warning", onWarning);
    try {
      const ds = await Dataset.fromDir("loops-warn", dir);
      assert.equal(await ds.count(), 1);
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
    } finally {
      process.off("warning", onWarning);
    }
    assert.ok(warnings.some((w) => w.message === `Skipped ${path.join(dir, "self.jpg")}: symbolic link loop.`), warnings.map((w) => w.message).join("; "));
  });
});

describe("images this user may not read", () => {
  /*
   * The tests run as root, and root reads a file whatever its mode (CAP_DAC_OVERRIDE),
   * so chmod alone denies nothing here. The real check runs in a child process under
   * the unprivileged user "nobody" (spawn's uid/gid), where the kernel does deny the
   * read. When there is no such user, or the tests do not run as root, the errno
   * mapping is still checked directly below.
   */
  const nobody = process.getuid?.() === 0 ? userId("nobody") : undefined;

  for (const image of UNREADABLE_IMAGES) {
    test(`${image.what}: "permission denied", naming the file, not "corrupt"`, { skip: nobody === undefined ? "needs root and a user named nobody" : false }, () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), "modelzoo-perm-"));
      fs.chmodSync(root, 0o755);
      const folder = path.join(root, "photos");
      fs.mkdirSync(folder);
      const file = path.join(folder, "locked.jpg");
      fs.copyFileSync(photo, file);
      fs.chmodSync(file, image.mode);
      fs.chmodSync(folder, "folderMode" in image ? image.folderMode : 0o755);
      const script = `
        import { imageMetadata, decodeImage } from "./src/index.ts";
        for (const read of [imageMetadata, decodeImage]) {
          try { await read(${JSON.stringify(file)}); console.log("READ"); }
          catch (e) { console.log(JSON.stringify({ name: e.name, code: e.code, message: e.message })); }
        }`;
      makeReachableByOthers(repoRoot); // "nobody" runs the repository's code
      const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        cwd: repoRoot,
        uid: nobody!.uid,
        gid: nobody!.gid,
        env: { ...process.env, HOME: root },
        encoding: "utf8",
      });
      assert.equal(r.status, 0, r.stderr);
      const results = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { name: string; code: string; message: string });
      assert.equal(results.length, 2, r.stdout);
      for (const e of results) {
        assert.equal(e.name, "ImagePermissionError");
        assert.equal(e.code, "IMAGE_PERMISSION");
        assert.ok(e.message.includes(file) && /permission denied/.test(e.message) && !/corrupt/.test(e.message), e.message);
      }
    });
  }

  test("EACCES and EPERM map to ImagePermissionError; ENOENT to not found; others stay read errors", async () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    assert.ok(fileAccessError("/x.jpg", err("EACCES")) instanceof ImagePermissionError);
    assert.ok(fileAccessError("/x.jpg", err("EPERM")) instanceof ImagePermissionError);
    assert.equal((fileAccessError("/x.jpg", err("ENOENT")) as { code?: string }).code, "IMAGE_NOT_FOUND");
    assert.equal((fileAccessError("/x.jpg", err("EIO")) as { code?: string }).code, "IMAGE_DECODE");
    await assert.rejects(() => imageMetadata(path.join(tempDir(), "missing.jpg")), { code: "IMAGE_NOT_FOUND" });
  });
});

function userId(name: string): { uid: number; gid: number } | undefined {
  const line = fs.readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith(`${name}:`));
  if (!line) return undefined;
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}
