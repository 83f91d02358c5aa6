import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import {
  AutoImageProcessor,
  AutoProcessor,
  DepthEstimationPipeline,
  ImageClassificationPipeline,
  ImageFeatureExtractionPipeline,
  ObjectDetectionPipeline,
  RawImage,
  Tensor,
  ZeroShotImageClassificationPipeline,
  env,
} from "@huggingface/transformers";
import { ZeroShotProcessor, decodeImage, type Classification, type Detections, type Heatmap, type Segmentation, type TensorData, type ZooModelEntry } from "../../src/index.js";
import { planHfPreprocess } from "../../src/models/index.js";
import { imageInputFromPreprocessorConfig } from "../../src/zoo/models/hf-config.js";
import { HF_FIXTURE_DIR, LARGE_PHOTOS, StandInModel, VERIFY_PHOTOS, fixtureJson, gaussian, hubEntries, seedOf, type OutputMaker } from "../support/hf-verify.js";

/*
 * Every Hugging Face entry of the catalog against transformers.js (the reference
 * implementation running the same repository files), fully offline: transformers.js reads
 * the repositories' real config.json / preprocessor_config.json from test/fixtures/hf-repos
 * and never the network.
 * - Pre-processing: modelzoo's prepared tensor equals transformers.js' `pixel_values` on ten
 *   real photos (same shape, max abs difference ≤ 0.02).
 * - Post-processing: the same raw output tensors go through modelzoo's processor (a stand-in
 *   runtime returns them) and through transformers.js' pipeline (a stand-in model returns
 *   them): same labels, boxes within 0.5 px, scores within 1e-4.
 */
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = `${HF_FIXTURE_DIR}/`;

const entries = hubEntries();
const repoOf = (e: ZooModelEntry) => (e.source as { repo: string }).repo;
/** shortest + longest edge (DETR, YOLOS): transformers.js 4.3 sizes these differently from Python (see edgeResize). */
const bothEdges = (e: ZooModelEntry) => e.input.hf?.size?.shortestEdge !== undefined && e.input.hf.size.longestEdge !== undefined;

function toTensor(t: TensorData): Tensor {
  return new Tensor("float32", Float32Array.from(t.data), t.dims);
}

/** A transformers.js stand-in model: `make(pixel_values dims)` as transformers.js tensors. */
function standInTjsModel(repo: string, make: OutputMaker) {
  const fn = (inputs: { pixel_values: Tensor }) => Promise.resolve(Object.fromEntries(Object.entries(make(inputs.pixel_values.dims)).map(([k, v]) => [k, toTensor(v)])));
  return Object.assign(fn, { config: fixtureJson(repo, "config.json"), sessions: { model: { inputNames: ["pixel_values"], outputNames: Object.keys(make([1, 3, 8, 8])) } }, dispose: () => Promise.resolve() });
}

describe("hub entries: inputs read from the repositories' preprocessor_config.json", () => {
  test("there are 22 hub entries, each with its repository's configuration files", () => {
    assert.equal(entries.length, 22);
  });
  for (const entry of entries) {
    test(`${entry.name}: the manifest's input is what ${repoOf(entry)}'s preprocessor_config.json gives`, () => {
      const derived = imageInputFromPreprocessorConfig(fixtureJson(repoOf(entry), "preprocessor_config.json"), repoOf(entry));
      if (entry.input.name === undefined) delete derived.name;
      assert.deepEqual(entry.input, derived);
    });
  }
  test("shortest + longest edge sizes as Python transformers computes them (DETR's documented 640×480 → 800×1066)", () => {
    const detr = { size: { shortestEdge: 800, longestEdge: 1333 } };
    assert.deepEqual(planHfPreprocess(640, 480, detr), { resizeWidth: 1066, resizeHeight: 800 });
    assert.deepEqual(planHfPreprocess(480, 640, detr), { resizeWidth: 800, resizeHeight: 1066 });
    assert.deepEqual(planHfPreprocess(2000, 500, detr), { resizeWidth: 1333, resizeHeight: 333 }, "a very wide image is bounded by the longest edge");
    assert.deepEqual(planHfPreprocess(512, 512, detr), { resizeWidth: 800, resizeHeight: 800 });
  });
});

