import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { repoRoot } from "../support/env.js";
import { useShippedFonts } from "../support/fonts.js";
import { runReadmeExample } from "../support/readme.js";

describe("README examples run as written", () => {
  test("quick start", () => {
    const { stdout, cwd } = runReadmeExample("## Quick start");
    // One of the six photos got a person; the take(25) view holds all six, one matching.
    assert.match(stdout, /^1 Map\(1\) \{ 'person' => 1 \}/);
    const coco = JSON.parse(fs.readFileSync(path.join(cwd, "ground_truth.json"), "utf8")) as { annotations: unknown[] };
    assert.equal(coco.annotations.length, 1);
    assert.equal(fs.readFileSync(path.join(cwd, "my-photos.jsonl"), "utf8").trim().split("\n").length, 6);
  });

  test("applying a model", () => {
    const { stdout } = runReadmeExample("## Applying a model");
    const m = /^6 0 Map\(\d+\) \{(.*)\}/.exec(stdout);
    assert.ok(m, `six photos processed, no failures: ${stdout}`);
    const persons = /'person' => (\d+)/.exec(m[1]!);
    // The six group photos show about twenty people; this small detector finds most of them at 0.4.
    assert.ok(persons && Number(persons[1]) >= 10, `people found across the group photos: ${m[1]}`);
  });
});

describe("README stays true", () => {
  test("the top shows two commands for set-up and the main job, one for the tests, and CI runs exactly those", () => {
    const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
    const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].slice(0, 2).map((m) => commands(m[1]!));
    assert.deepEqual(blocks, [["npm ci", "npx modelzoo quickstart"], ["npm test"]]);
    const ci = commands(fs.readFileSync(path.join(repoRoot, ".ci", "run"), "utf8")).filter((c) => /^(npm|npx|apt|apt-get|pip|curl|wget)\b|\bnpx\b/.test(c));
    assert.deepEqual(
      ci.map((c) => c.replace(/^MODELZOO_HOME="\$\(mktemp -d\)" /, "").replace(/ --no-audit --no-fund$/, "")),
      ["npm ci", "npm run lint", "npm run typecheck", "npx modelzoo quickstart", "npm test"],
      "CI installs nothing else and runs the README's commands",
    );
  });

  test("the model zoo example runs", () => {
    const { stdout } = runReadmeExample("## Model zoo");
    // The detectors (more join the catalog), then the labels CenterNet found.
    assert.match(stdout.replace(/\s+/g, " "), /^\[ [^\]]*'centernet-coco-tfjs',[^\]]*'nanodet-coco-tfjs'[^\]]*\] Map\(\d+\) \{[^}]*'person' => \d+/);
  });

  test("the brain example runs: hardness, a similarity index, uniqueness and a UMAP map", () => {
    const { stdout } = runReadmeExample("## Brain: label mistakes, hardness, uniqueness, similarity, embeddings maps");
    const flat = stdout.replace(/\s+/g, " ");
    // The first photo is its own nearest neighbour; the four runs are listed by key.
    assert.match(flat, /^\[ '[^']*sample1\.jpg', '[^']*\.jpg', '[^']*\.jpg' \]/);
    for (const key of ["hardness", "img_map", "img_sim", "uniqueness"]) assert.match(flat, new RegExp(`key: '${key}'`));
  });

  test("the text (OCR) example reads both lines", () => {
    // The page is rendered with DejaVu Sans: the font that ships with the tests, not the system's.
    useShippedFonts();
    const { stdout } = runReadmeExample("### Text (OCR)", { FONTCONFIG_FILE: process.env.FONTCONFIG_FILE! });
    assert.match(stdout.replace(/\s+/g, " "), /^\[ 'HELLO 2026', 'modelzoo' \]/);
  });

  test("the body keypoints example runs", () => {
    const { stdout } = runReadmeExample("## Body keypoints, faces and hands");
    const m = /^Map\(1\) \{ 'person' => (\d+) \} nose \[ ([\d.]+), ([\d.]+) \]/.exec(stdout.replace(/\s+/g, " "));
    assert.ok(m, stdout);
    // About twenty people in the six photos; the first photo's first nose is inside the photo.
    assert.ok(Number(m[1]) >= 15, `people: ${m[1]}`);
    assert.ok([m[2], m[3]].every((v) => Number(v) > 0 && Number(v) < 1));
  });

  test("the person segmentation example runs", () => {
    const { stdout } = runReadmeExample("## Person segmentation");
    const m = /^256 256 (0\.\d+)/.exec(stdout);
    assert.ok(m, stdout);
    // sample1: three people fill a good part of the photo, not all of it.
    assert.ok(Number(m[1]) > 0.2 && Number(m[1]) < 0.8, `person share ${m[1]}`);
  });

  test("the super-resolution example writes each thumbnail four times larger", () => {
    const { stdout, cwd } = runReadmeExample("## Super-resolution (ESRGAN from UpscalerJS)");
    assert.match(stdout, /^256 192 4 upscaled\/x4\/[\w-]+\.png/);
    assert.equal(fs.readdirSync(path.join(cwd, "upscaled", "x4")).length, 6);
  });

  test("the faces example stores gender and age on each face, and a 468-point mesh", () => {
    const { stdout } = runReadmeExample("### Face and hand crops");
    const [genders, meshes, dim] = stdout.trim().split("\n");
    // sample1: three young women.
    assert.match(genders!, /^(female \d{2}, ){2}female \d{2}$/);
    assert.match(meshes!, /^\[ 468, 468, 468 \]$/);
    assert.equal(dim, "1024");
  });
});

describe("README video example", () => {
  test("reads a clip made from a photo, finds its people frame by frame, mattes every frame", () => {
    const { stdout } = runReadmeExample("## Video");
    const lines = stdout.trim().split("\n");
    assert.deepEqual(lines.slice(0, 3), ["10 320 214", "1 205440", "6 205440"], stdout);
    for (const [i, n] of [[3, "1"], [4, "6"]] as const) {
      const [frame, persons] = lines[i]!.split(" ");
      assert.equal(frame, n);
      assert.ok(Number(persons) >= 2 && Number(persons) <= 4, `frame ${n} of sample1 shows three people: ${lines[i]}`);
    }
    assert.equal(lines[5], "10", "every frame has its matte");
  });
});

/** The command lines of a shell text: comments and blank lines dropped, trailing comments cut. */
function commands(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.replace(/\s+#.*$/, "").trim())
    .filter((l) => l !== "" && !l.startsWith("#") && !/^(set|cd|echo) /.test(l));
}
