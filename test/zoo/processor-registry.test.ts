import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { z } from "zod";
import { Dataset, ManifestError, ModelFileError, OnnxImageModel, ProcessorOptionsError, Regression, YoloProcessor, processorTypes, registerProcessor, zoo, type Detections, type ZooModelEntry } from "../../src/index.js";
import { createImageModel, imageRuntimeFor, registerImageRuntime } from "../../src/runtimes/index.js";
import { createProcessor } from "../../src/processors/index.js";
import { parseManifest } from "../../src/zoo/index.js";
import { modelSourceTypes } from "../../src/zoo/models/sources/source-registry.js";
import { builtinManifestFiles } from "../../src/zoo/models/registry.js";
import { demoPhotos, tempDir, useTempHome } from "../support/env.js";

useTempHome();

/** The PaddleOCR text detector's entry, renamed, with `processor` replaced. */
function entryWith(processor: unknown, name = "probe-det-onnx"): Record<string, unknown> {
  return { ...structuredClone(zoo.getZooModel("paddleocr-v4-det-ch-onnx")), name, processor };
}

function rejected(json: unknown, ...patterns: RegExp[]): void {
  assert.throws(
    () => parseManifest(json, "test"),
    (e: unknown) => e instanceof ManifestError && patterns.every((p) => p.test(e.message)),
  );
}