describe("pre-processing equals transformers.js' pixel_values on eleven real photos", () => {
  for (const entry of entries) {
    test(`${entry.name} (${repoOf(entry)})`, async () => {
      const processor = await AutoImageProcessor.from_pretrained(repoOf(entry));
      const model = new StandInModel(entry, () => ({}));
      for (const photo of [...VERIFY_PHOTOS, ...LARGE_PHOTOS]) {
        const mine = await model.prepare(await decodeImage(photo));
        if (bothEdges(entry)) {
          // transformers.js 4.3 scales the longest edge up to longest_edge; give it Python's size to compare the rest (resampling, rescale, normalize).
          (processor as unknown as { size: unknown }).size = { width: mine.width, height: mine.height };
        }
        const ref = (await processor(await RawImage.read(photo))) as { pixel_values: Tensor };
        const dims = [1, 3, mine.height ?? entry.input.height, mine.width ?? entry.input.width];
        assert.deepEqual(ref.pixel_values.dims, dims, `${photo}: shape`);
        const data = ref.pixel_values.data as Float32Array;
        let max = 0;
        for (let i = 0; i < data.length; i++) max = Math.max(max, Math.abs(data[i]! - mine.tensor[i]!));
        assert.ok(max <= 0.02, `${photo}: max abs difference ${max}`);
      }
    });
  }
});

/** Raw outputs per task, from the photo (seed) and the input's shape. */
function makerFor(entry: ZooModelEntry, photo: string): OutputMaker {
  const seed = seedOf(entry.name, path.basename(photo)); // the file's name, not where the checkout lives
  const config = fixtureJson(repoOf(entry), "config.json");
  const labels = Object.keys((config.id2label as Record<string, string> | undefined) ?? {}).length;
  switch (entry.processor?.type) {
    case "classifier":
      return () => ({ logits: { data: gaussian(labels, seed, 3), dims: [1, labels] } });
    case "detr": {
      const Q = Number(config.num_queries ?? config.num_detection_tokens ?? 100);
      const sigmoid = (entry.processor.options as { scoring?: string }).scoring === "sigmoid";
      const K = sigmoid ? labels : labels + 1;
      const logits = gaussian(Q * K, seed, 2);
      const boxes = new Float32Array(Q * 4);
      const rand = gaussian(Q * 4, seed + 1);
      for (let q = 0; q < Q; q++) {
        // Some queries confident about one class; the rest "no object" (softmax) or all low (sigmoid).
        if (sigmoid) for (let k = 0; k < K; k++) logits[q * K + k] = logits[q * K + k]! - 6;
        else logits[q * K + K - 1] = 4;
        if (q % 4 === 0) logits[q * K + ((q * 7) % (K - (sigmoid ? 0 : 1)))] = 3 + q / 25;
        const w = 0.05 + 0.4 * Math.abs(Math.tanh(rand[q * 4]!));
        const h = 0.05 + 0.4 * Math.abs(Math.tanh(rand[q * 4 + 1]!));
        const cx = w / 2 + (1 - w) * (0.5 + 0.5 * Math.tanh(rand[q * 4 + 2]!));
        const cy = h / 2 + (1 - h) * (0.5 + 0.5 * Math.tanh(rand[q * 4 + 3]!));
        boxes.set([cx, cy, w, h], q * 4);
      }
      return () => ({ logits: { data: logits, dims: [1, Q, K] }, pred_boxes: { data: boxes, dims: [1, Q, 4] } });
    }
    case "semantic-segmentation":
      return (dims) => ({ logits: { data: gaussian(labels * (dims[2]! / 4) * (dims[3]! / 4), seed, 2), dims: [1, labels, dims[2]! / 4, dims[3]! / 4] } });
    case "panoptic-segmentation": {
      // Every tenth query confident about one class (scores 0.8–1), the rest "no object" or unsure;
      // masks: a blob per query (a few larger than others, so some segments are swallowed), one
      // broad low mask (stuff behind everything).
      const Q = Number(config.num_queries ?? 100);
      const K = labels + 1;
      const logits = gaussian(Q * K, seed, 1);
      const used = Object.entries(config.id2label as Record<string, string>).filter(([, v]) => v !== "N/A").map(([k]) => Number(k));
      for (let q = 0; q < Q; q++) {
        if (q % 10 === 0) logits[q * K + used[(q * 7 + seed) % used.length]!] = 8 + ((q * 37) % 100) / 40;
        else if (q % 5 !== 4) logits[q * K + K - 1] = 8;
      }
      const shape = gaussian(Q * 4, seed + 1);
      return (dims) => {
        const [h, w] = [Math.ceil(dims[2]! / 4), Math.ceil(dims[3]! / 4)];
        const masks = new Float32Array(Q * h * w);
        for (let q = 0; q < Q; q++) {
          const [cx, cy] = [0.5 + 0.35 * Math.tanh(shape[q * 4]!), 0.5 + 0.35 * Math.tanh(shape[q * 4 + 1]!)];
          const r = 0.05 + 0.15 * Math.abs(Math.tanh(shape[q * 4 + 2]!));
          for (let y = 0; y < h; y++) {
            for (let x = 0; x < w; x++) {
              const d = Math.hypot((x + 0.5) / w - cx, (y + 0.5) / h - cy);
              masks[(q * h + y) * w + x] = q === 10 ? 0.5 : 200 * (1 - d / r);
            }
          }
        }
        return { logits: { data: logits, dims: [1, Q, K] }, pred_masks: { data: masks, dims: [1, Q, h, w] } };
      };
    }
    case "heatmap":
      return (dims) => {
        const [H, W] = [dims[2]!, dims[3]!];
        const noise = gaussian(H * W, seed, 0.2);
        for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) noise[y * W + x] = noise[y * W + x]! + 5 * Math.sin((3 * x) / W + (2 * y) / H);
        return { predicted_depth: { data: noise, dims: [1, H, W] } };
      };
    default: {
      const D = Number(config.hidden_size ?? 384);
      return () => ({ last_hidden_state: { data: gaussian(257 * D, seed), dims: [1, 257, D] } });
    }
  }
}

