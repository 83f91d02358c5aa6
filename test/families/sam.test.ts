import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { RawImage, SamImageProcessor, Tensor } from "@huggingface/transformers";
import sharp from "sharp";
import { Dataset, Detection, Detections, Keypoint, Keypoints, RunOptionsError, decodeImage, zoo, type Model } from "../../src/index.js";
import { OnnxSamModel, postProcessSamMask } from "../../src/runtimes/index.js";
import { repoRoot, tempDir, useTempHome } from "../support/env.js";
import { fakeSam, hfFiles, registerStandIns } from "../support/family-fakes.js";
import { HfMirror } from "../support/hf-mirror.js";
import { zooModelLoader } from "../support/model-loader.js";

/*
 * SAM / SlimSAM with prompts (manifest-sam.json): FiftyOne's `prompt_field`. Processing
 * is checked against transformers.js' SamImageProcessor (the reference implementation of
 * these exports) on real photos: the encoder input, the prompt coordinates and the mask
 * post-processing. The run itself — download, the boxes or points of each sample handed
 * to the model, masks stored on the prompt's detections — on stand-in graphs.
 */

useTempHome();
const mirror = new HfMirror();
const { load, disposeAll } = zooModelLoader((name) => standIn[name]!);
const SAM = zoo.listZooModels({ tags: "sam" });
let standIn: Record<string, string> = {};

/**
 * transformers.js' SamImageProcessor configured as SAM's preprocessor_config.json
 * (transformers' SamImageProcessor defaults: longest edge 1024, rescale 1/255, ImageNet
 * mean/std, zero padding to 1024×1024, bilinear resampling).
 */
const reference = new SamImageProcessor({
  do_resize: true,
  size: { longest_edge: 1024 },
  resample: 2,
  do_rescale: true,
  rescale_factor: 1 / 255,
  do_normalize: true,
  image_mean: [0.485, 0.456, 0.406],
  image_std: [0.229, 0.224, 0.225],
  do_pad: true,
  pad_size: { height: 1024, width: 1024 },
  do_convert_rgb: true,
} as unknown as ConstructorParameters<typeof SamImageProcessor>[0]);

/** What the reference processor returns (its typings leave it `any`). */
interface SamProcessed {
  pixel_values: Tensor;
  reshaped_input_sizes: number[][];
  input_boxes: Tensor;
}
const preprocess = async (image: RawImage, prompts: Record<string, unknown> = {}): Promise<SamProcessed> => (await reference(image, prompts)) as SamProcessed;

const corpus = (names: string[]) => names.map((n) => path.join(repoRoot, "test", "corpus", n));


before(async () => {
  await mirror.start();
  process.env.HF_ENDPOINT = mirror.endpoint;
  for (const name of SAM) {
    // slimsam-50 stands in for a points-only export (no input_boxes).
    const { encoder, decoder } = fakeSam({ boxes: name !== "slimsam-50-uniform-onnx" });
    const { repo, revision } = hfFiles(name);
    mirror.put(repo, revision, "onnx/vision_encoder.onnx", encoder);
    mirror.put(repo, revision, "onnx/prompt_encoder_mask_decoder.onnx", decoder);
  }
  standIn = await registerStandIns(SAM);
});
after(async () => {
  await disposeAll();
  await mirror.close();
});

