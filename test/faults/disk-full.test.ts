import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, describe, test } from "node:test";
import { Dataset, DiskFullError, Sample, zoo } from "../../src/index.js";
import { diskFullError } from "../../src/errors.js";
import { stagingFolders } from "../../src/zoo/models/model-cache.js";
import { demoPhotos, tempDir, useTempHome } from "../support/env.js";
import { DISK_FULL_WRITES } from "./cases.js";

/*
 * A full disk. The writes run against a real full filesystem: a 1 MB tmpfs mounted
 * here (the tests run as root, where `mount -t tmpfs` works). Where mounting is not
 * allowed, those tests are skipped and only the errno mapping below (the seam every
 * write goes through: diskFullError) is checked. Before: raw ENOSPC / SQLITE_FULL.
 */

useTempHome();
const mountPoint = tempDir("modelzoo-tmpfs-");
const mounted = tryMount(mountPoint);
after(() => {
  if (mounted) execFileSync("umount", ["-l", mountPoint]);
});

function tryMount(dir: string): boolean {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", dir], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Runs `fn` with MODELZOO_HOME in a fresh folder of the tmpfs. */
async function onFullDisk<T>(name: string, fn: (home: string) => Promise<T>): Promise<T> {
  const home = path.join(mountPoint, name);
  fs.mkdirSync(home);
  const previous = process.env.MODELZOO_HOME;
  process.env.MODELZOO_HOME = home;
  try {
    return await fn(home);
  } finally {
    process.env.MODELZOO_HOME = previous;
  }
}

const skip = mounted ? false : "mounting a tmpfs is not allowed here; the errno mapping is still tested";
const cases = Object.fromEntries(DISK_FULL_WRITES.map((c) => [c.target, c]));

describe("writes to a full disk (a 1 MB tmpfs)", () => {
  test(`${cases.models!.what}: DiskFullError naming the models folder and the model's size; nothing left`, { skip }, async () => {
    await onFullDisk("models", async (home) => {
      const name = "blazepose-lite-mediapipe-tfjs"; // 2.9 MB: more than the disk holds
      const size = zoo.getZooModel(name).sizeBytes!;
      await assert.rejects(() => zoo.downloadZooModel(name), (e: unknown) => {
        assert.ok(e instanceof DiskFullError, String(e));
        assert.equal(e.folder, path.join(home, "models"));
        assert.equal(e.neededBytes, size);
        assert.match(e.message, new RegExp(`${path.join(home, "models")} is full \\(this needs about 2\\.9 MB there\\)`));
        return true;
      });
      assert.equal(zoo.isZooModelDownloaded(name), false);
      assert.deepEqual(stagingFolders(name), []);
      assert.deepEqual(fs.readdirSync(path.join(home, "models")), [], "no staging folder, no lock file");
    });
  });

  test(`${cases.dataset!.what}: DiskFullError naming the datasets folder; the dataset keeps its last complete write`, { skip }, async () => {
    await onFullDisk("dataset", async (home) => {
      const ds = await Dataset.create("full");
      const photo = demoPhotos()[0]!;
      const blob = "x".repeat(100_000);
      let added = 0;
      await assert.rejects(async () => {
        for (;;) {
          await ds.addSamples([new Sample({ filepath: photo, note: `${added} ${blob}` })]);
          added++;
        }
      }, (e: unknown) => e instanceof DiskFullError && e.folder === path.join(home, "datasets") && /is full/.test(e.message));
      assert.ok(added > 0);
      assert.equal(await ds.count(), added, "the failed write left nothing half-done");
      await ds.delete();
    });
  });

  test(`${cases.create!.what}: DiskFullError, and no dataset file that looks like a dataset`, { skip }, async () => {
    await onFullDisk("create", async (home) => {
      fs.mkdirSync(path.join(home, "datasets"));
      const filler = path.join(home, "filler");
      // Fill the disk to the last byte.
      const fd = fs.openSync(filler, "w");
      try {
        for (;;) fs.writeSync(fd, Buffer.alloc(4096));
      } catch (err) {
        assert.equal((err as NodeJS.ErrnoException).code, "ENOSPC");
      } finally {
        fs.closeSync(fd);
      }
      await assert.rejects(() => Dataset.create("nothing"), (e: unknown) => e instanceof DiskFullError && e.folder === path.join(home, "datasets"));
      assert.deepEqual(await Dataset.list(), []);
      fs.rmSync(filler);
    });
  });
});

describe("the errno mapping", () => {
  test("ENOSPC, EDQUOT and SQLITE_FULL, also as a cause, become DiskFullError; other errors do not", () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    for (const code of ["ENOSPC", "EDQUOT", "SQLITE_FULL"]) {
      const mapped = diskFullError(err(code), "/data", 2_500_000);
      assert.ok(mapped instanceof DiskFullError && mapped.folder === "/data" && mapped.neededBytes === 2_500_000, code);
      assert.match(mapped.message, /The disk holding \/data is full \(this needs about 2\.5 MB there\)/);
    }
    assert.ok(diskFullError(new Error("wrapped", { cause: err("ENOSPC") }), "/data") instanceof DiskFullError);
    assert.equal(diskFullError(err("EACCES"), "/data"), undefined);
    assert.equal(diskFullError("ENOSPC", "/data"), undefined);
  });
});