/** max |a - b| */
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe("post-processing: the same raw outputs give the same labels as transformers.js' pipelines", () => {
  for (const entry of entries) {
    const task = entry.processor?.type ?? (entry.embeddings ? "embeddings" : "none");
    if (task === "zero-shot") {
      test(`${entry.name}: zero-shot scoring of the same embeddings as transformers.js' ZeroShotImageClassificationPipeline`, async () => {
        const repo = repoOf(entry);
        const config = fixtureJson(repo, "config.json");
        const processor = await AutoProcessor.from_pretrained(repo);
        const options = entry.processor!.options as { classes: string[]; promptTemplate: string; scoring?: "sigmoid" };
        // CLIP's learned scale is 100 (exp(logit_scale), clipped there in training); SigLIP's scale and bias are weights
        // of the full model, not in its configuration: any values exercise the formula (transformers.js computes
        // logits_per_image inside the model; the stand-in does it from the same embeddings).
        const [scale, bias] = options.scoring === "sigmoid" ? [117.33, -12.93] : [100, 0];
        const mine = new ZeroShotProcessor({ ...options, ...(options.scoring === "sigmoid" ? { logitScale: scale, logitBias: bias } : {}) });
        const D = 768;
        const texts = options.classes.map((_, i) => gaussian(D, seedOf(entry.name, "text", i)));
        mine.setPromptEmbeddings(texts);
        for (const photo of VERIFY_PHOTOS) {
          const image = gaussian(D, seedOf(entry.name, path.basename(photo)));
          const near = texts[seedOf(path.basename(photo)) % texts.length]!;
          for (let i = 0; i < D; i++) image[i] = image[i]! + 0.11 * near[i]!; // cosine ≈ 0.11 with one prompt: scores away from 0 and 1
          const cos = (a: Float32Array, b: Float32Array) => a.reduce((sum, v, i) => sum + v * b[i]!, 0) / Math.hypot(...a) / Math.hypot(...b);
          const logits = Float32Array.from(texts, (t) => scale * cos(image, t) + bias);
          const tjsModel = Object.assign(() => Promise.resolve({ logits_per_image: new Tensor("float32", logits, [1, texts.length]) }), { config, dispose: () => Promise.resolve() });
          // transformers.js tokenizes the prompts before the model runs; the stand-in model ignores the ids (the repository's tokenizer files are not in the fixtures).
          const tokenizer = (prompts: string[]) => ({ input_ids: new Tensor("int64", new BigInt64Array(prompts.length), [prompts.length, 1]) });
          const pipe = new ZeroShotImageClassificationPipeline({ task: "zero-shot-image-classification", model: tjsModel, tokenizer, processor } as never) as unknown as (x: string, c: string[]) => Promise<{ label: string; score: number }[]>;
          const [ref] = await pipe(photo, options.classes);
          const got = mine.process({ [mine.outputNames[0]!]: { data: image, dims: [1, D] } }, { index: 0, storeLogits: false } as never);
          assert.equal(got.label, ref!.label, photo);
          assert.ok(Math.abs(got.confidence! - ref!.score) <= 1e-4, `${photo}: ${got.confidence} vs ${ref!.score}`);
        }
        if (options.scoring === "sigmoid") {
          // Without the model's scale and bias the label is the same (sigmoid is monotonic) and no confidence is claimed.
          const bare = new ZeroShotProcessor(options);
          bare.setPromptEmbeddings(texts);
          const image = texts[3]!;
          const got = bare.process({ [bare.outputNames[0]!]: { data: image, dims: [1, D] } }, { index: 0, storeLogits: false } as never);
          assert.equal(got.label, options.classes[3]);
          assert.equal(got.confidence, undefined);
        }
      });
      continue;
    }
    // Entries with the same input and processor (or embeddings pooling) as an earlier one (DETR R101 = R50, SegFormer B2 = B0, DINOv2 B/L = S) share its comparison.
    const twin = entries.find((e) => e !== entry && entries.indexOf(e) < entries.indexOf(entry) && JSON.stringify([e.input, e.processor, e.embeddings]) === JSON.stringify([entry.input, entry.processor, entry.embeddings]));
    if (twin) {
      test(`${entry.name}: the same input and ${task} processor as ${twin.name}, compared there`, () => assert.deepEqual([entry.input, entry.processor, entry.embeddings], [twin.input, twin.processor, twin.embeddings]));
      continue;
    }
    // The same processor as an earlier entry with another input size (SegFormer B5, Depth Anything V2): three photos suffice.
    const sameProcessor = entries.some((e) => entries.indexOf(e) < entries.indexOf(entry) && JSON.stringify(e.processor) === JSON.stringify(entry.processor) && e.processor !== undefined);
    const photos = sameProcessor ? VERIFY_PHOTOS.slice(0, 3) : VERIFY_PHOTOS;
    test(`${entry.name}: ${task}`, async () => {
      const repo = repoOf(entry);
      const processor = await AutoProcessor.from_pretrained(repo);
      for (const photo of photos) {
        const make = makerFor(entry, photo);
        const model = new StandInModel(entry, make);
        await model.load();
        const image = await decodeImage(photo);
        const tjsModel = standInTjsModel(repo, make);
        if (task === "classifier") {
          const mine = (await model.predict(image)) as Classification;
          const pipe = new ImageClassificationPipeline({ task: "image-classification", model: tjsModel, processor } as never) as unknown as (x: string, o: object) => Promise<{ label: string; score: number }[]>;
          const [ref] = await pipe(photo, { top_k: 1 });
          assert.equal(mine.label, ref!.label, photo);
          assert.ok(Math.abs(mine.confidence! - ref!.score) <= 1e-4, `${photo}: ${mine.confidence} vs ${ref!.score}`);
        } else if (task === "detr") {
          const mine = ((await model.predict(image)) as Detections).detections;
          const sigmoid = (entry.processor!.options as { scoring?: string }).scoring === "sigmoid";
          let ref: { label: string; score: number; box: [number, number, number, number] }[];
          const id2label = fixtureJson(repo, "config.json").id2label as Record<string, string>;
          if (sigmoid) {
            // RT-DETR scores each class with a sigmoid (Python's RTDetrImageProcessor); transformers.js' pipeline
            // decodes it as DETR (softmax, last class = no object), so compare with its sigmoid decoding instead.
            const outs = make([1, 3, 640, 640]);
            const ip = (processor as unknown as { image_processor: { post_process_object_detection: (o: object, t: number, s: null, z: boolean) => { boxes: number[][]; classes: number[]; scores: number[] }[] } }).image_processor;
            const [r] = ip.post_process_object_detection({ logits: toTensor(outs.logits!), pred_boxes: toTensor(outs.pred_boxes!) }, 0.5, null, true);
            ref = r!.boxes.map((b, i) => ({ label: id2label[String(r!.classes[i])]!, score: r!.scores[i]!, box: b as [number, number, number, number] }));
          } else {
            const pipe = new ObjectDetectionPipeline({ task: "object-detection", model: tjsModel, processor } as never) as unknown as (x: string, o: object) => Promise<{ label: string; score: number; box: { xmin: number; ymin: number; xmax: number; ymax: number } }[]>;
            ref = (await pipe(photo, { threshold: 0.5, percentage: true })).map((d) => ({ label: d.label, score: d.score, box: [d.box.xmin, d.box.ymin, d.box.xmax, d.box.ymax] }));
          }
          assert.ok(ref.length > 0, `${photo}: some detections to compare`);
          assert.equal(mine.length, ref.length, `${photo}: as many detections`);
          const order = (a: { label: string; score: number; x: number }, b: { label: string; score: number; x: number }) => a.label.localeCompare(b.label) || a.score - b.score || a.x - b.x;
          const sorted = ref.map((r) => ({ ...r, x: r.box[0] })).sort(order);
          const mineSorted = mine.map((m) => ({ ...m, score: m.confidence!, x: m.boundingBox[0] })).sort(order);
          sorted.forEach((r, i) => {
            const m = mineSorted[i]!;
            assert.equal(m.label, r.label, photo);
            assert.ok(Math.abs(m.confidence! - r.score) <= 1e-4, `${photo}: score ${m.confidence} vs ${r.score}`);
            const [x, y, w, h] = m.boundingBox;
            const px = [x * image.width, y * image.height, (x + w) * image.width, (y + h) * image.height];
            const refPx = [r.box[0] * image.width, r.box[1] * image.height, r.box[2] * image.width, r.box[3] * image.height];
            assert.ok(maxDiff(px, refPx) <= 0.5, `${photo}: box ${px.join(",")} vs ${refPx.join(",")}`);
          });
        } else if (task === "semantic-segmentation") {
          const mine = (await model.predict(image)) as Segmentation;
          const ip = (processor as unknown as { image_processor: { post_process_semantic_segmentation: (o: object, s: number[][]) => { segmentation: Tensor }[] } }).image_processor;
          const prepared = await model.prepare(image);
          const outs = make([1, 3, prepared.height!, prepared.width!]);
          const [ref] = ip.post_process_semantic_segmentation({ logits: toTensor(outs.logits!) }, [[image.height, image.width]]);
          const seg = ref!.segmentation.data as Int32Array;
          let differ = 0;
          for (let y = 0; y < image.height; y++) for (let x = 0; x < image.width; x++) if (mine.mask!.get(y, x) !== seg[y * image.width + x]) differ++;
          // Identical but for float rounding where two interpolated class scores tie (at most 1 pixel in 100,000).
          assert.ok(differ <= (image.width * image.height) / 1e5, `${photo}: ${differ} of ${image.width * image.height} pixels labelled differently`);
        } else if (task === "panoptic-segmentation") {
          const mine = ((await model.predict(image)) as Detections).detections;
          const prepared = await model.prepare(image);
          const outs = make([1, 3, prepared.height!, prepared.width!]);
          const ip = (processor as unknown as { image_processor: { post_process_panoptic_segmentation: (o: object, t: number, m: number, a: number, f: Set<number>, s: number[][]) => { segmentation: Tensor; segments_info: { id: number; label_id: number; score: number }[] }[] } }).image_processor;
          const [ref] = ip.post_process_panoptic_segmentation({ logits: toTensor(outs.logits!), pred_masks: toTensor(outs.pred_masks!) }, 0.5, 0.5, 0.8, new Set(), [[image.height, image.width]]);
          const id2label = fixtureJson(repo, "config.json").id2label as Record<string, string>;
          const seg = ref!.segmentation.data as Int32Array;
          assert.ok(ref!.segments_info.length > 1, `${photo}: some segments to compare`);
          assert.equal(mine.length, ref!.segments_info.length, `${photo}: as many segments: ${JSON.stringify(mine.map((m) => [m.label, m.confidence]))} vs ${JSON.stringify(ref!.segments_info.map((i) => [i.label_id, i.score]))}`);
          ref!.segments_info.forEach((info, i) => {
            const m = mine[i]!;
            assert.equal(m.label, id2label[String(info.label_id)], photo);
            assert.ok(Math.abs(m.confidence! - info.score) <= 1e-4, `${photo}: score ${m.confidence} vs ${info.score}`);
            const [bx, by] = [Math.round(m.boundingBox[0] * image.width), Math.round(m.boundingBox[1] * image.height)];
            let differ = 0;
            let area = 0;
            for (let y = 0; y < image.height; y++) {
              for (let x = 0; x < image.width; x++) {
                const inBox = x >= bx && y >= by && x < bx + m.mask!.width && y < by + m.mask!.height;
                const ours = inBox && m.mask!.get(y - by, x - bx) === 1;
                const theirs = seg[y * image.width + x] === info.id;
                if (theirs) area++;
                if (ours !== theirs) differ++;
              }
            }
            // Identical on these photos; transformers.js' bilinear resize extrapolates in the outer half pixel of the masks (PyTorch clamps there), so a border pixel may differ.
            assert.ok(differ <= area / 1000, `${photo}: ${info.label_id} ${differ} of ${area} pixels differ`);
          });
        } else if (task === "heatmap") {
          const mine = (await model.predict(image)) as Heatmap;
          const pipe = new DepthEstimationPipeline({ task: "depth-estimation", model: tjsModel, processor } as never) as unknown as (x: string) => Promise<{ predicted_depth: Tensor }>;
          const { predicted_depth: ref } = await pipe(photo);
          const d = ref.data as Float32Array;
          let lo = Infinity;
          let hi = -Infinity;
          for (const v of d) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
          const norm = Float32Array.from(d, (v) => (v - lo) / (hi - lo));
          assert.deepEqual(ref.dims, [image.height, image.width]);
          const map = Float32Array.from({ length: image.width * image.height }, (_, i) => mine.map!.get(Math.floor(i / image.width), i % image.width));
          assert.ok(maxDiff(map, norm) <= 1e-4, `${photo}: depth differs by ${maxDiff(map, norm)}`);
        } else {
          const [vector] = await model.embedAll([image]);
          const pipe = new ImageFeatureExtractionPipeline({ task: "image-feature-extraction", model: tjsModel, processor } as never) as unknown as (x: string) => Promise<Tensor>;
          const ref = await pipe(photo);
          const cls = (ref.data as Float32Array).subarray(0, ref.dims[ref.dims.length - 1]);
          const norm = Math.hypot(...cls);
          assert.ok(maxDiff(vector!, Array.from(cls, (v) => v / norm)) <= 1e-4, `${photo}: the class token, L2-normalized`);
        }
        await model.dispose();
      }
    });
  }
});
