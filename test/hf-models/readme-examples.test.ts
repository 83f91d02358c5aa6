import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import sharp from "sharp";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { demoPhotos, repoRoot } from "../support/env.js";
import { fakeClipTokenizer } from "../support/fake-tokenizer.js";
import { hfSource } from "../support/hf-catalog.js";
import { fakeClipText, fakeClipVision, fakeDepth, fakeDetrPanoptic, fakeSegformer } from "../support/hf-fakes.js";
import { HfMirror } from "../support/hf-mirror.js";
import { EXAMPLE_COMMAND, writeReadmeExample } from "../support/readme.js";

/*
 * Runs the README's Hugging Face examples as a user would (against the built package,
 * in a fresh folder holding the six demo photos), with HF_ENDPOINT pointing at a local
 * stand-in of the hub that serves small generated models under the catalog's repos.
 */

const mirror = new HfMirror();

function serve(name: string, files: Record<string, Uint8Array | string>): void {
  const src = hfSource(name);
  for (const f of src.files) mirror.put(src.repo, src.revision, f.path, files[f.path]!);
}

/** Runs the example in a child process (asynchronously: the mirror answers from this one). */
async function run(heading: string, prepare: (code: string, home: string) => string = (c) => c): Promise<string> {
  let home = "";
  const cwd = writeReadmeExample(`### ${heading}`, (code, dir) => {
    home = path.join(dir, "home");
    return prepare(code, home);
  });
  const r = await promisify(execFile)(EXAMPLE_COMMAND[0], EXAMPLE_COMMAND[1], {
    cwd,
    env: { ...process.env, MODELZOO_HOME: home, HF_ENDPOINT: mirror.endpoint },
    encoding: "utf8",
  });
  return r.stdout;
}

before(async () => {
  await mirror.start();
  const { tokenizerJson, tokenizerConfig } = fakeClipTokenizer(["a", "photo", "of", "person", "dog", "car"]);
  const vocab = (tokenizerJson as { model: { vocab: Record<string, number> } }).model.vocab;
  const size = Math.max(...Object.values(vocab)) + 1;
  serve("clip-vit-base32-onnx", {
    "onnx/vision_model_quantized.onnx": fakeClipVision(224),
    "onnx/text_model_quantized.onnx": fakeClipText(new Float32Array(size * 512).fill(0.01), size),
    "tokenizer.json": JSON.stringify(tokenizerJson),
    "tokenizer_config.json": JSON.stringify(tokenizerConfig),
  });
  serve("depth-anything-small-onnx", { "onnx/model.onnx": fakeDepth(518) });
  serve("segformer-b0-ade20k-onnx", { "onnx/model.onnx": fakeSegformer(512) });
  serve("detr-resnet50-panoptic-onnx", { "onnx/model.onnx": fakeDetrPanoptic() });
});
after(() => mirror.close());

describe("the README's Hugging Face examples run as written (on a local stand-in of the hub)", () => {
  test("zero-shot classification", async () => {
    const out = (await run("Zero-shot classification")).replace(/\s+/g, " ");
    const m = /^Map\(\d+\) \{([^}]*)\} 512 $/.exec(out);
    assert.ok(m, out);
    const counts = [...m[1]!.matchAll(/'(person|dog|car)' => (\d+)/g)].reduce((n, x) => n + Number(x[2]), 0);
    assert.equal(counts, 6, "each of the six photos got one of the three classes");
  });

  test("depth estimation", async () => {
    // sample1.jpg is the first photo; the map covers it exactly.
    const { width, height } = await sharp(demoPhotos()[0]).metadata();
    assert.equal((await run("Depth estimation")).trim(), `${width} ${height}`);
  });

  test("semantic segmentation", async () => {
    // The catalog pins the real SegFormer file's sha256, which a stand-in cannot match: the
    // example runs against an unpinned copy of the entry registered in its MODELZOO_HOME.
    const out = (
      await run("Semantic segmentation", (code, home) => {
      const entry = JSON.parse(JSON.stringify(catalogEntry("segformer-b0-ade20k-onnx"))) as { name: string; source: { files: { path: string }[] }; sizeBytes?: number };
      entry.name = "segformer-b0-standin-onnx";
      entry.source.files = entry.source.files.map((f) => ({ path: f.path }));
      const dir = path.join(home, "..", "standin-source");
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ models: [entry] }));
      const register = `import { zoo as standInZoo } from "modelzoo";\nawait standInZoo.registerZooModelSource(${JSON.stringify(dir)});\n`;
      return register + code.replace('"segformer-b0-ade20k-onnx"', '"segformer-b0-standin-onnx"');
      })
    ).trim();
    assert.match(out, /^\d+ \d+ (wall|sky)$/);
  });
});

describe("the README's panoptic example runs as written", () => {
  test("panoptic and instance segmentation", async () => {
    // The stand-in's person segment is where the photo is redder than blue, its sky where bluer.
    const lines = (await run("Panoptic and instance segmentation")).trim().split("\n");
    assert.ok(lines.length >= 1 && lines.length <= 2, lines.join("\n"));
    for (const line of lines) assert.match(line, /^(person|sky-other-merged) 0\.99\d* \[.*\] \d+ \d+$/);
  });
});

function catalogEntry(name: string): unknown {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, "src", "zoo", "models", "manifest-hf.json"), "utf8")) as { models: { name: string }[] };
  return manifest.models.find((m) => m.name === name);
}
