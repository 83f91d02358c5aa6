import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { after, before, describe, test } from "node:test";
import { demoPhotos, repoRoot, tempDir } from "../support/env.js";
import { fakeRcnn, mirrorHttpFile, writeStandInManifest } from "../support/family-fakes.js";
import { DEMO_SIZES, startMirror, writeZip, type Mirror } from "../support/mirror.js";
import { EXAMPLE_COMMAND } from "../support/readme.js";

/*
 * The README's first example — FiftyOne's basic recipe, line for line — run as a user
 * runs it (a child process importing the built package), with the internet replaced by a
 * local mirror: COCO-2017 (annotations zip and images, MODELZOO_COCO_URL) and the ONNX
 * Model Zoo's GitHub LFS URL (MODELZOO_HTTP_MIRROR) serving a stand-in Faster R-CNN with
 * the export's interface. The two edits the test makes are shown below: the stand-in
 * (unpinned: it cannot match the real file's sha256) replaces the pinned entry, and the
 * App gets a free port and is closed at the end.
 */

const root = tempDir("modelzoo-recipe-mirror-");
let mirror: Mirror;

/** The first ```ts block of the README. */
function firstExample(): string {
  const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const block = /```ts\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, "the README has a ts example");
  return block[1]!;
}

before(async () => {
  // COCO validation: the six demo photos, one person box each (the recipe does not evaluate).
  const images = DEMO_SIZES.map(([width, height], i) => ({ id: i + 1, file_name: `${String(i + 1).padStart(12, "0")}.jpg`, width, height }));
  const instances = {
    info: { description: "test mirror" },
    images,
    annotations: images.map((im) => ({ id: im.id, image_id: im.id, category_id: 1, bbox: [10, 10, 100, 200], area: 20000, iscrowd: 0, segmentation: [] })),
    categories: [{ id: 1, name: "person", supercategory: "person" }],
  };
  await writeZip(path.join(root, "annotations", "annotations_trainval2017.zip"), {
    "annotations/instances_val2017.json": JSON.stringify(instances),
    "annotations/instances_train2017.json": JSON.stringify({ ...instances, images: [], annotations: [] }),
  });
  fs.mkdirSync(path.join(root, "val2017"), { recursive: true });
  demoPhotos().forEach((p, i) => fs.copyFileSync(p, path.join(root, "val2017", images[i]!.file_name)));
  mirrorHttpFile(root, "faster-rcnn-resnet50-fpn-coco-onnx", "object_detection_segmentation/faster-rcnn/model/FasterRCNN-10.onnx", fakeRcnn(false));
  mirror = await startMirror(root);
});
after(() => mirror.close());

describe("the README's first example is FiftyOne's basic recipe", () => {
  test("it is the reference page's recipe: the same model name, dataset options, take(25), confidence 0.5 and the App", () => {
    const code = firstExample();
    assert.match(code, /zoo\.listZooModels\(\)/);
    assert.match(code, /zoo\.loadZooModel\("faster-rcnn-resnet50-fpn-coco-torch"\)/);
    assert.match(code, /zoo\.loadZooDataset\("coco-2017", \{\s*split: "validation",\s*datasetName: "coco-2017-validation-sample",\s*maxSamples: 50,\s*shuffle: true,\s*\}\)/);
    assert.match(code, /const samples = dataset\.take\(25\);/);
    assert.match(code, /samples\.applyModel\(model, \{ labelField: "faster_rcnn", confidenceThresh: 0\.5 \}\)/);
    assert.match(code, /const session = await launchApp\(samples\);/);
  });

  test("it runs end to end against local mirrors of COCO and the model's URL: 6 samples predicted, shown in the App", async () => {
    const home = tempDir("modelzoo-recipe-home-");
    const { dir, names } = writeStandInManifest(["faster-rcnn-resnet50-fpn-coco-onnx"]);
    const standIn = names["faster-rcnn-resnet50-fpn-coco-onnx"]!;
    const dist = JSON.stringify(path.join(repoRoot, "dist", "index.js"));
    let code = firstExample();
    assert.ok(code.includes('"faster-rcnn-resnet50-fpn-coco-torch"') && code.includes("launchApp(samples)"));
    code = code
      .replace('"faster-rcnn-resnet50-fpn-coco-torch"', JSON.stringify(standIn))
      .replace("launchApp(samples)", "launchApp(samples, { port: 0 })")
      .replace(/from "modelzoo"/g, `from ${dist}`);
    code = `import { zoo as testZoo } from ${dist};\nawait testZoo.registerZooModelSource(${JSON.stringify(dir)});\n${code}`;
    code += `\nconst shown = (await (await fetch(\`\${session.url}api/view\`)).json()) as { count: number };\nconsole.log("app shows", shown.count);\nawait session.close();\n`;
    fs.mkdirSync(path.join(repoRoot, "test-output"), { recursive: true });
    const cwd = fs.mkdtempSync(path.join(repoRoot, "test-output", "recipe-"));
    fs.writeFileSync(path.join(cwd, "example.mts"), code);
    const { stdout } = await promisify(execFile)(EXAMPLE_COMMAND[0], EXAMPLE_COMMAND[1], {
      cwd,
      env: { ...process.env, MODELZOO_HOME: home, MODELZOO_COCO_URL: mirror.url, MODELZOO_HTTP_MIRROR: mirror.url },
      encoding: "utf8",
    });
    // The model list includes the recipe's model; 50 asked of 6 images gives 6; take(25) keeps them all.
    assert.match(stdout, /'faster-rcnn-resnet50-fpn-coco-onnx'/);
    // The stand-in gives a person (score 0.6 ± 0.02) and a dog at 0.3, below the threshold.
    assert.match(stdout, /coco-2017-validation-sample\.take\(25[^)]*\) 6 Map\(1\) \{ 'person' => 6 \}/);
    assert.match(stdout, /app shows 6/);
    assert.equal(mirror.hits.get("/annotations/annotations_trainval2017.zip"), 1);
    assert.equal(mirror.count("/val2017/"), 6);
    assert.equal(mirror.count("/media.githubusercontent.com/media/onnx/models/"), 1);
  });
});
