import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { ChecksumMismatchError, ManifestError, zoo } from "../../src/index.js";
import { parseManifest } from "../../src/zoo/index.js";
import { useTempHome } from "../support/env.js";
import { hfSource, mirrorEntry } from "../support/hf-catalog.js";
import { fakeClassifier, fakeSegformer } from "../support/hf-fakes.js";
import { HfMirror } from "../support/hf-mirror.js";

const home = useTempHome();
const mirror = new HfMirror();
const resnet = fakeClassifier({ size: 224, classes: 1000, red: 281, green: 1, blue: 2 });
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

before(async () => {
  await mirror.start();
  process.env.HF_ENDPOINT = mirror.endpoint;
});
after(() => mirror.close());

interface Lock {
  source: string;
  files: { path: string; sha256: string; size: number; trustedOnFirstUse?: boolean; mtimeMs?: number }[];
}
const lockOf = (name: string) => JSON.parse(fs.readFileSync(path.join(home, "models", name, "manifest.lock.json"), "utf8")) as Lock;

describe("files without a pinned sha256: trusted on first use, verified after", () => {
  test("the schema takes hf, http and dir files without sha256/size, but not npm files", () => {
    const entry = structuredClone(zoo.getZooModel("resnet50-imagenet-onnx"));
    assert.deepEqual(entry.source.files, [{ path: "onnx/model.onnx" }], "the catalog entry pins no checksum it could not find");
    for (const source of [
      { type: "http", baseUrl: "https://example.org/m/", files: [{ path: "m.onnx" }] },
      { type: "dir", dir: "weights", files: [{ path: "m.onnx" }] },
    ]) {
      assert.equal(parseManifest({ models: [{ ...entry, source }] }, "t.json").length, 1);
    }
    const npm = { type: "npm", package: "p", version: "1.0.0", integrity: "sha512-x", files: [{ path: "m.onnx" }] };
    assert.throws(() => parseManifest({ models: [{ ...entry, source: npm }] }, "t.json"), (e: unknown) => e instanceof ManifestError && /files\.0\.sha256/.test(e.message));
  });

  test("the first download records the sha256 and size in the lock; the next load downloads nothing", async () => {
    mirrorEntry(mirror, "resnet50-imagenet-onnx", { "onnx/model.onnx": resnet });
    const src = hfSource("resnet50-imagenet-onnx");
    const model = await zoo.loadZooModel("resnet50-imagenet-onnx");
    assert.equal(mirror.hitsOf(src.repo, src.revision, "onnx/model.onnx"), 1);
    const lock = lockOf("resnet50-imagenet-onnx");
    assert.equal(lock.source, "hf:Xenova/resnet-50@main");
    assert.deepEqual(
      lock.files.map(({ mtimeMs: _m, ...f }) => f),
      [{ path: "onnx/model.onnx", sha256: sha(resnet), size: resnet.length, trustedOnFirstUse: true }],
    );
    assert.equal(zoo.isZooModelDownloaded("resnet50-imagenet-onnx"), true);
    await model.load();
    await model.dispose();
    await zoo.loadZooModel("resnet50-imagenet-onnx");
    assert.equal(mirror.hitsOf(src.repo, src.revision, "onnx/model.onnx"), 1, "served from the cache");
  });

  test("a cached file that no longer matches its lock is refused on load without downloads, naming the lock and the fix", async () => {
    const file = path.join(home, "models", "resnet50-imagenet-onnx", "onnx", "model.onnx");
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff; // same size, other bytes
    fs.writeFileSync(file, bytes);
    await assert.rejects(() => zoo.loadZooModel("resnet50-imagenet-onnx", { downloadIfNecessary: false }), (e: unknown) =>
      e instanceof ChecksumMismatchError && /manifest\.lock\.json recorded/.test(e.message) && /models download resnet50-imagenet-onnx/.test(e.message),
    );
    fs.truncateSync(file, 10);
    assert.equal(zoo.isZooModelDownloaded("resnet50-imagenet-onnx"), false, "a file of another size is not a complete download");
  });

  test("a re-download is checked against the lock: a file changed upstream is not silently trusted", async () => {
    const changed = fakeClassifier({ size: 224, classes: 1000, red: 1, green: 2, blue: 3 });
    mirrorEntry(mirror, "resnet50-imagenet-onnx", { "onnx/model.onnx": changed });
    await assert.rejects(() => zoo.downloadZooModel("resnet50-imagenet-onnx", { overwrite: true }), ChecksumMismatchError);
    assert.equal(lockOf("resnet50-imagenet-onnx").files[0]!.sha256, sha(resnet), "the old lock stays");
    zoo.deleteZooModel("resnet50-imagenet-onnx");
    await zoo.downloadZooModel("resnet50-imagenet-onnx");
    assert.equal(lockOf("resnet50-imagenet-onnx").files[0]!.sha256, sha(changed), "after a delete, the new file is trusted");
  });

  test("an entry with a pinned sha256 refuses any other file and keeps nothing", async () => {
    const pinned = hfSource("segformer-b0-ade20k-onnx").files[0]!;
    assert.match(pinned.sha256 ?? "", /^[0-9a-f]{64}$/);
    mirrorEntry(mirror, "segformer-b0-ade20k-onnx", { "onnx/model.onnx": fakeSegformer(512) });
    await assert.rejects(() => zoo.downloadZooModel("segformer-b0-ade20k-onnx"), (e: unknown) => e instanceof ChecksumMismatchError && /sha256/.test(e.message) && /the manifest says/.test(e.message));
    assert.equal(fs.existsSync(path.join(home, "models", "segformer-b0-ade20k-onnx")), false);
  });

  test("a server announcing a larger file than the pinned size is refused at once, without retries", async () => {
    const pinned = hfSource("dinov2-vits14-onnx").files[0]!;
    const big = Buffer.alloc(pinned.size! + 1);
    mirrorEntry(mirror, "dinov2-vits14-onnx", { "onnx/model_quantized.onnx": big });
    const src = hfSource("dinov2-vits14-onnx");
    await assert.rejects(() => zoo.downloadZooModel("dinov2-vits14-onnx"), (e: unknown) => e instanceof ChecksumMismatchError && /size/.test(e.message));
    assert.equal(mirror.hitsOf(src.repo, src.revision, "onnx/model_quantized.onnx"), 1);
  });
});