describe("SAM / SlimSAM against transformers.js' SamImageProcessor, on real photos", () => {
  const photos = corpus(fs.readdirSync(path.join(repoRoot, "test", "corpus")).filter((f) => /\.(jpe?g|png)$/.test(f)).slice(0, 10));

  test("the encoder input equals pixel_values (longest side 1024, ImageNet-normalized, zero padding) on 10 photos", async () => {
    assert.equal(photos.length, 10);
    const sam = new OnnxSamModel({ name: "sam", encoderPath: "unused", decoderPath: "unused" });
    for (const file of photos) {
      const image = await decodeImage(file);
      const ours = await sam.prepareImage(image);
      const theirs = await preprocess(new RawImage(new Uint8ClampedArray(image.data), image.width, image.height, 3));
      assert.deepEqual(theirs.pixel_values.dims, [1, 3, 1024, 1024]);
      const [rh, rw] = theirs.reshaped_input_sizes[0] as [number, number];
      assert.deepEqual([ours.resizedWidth, ours.resizedHeight], [rw, rh], path.basename(file));
      const data = theirs.pixel_values.data as Float32Array;
      let worst = 0;
      for (let i = 0; i < data.length; i++) worst = Math.max(worst, Math.abs(data[i]! - ours.tensor[i]!));
      assert.ok(worst <= 0.02, `${path.basename(file)}: max difference ${worst}`);
    }
  });

  test("box prompts are scaled as reshape_input_points scales input_boxes", async () => {
    const image = await decodeImage(photos[0]!);
    const box = [0.1, 0.2, 0.5, 0.4]; // relative x, y, w, h
    const pixels = [box[0]! * image.width, box[1]! * image.height, (box[0]! + box[2]!) * image.width, (box[1]! + box[3]!) * image.height];
    const theirs = await preprocess(new RawImage(new Uint8ClampedArray(image.data), image.width, image.height, 3), { input_boxes: [[pixels]] });
    const sam = new OnnxSamModel({ name: "sam", encoderPath: "unused", decoderPath: "unused" });
    const p = await sam.prepareImage(image);
    const ours = [pixels[0]! * (p.resizedWidth / p.width), pixels[1]! * (p.resizedHeight / p.height), pixels[2]! * (p.resizedWidth / p.width), pixels[3]! * (p.resizedHeight / p.height)];
    const got = Array.from(theirs.input_boxes.data as Float32Array);
    ours.forEach((v, i) => assert.ok(Math.abs(v - got[i]!) < 1e-3, `${v} vs ${got[i]}`));
  });

  test("the mask post-processing equals post_process_masks (upsample to 1024, crop, resize to the photo, > 0)", async () => {
    const sam = new OnnxSamModel({ name: "sam", encoderPath: "unused", decoderPath: "unused" });
    for (const file of photos.slice(0, 3)) {
      const image = await decodeImage(file);
      const p = await sam.prepareImage(image);
      // Smooth random logits: a few blobs, so that the mask has edges in many places.
      const logits = new Float32Array(256 * 256);
      for (let y = 0; y < 256; y++) for (let x = 0; x < 256; x++) logits[y * 256 + x] = Math.sin(x / 9) * 3 + Math.cos(y / 13) * 3 - 1;
      const ours = postProcessSamMask({ data: logits, width: 256, height: 256 }, p);
      const masks = new Tensor("float32", Float32Array.from({ length: 3 * 256 * 256 }, (_, i) => logits[i % (256 * 256)]!), [1, 1, 3, 256, 256]);
      const [theirs] = await reference.post_process_masks(masks, [[image.height, image.width]], [[p.resizedHeight, p.resizedWidth]]);
      const t = theirs!.data as Uint8Array;
      assert.deepEqual(theirs!.dims, [1, 3, image.height, image.width]);
      let differ = 0;
      for (let i = 0; i < ours.length; i++) if (ours[i] !== (t[i] ? 1 : 0)) differ++;
      assert.ok(differ <= ours.length * 1e-4, `${path.basename(file)}: ${differ} of ${ours.length} pixels differ`);
    }
  });
});