describe("processor families validate their options when the catalog loads", () => {
  test("every built-in processor type is a registered family", () => {
    const used = new Set(zoo.listZooModels().flatMap((n) => zoo.getZooModel(n).processor?.type ?? []));
    for (const t of used) assert.ok(processorTypes().includes(t), t);
    assert.ok(processorTypes().length >= 30);
  });

  test("YoloProcessor refuses an unknown format, naming the entry and the field", () => {
    const good = { type: "yolo", options: { output: "output0", format: "yolov8" } };
    assert.doesNotThrow(() => parseManifest({ models: [entryWith(good)] }, "test"));
    rejected({ models: [entryWith({ type: "yolo", options: { output: "output0", format: "yolov11" } })] }, /probe-det-onnx/, /processor\.options\.format/, /yolov5/);
    assert.throws(() => createProcessor("yolo", { output: "output0", format: "yolov11" }), ProcessorOptionsError);
    assert.throws(() => new YoloProcessor({ output: "output0", format: "yolov11" as "yolov8" }), (e: unknown) => e instanceof ProcessorOptionsError && /yolov11/.test(e.message));
  });

  test("an unknown option, a wrong type, an unknown family and a missing side file are refused", () => {
    rejected({ models: [entryWith({ type: "text-detection", options: { output: "x", treshold: 0.3 } })] }, /processor\.options/, /treshold/);
    rejected({ models: [entryWith({ type: "classifier", options: { classes: "imagenet-22k" } })] }, /processor\.options\.classes/);
    rejected({ models: [entryWith({ type: "no-such-family", options: {} })] }, /processor\.type/, /registered: .*yolo/);
    rejected({ models: [entryWith({ type: "ctc-text", options: { output: "x", dictionaryFile: "keys.txt" } })] }, /side file "keys\.txt" is not one of the source's files/);
    rejected({ models: [entryWith({ type: "ctc-text", options: { output: "x", dictionaryFile: "../keys.txt" } })] }, /leaves the model's folder/);
  });
});

describe("runtimes are registered, highest priority first", () => {
  test("each catalog entry finds its runtime; an unknown framework is a typed error", () => {
    const byName = new Map<string, number>();
    for (const n of zoo.listZooModels()) {
      const e = zoo.getZooModel(n);
      if (e.video) continue;
      const spec = { framework: e.framework, ...(e.network ? { network: e.network } : {}), ...(e.prompts ? { text: { modelPath: "t.onnx", tokenizerPath: "t.json", output: e.prompts.output, maxLength: 77 } } : {}) };
      const name = imageRuntimeFor(spec)?.name ?? "none";
      byName.set(name, (byName.get(name) ?? 0) + 1);
      assert.equal(name, e.network ? "tfjs-network" : e.prompts ? "onnx-prompts" : e.framework === "onnx" ? "onnx" : "tfjs-graph", n);
    }
    assert.ok(byName.size === 4, JSON.stringify([...byName]));
    const config = { name: "x", modelPath: "x.bin", input: { width: 8, height: 8, layout: "nchw" as const } };
    assert.throws(() => createImageModel({ framework: "coreml" }, config), (e: unknown) => e instanceof ModelFileError && /Registered: .*onnx/.test(e.message));
    // A runtime registered with a higher priority takes the entries it accepts.
    registerImageRuntime({ name: "onnx-test", framework: "onnx", priority: 100, accepts: (spec) => spec.network === "probe", create: (c) => new OnnxImageModel({ ...c, name: `probe:${c.name}` }) });
    assert.equal(createImageModel({ framework: "onnx", network: "probe" }, config).name, "probe:x");
    assert.equal(imageRuntimeFor({ framework: "onnx" })?.name, "onnx");
  });
});

describe("manifests", () => {
  test("are discovered: every manifest-*.json of the folder is in the catalog", () => {
    const dir = path.dirname(builtinManifestFiles()[0]!);
    const onDisk = fs.readdirSync(dir).filter((f) => /^manifest-.*\.json$/.test(f)).sort();
    assert.deepEqual(builtinManifestFiles().map((f) => path.basename(f)), onDisk);
    const names = new Set(zoo.listZooModels());
    for (const f of onDisk) {
      const models = (JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as { models: { name: string }[] }).models;
      for (const m of models) assert.ok(names.has(m.name), `${m.name} of ${f}`);
    }
  });

  test("share defaults (source, requirements); an entry's own fields win", () => {
    const base = zoo.getZooModel("paddleocr-v4-det-ch-onnx");
    if (base.source.type !== "npm") throw new Error("expected an npm source");
    const { files, ...shared } = base.source;
    const a = { ...structuredClone(base), name: "a-onnx", source: { files } } as Record<string, unknown>;
    const b = { ...structuredClone(base), name: "b-onnx", source: { files, version: "9.9.9" }, requirements: { packages: { sharp: "^0.35.0" } } } as Record<string, unknown>;
    delete a.requirements;
    const [pa, pb] = parseManifest({ defaults: { source: shared, requirements: { packages: { "onnxruntime-node": "^1.20.0" } } }, models: [a, b] }, "test");
    assert.deepEqual(pa!.source, base.source);
    assert.deepEqual(pa!.requirements, { packages: { "onnxruntime-node": "^1.20.0" }, binaries: [] });
    assert.equal((pb!.source as { version: string }).version, "9.9.9");
    assert.deepEqual(pb!.requirements.packages, { "onnxruntime-node": "^1.20.0", sharp: "^0.35.0" });
    rejected({ defaults: { requirements: { packages: { "bad name!": "^1" } } }, models: [] }, /defaults\.requirements\.packages/);
  });
});

/*
 * A new family in three steps, as a user (or a new processor module) adds one: a
 * processor registered with its options schema, one manifest entry naming it, this
 * test. Nothing else changes: not the manifest schema, not the zoo's factory.
 * The family: the share of the image that PaddleOCR's DB text detector marks as text
 * (probability map above `threshold`, inside the letterboxed content), as a Regression.
 */
registerProcessor({
  type: "text-coverage",
  options: z.strictObject({ output: z.string().min(1), threshold: z.number().min(0).max(1).default(0.3) }),
  create: ({ output, threshold }) => ({
    outputNames: [output],
    process(outputs, ctx) {
      const t = outputs[output]!;
      const [h, w] = [t.dims[2]!, t.dims[3]!];
      const [cx, cy, cw, ch] = ctx.contentBox;
      const [x0, y0, x1, y1] = [Math.floor(cx * w), Math.floor(cy * h), Math.ceil((cx + cw) * w), Math.ceil((cy + ch) * h)];
      let on = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (t.data[ctx.index * h * w + y * w + x]! > threshold) on++;
      return new Regression({ value: on / Math.max(1, (x1 - x0) * (y1 - y0)) });
    },
  }),
});

describe("a family added from outside the catalog code", () => {
  test("runs on the real PaddleOCR weights through a registered manifest, and agrees with the DB decoder", async () => {
    const repoRoot = path.resolve(import.meta.dirname, "..", "..");
    const assets = path.join(repoRoot, "node_modules", "@gutenye", "ocr-models", "assets");
    const det = zoo.getZooModel("paddleocr-v4-det-ch-onnx");
    const entry = {
      ...structuredClone(det),
      name: "paddleocr-v4-coverage-ch-onnx",
      source: { type: "dir", dir: assets, files: [{ ...det.source.files[0]!, path: "ch_PP-OCRv4_det_infer.onnx" }] },
      modelFile: "ch_PP-OCRv4_det_infer.onnx",
      processor: { type: "text-coverage", options: { output: "sigmoid_0.tmp_0" } },
    } as unknown as ZooModelEntry;
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ models: [{ ...entry, processor: { type: "text-coverage", options: { output: "x", threshold: 2 } } }] }));
    await assert.rejects(() => zoo.registerZooModelSource(dir), (e: unknown) => e instanceof ManifestError && /paddleocr-v4-coverage-ch-onnx/.test(e.message) && /options\.threshold/.test(e.message));
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ models: [entry] }));
    await zoo.registerZooModelSource(dir);
    try {
      const ds = await Dataset.create("coverage");
      // Photos of people (little or no text) and two screenshots of documentation pages (much text).
      const screenshots = ["screenshot-typedoc.png", "screenshot-menu.png"].map((f) => path.join(repoRoot, "node_modules", "@vladmandic", "human", "assets", f));
      await ds.addImages([...demoPhotos(), ...screenshots]);
      const coverage = await zoo.loadZooModel("paddleocr-v4-coverage-ch-onnx");
      const boxes = await zoo.loadZooModel("paddleocr-v4-det-ch-onnx");
      try {
        await ds.applyModel(coverage, { labelField: "coverage" });
        await ds.applyModel(boxes, { labelField: "text" });
      } finally {
        await coverage.dispose();
        await boxes.dispose();
      }
      let withText = 0;
      let bestShare = 0;
      for await (const s of ds) {
        const share = (s.get("coverage") as Regression).value;
        const found = (s.get("text_detections") as Detections | null)?.detections.length ?? 0;
        assert.ok(share >= 0 && share <= 1, `${share}`);
        // DB boxes are grown from pixels above the same 0.3 threshold: boxes imply coverage, no coverage implies no boxes.
        if (found > 0) assert.ok(share > 0, `${s.filepath}: ${found} text boxes but no text pixels`);
        if (found > 0) withText++;
        if (s.filepath.endsWith(".png")) bestShare = Math.max(bestShare, share);
      }
      assert.ok(withText >= 2, "the screenshots have text the detector finds");
      assert.ok(bestShare > 0.01, `a documentation screenshot is mostly text-free? coverage ${bestShare}`);
    } finally {
      zoo.deleteZooModelSource(dir);
    }
  });
});

describe("model sources are registered kinds, each with its own schema", () => {
  test("the built-in kinds are registered; an unknown kind and a bad field are refused with the entry and the field", () => {
    assert.deepEqual(modelSourceTypes(), ["dir", "hf", "http", "npm"]);
    const entry = zoo.getZooModel("paddleocr-v4-det-ch-onnx");
    rejected({ models: [{ ...structuredClone(entry), name: "probe-det-onnx", source: { type: "ftp", files: [] } }] }, /probe-det-onnx/, /source\.type/, /registered: dir, hf, http, npm/);
    if (entry.source.type === "npm") {
      rejected({ models: [{ ...structuredClone(entry), name: "probe-det-onnx", source: { ...entry.source, version: "^1.0.0" } }] }, /source\.version/, /exact version/);
    } else {
      rejected({ models: [{ ...structuredClone(entry), name: "probe-det-onnx", source: { ...entry.source, files: [] } }] }, /source\.files/);
    }
    rejected({ models: [{ ...structuredClone(entry), name: "probe-det-onnx", source: { type: "hf", repo: "not a repo", revision: "main", files: [{ path: "m.onnx" }] } }] }, /source\.repo/, /owner\/name/);
  });
});