describe("applyModel with a promptField (FiftyOne's SamplesMixin)", () => {
  let dataset: Dataset;

  before(async () => {
    const dir = tempDir("modelzoo-sam-photos-");
    await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 90, g: 120, b: 60 } } }).png().toFile(path.join(dir, "a.png"));
    await sharp({ create: { width: 480, height: 640, channels: 3, background: { r: 200, g: 50, b: 50 } } }).png().toFile(path.join(dir, "b.png"));
    await sharp({ create: { width: 300, height: 300, channels: 3, background: { r: 10, g: 10, b: 10 } } }).png().toFile(path.join(dir, "c.png"));
    dataset = await Dataset.fromDir("sam-prompts", dir);
    const [a, b] = (await dataset.values("filepath")) as string[];
    for await (const s of dataset) {
      if (s.filepath === a) {
        s.set("gt", new Detections({ detections: [new Detection({ label: "tree", boundingBox: [0.25, 0.25, 0.5, 0.5] }), new Detection({ label: "rock", boundingBox: [0.1, 0.6, 0.2, 0.3] })] }));
        s.set("points", new Keypoints({ keypoints: [new Keypoint({ label: "tree", points: [[0.5, 0.5]] })] }));
      } else if (s.filepath === b) {
        s.set("gt", new Detections({ detections: [new Detection({ label: "car", boundingBox: [0.2, 0.1, 0.6, 0.3] })] }));
      }
      await s.save(); // c.png has no prompts
    }
  });

  test("the catalog has SlimSAM-77/50 and SAM ViT-B/L, under FiftyOne's names too", () => {
    assert.deepEqual(SAM, ["sam-vit-base-onnx", "sam-vit-large-onnx", "slimsam-50-uniform-onnx", "slimsam-77-uniform-onnx"]);
    assert.equal(zoo.getZooModel("segment-anything-vitb-torch").name, "sam-vit-base-onnx");
    for (const name of SAM) assert.equal(zoo.getZooModel(name).sam?.decoderFile, "onnx/prompt_encoder_mask_decoder.onnx");
  });

  test("box prompts: each detection of the prompt field gets its mask, stored with its label and box; no prompts, no prediction", async () => {
    const sam = await load("slimsam-77-uniform-onnx");
    const result = await dataset.applyModel(sam, { promptField: "gt", labelField: "sam" });
    assert.equal(result.processed, 3);
    assert.deepEqual(result.failures, []);
    for await (const s of dataset) {
      const gt = s.get("gt") as Detections | undefined;
      const out = s.get("sam") as Detections | null;
      if (!gt) {
        assert.equal(out, null);
        continue;
      }
      assert.deepEqual(out!.detections.map((d) => d.label), gt.detections.map((d) => d.label));
      for (const [i, d] of out!.detections.entries()) {
        assert.deepEqual(d.boundingBox, gt.detections[i]!.boundingBox);
        assert.ok(Math.abs(d.confidence! - 0.9) < 1e-6, "the best of the three masks (its predicted IoU)");
        const mask = d.mask!;
        const meta = await sharp(s.filepath).metadata();
        assert.equal(mask.width, Math.ceil((d.boundingBox[0] + d.boundingBox[2]) * meta.width) - Math.floor(d.boundingBox[0] * meta.width));
        let on = 0;
        for (const v of mask.data) on += v;
        // The stand-in's mask is the box itself: all of it but a pixel's rim.
        assert.ok(on / mask.data.length > 0.97, `${d.label}: ${on} of ${mask.data.length}`);
      }
    }
  });

  test("point prompts (Keypoints) on a points-only export: a mask around each point set, boxed", async () => {
    const sam = await load("slimsam-50-uniform-onnx");
    await dataset.applyModel(sam, { promptField: "points", labelField: "sam_points" });
    const a = (await dataset.first())!;
    const dets = (a.get("sam_points") as Detections).detections;
    assert.deepEqual(dets.map((d) => d.label), ["tree"]);
    // 640×480 → 1024×768: the 64-input-pixel square around (512, 384) is 40 photo pixels wide.
    const [x, y, w, h] = dets[0]!.boundingBox;
    assert.ok(Math.abs(x * 640 - 300) <= 1.5 && Math.abs(y * 480 - 220) <= 1.5, `${x * 640}, ${y * 480}`);
    assert.ok(Math.abs(w * 640 - 40) <= 2 && Math.abs(h * 480 - 40) <= 2, `${w * 640} × ${h * 480}`);
  });

  test("a prompted model without promptField, or promptField on another model, is a RunOptionsError naming the fix", async () => {
    const sam = await load("slimsam-77-uniform-onnx");
    await assert.rejects(dataset.applyModel(sam, { labelField: "x" }), (e: Error) => e instanceof RunOptionsError && /promptField/.test(e.message));
    await assert.rejects(dataset.applyModel(sam, { labelField: "x", promptField: "filepath", skipFailures: false }), /takes Detections or Keypoints/);
    const plain = { name: "plain", mediaType: "image", defaultBatchSize: 1, hasLogits: false, hasEmbeddings: false } as unknown as Model;
    await assert.rejects(dataset.applyModel(plain, { promptField: "gt" }), (e: Error) => e instanceof RunOptionsError && /takes no prompts/.test(e.message));
  });
});
