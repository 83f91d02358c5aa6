import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Dataset, decodeImage, type ImageModel, type Keypoints, type RgbImage } from "../../src/index.js";
import { rotateQuarterLeft } from "../../src/media/index.js";
import { loadTfjs, readGraphModelArtifacts } from "../../src/runtimes/index.js";
import { corpus } from "../../bench/agreement/corpus.js";
import { useTempHome } from "../support/env.js";
import { humanModelsDir, zooModelLoader } from "../support/models.js";

useTempHome();
const model = zooModelLoader();

/*
 * The zoo's MoveNet MultiPose against Google's own MoveNet library,
 * @tensorflow-models/pose-detection, on the same weights (human-models' movenet-multipose,
 * given to pose-detection through an io handler as bench/contenders/pose-detection.ts does:
 * nothing is fetched) and the same decoded pixels, on real photos: the 12 photos of people
 * of the agreement corpus (landscapes and squares, 190 to 1920 px) and three of them turned
 * a quarter (portraits).
 *
 * Tolerances, from the spread measured here: the entry resizes with TF.js's resizeBilinear
 * arithmetic in float64 where TF.js's wasm kernel uses float32, so at most 0.105% of input
 * values came out one level apart (181 of 172,032 on face-api-sample6, none on six of the
 * photos); the confident keypoints then lay at most 0.27 px apart, person scores at most
 * 0.0004. The test allows 1 level on 0.5% of values, 0.5 px and 0.01. (With the letterbox
 * input the entry had before, the same keypoints lie 0.64% of the diagonal apart on average:
 * bench/results/multipose-geometry.json.)
 */

interface Pose {
  score: number;
  keypoints: { x: number; y: number; score: number }[];
}
interface Detector {
  estimatePoses(image: unknown): Promise<Pose[]>;
  dispose(): void;
  moveNetModel: { execute(x: unknown): unknown };
}

/** The entry's minScore; pose-detection gets it as minPoseScore. */
const MIN_POSE_SCORE = 0.3;
/** Keypoints compared: confident on both sides (the agreement check's threshold). */
const MIN_KEYPOINT_SCORE = 0.3;

let detector: Detector;
/** The input tensor pose-detection fed its graph last. */
let fed: { shape: number[]; data: Int32Array } | undefined;

before(async () => {
  const { tf } = await loadTfjs();
  const pd = (await import("@tensorflow-models/pose-detection")) as unknown as {
    SupportedModels: { MoveNet: string };
    movenet: { modelType: Record<string, string> };
    createDetector(model: string, config: Record<string, unknown>): Promise<Detector>;
  };
  const artifacts = readGraphModelArtifacts(path.join(humanModelsDir(), "movenet-multipose.json"));
  detector = await pd.createDetector(pd.SupportedModels.MoveNet, {
    modelType: pd.movenet.modelType.MULTIPOSE_LIGHTNING,
    modelUrl: { load: () => Promise.resolve(artifacts) },
    enableSmoothing: false,
    enableTracking: false,
    minPoseScore: MIN_POSE_SCORE,
    maxPoses: 6,
  });
  // Its graph model's execute (pose-detection's dist/movenet/detector.js, runMultiPersonPoseModel) sees the padded int32 input: keep a copy.
  const execute = detector.moveNetModel.execute.bind(detector.moveNetModel);
  detector.moveNetModel.execute = (x: unknown) => {
    const t = x as { shape: number[]; dataSync(): Int32Array };
    fed = { shape: [...t.shape], data: Int32Array.from(t.dataSync()) };
    return execute(x);
  };
  // The images go in as the tensor a Node user makes from decoded pixels.
  estimate = async (image) => {
    const tensor = tf.tensor3d(image.data, [image.height, image.width, 3], "int32");
    try {
      return await detector.estimatePoses(tensor);
    } finally {
      tensor.dispose();
    }
  };
});
after(() => detector.dispose());
let estimate: (image: RgbImage) => Promise<Pose[]>;

/** What pose-detection fed its graph on the last call (a function: TypeScript cannot see the callback set it). */
function fedInput(): { shape: number[]; data: Int32Array } {
  assert.ok(fed, "pose-detection ran its graph");
  return fed;
}

const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));

/** The corpus's photos of people, and three of them turned a quarter left (portrait orientation). */
async function photos(): Promise<{ name: string; image: RgbImage }[]> {
  const people = corpus().filter((i) => i.kinds.some((k) => k === "people" || k === "group" || k === "portrait"));
  const out = await Promise.all(people.map(async (i) => ({ name: i.name, image: await decodeImage(i.file) })));
  for (const name of ["face-api-sample1", "face-api-sample6", "opencv-basketball1"]) {
    out.push({ name: `${name} turned`, image: rotateQuarterLeft(out.find((p) => p.name === name)!.image) });
  }
  return out;
}

describe("MoveNet MultiPose against @tensorflow-models/pose-detection on real photos", () => {
  test("the same input tensor (shape and pixels), the same people, keypoints within 0.5 px", async (t) => {
    const multipose = (await model("movenet-multipose-coco-tfjs")) as ImageModel;
    const images = await photos();
    assert.ok(images.length >= 10);
    const shapes = new Set<string>();
    let portraits = 0;
    let landscapes = 0;
    let people = 0;
    let worstPx = 0;
    let worstScore = 0;
    let worstPixels = 0;
    for (const { name, image } of images) {
      if (image.height > image.width) portraits++;
      if (image.width > image.height) landscapes++;
      fed = undefined;
      const theirs = await estimate(image);
      const input = fedInput();
      const prepared = await multipose.prepare(image);
      const ours = [1, prepared.height ?? 256, prepared.width ?? 256, 3];
      assert.deepEqual(ours, input.shape, `${name}: input shape`);
      shapes.add(ours.join("×"));
      let apart = 0;
      for (let i = 0; i < input.data.length; i++) {
        const d = Math.abs(prepared.tensor[i]! - input.data[i]!);
        assert.ok(d <= 1, `${name}: input value ${i} is ${prepared.tensor[i]} here, ${input.data[i]} in pose-detection`);
        if (d) apart++;
      }
      assert.ok(apart <= 0.005 * input.data.length, `${name}: ${apart} input values one level apart`);
      worstPixels = Math.max(worstPixels, apart / input.data.length);

      const out = (await multipose.predictPrepared([prepared]))[0] as unknown as { keypoints: Keypoints };
      const poses = out.keypoints.keypoints;
      assert.equal(poses.length, theirs.length, `${name}: people found`);
      people += poses.length;
      // Both list people in the graph's order, dropping the same ones below the pose score.
      poses.forEach((p, i) => {
        const q = theirs[i]!;
        worstScore = Math.max(worstScore, Math.abs((p.attributes.score as number) - q.score));
        assert.ok(Math.abs((p.attributes.score as number) - q.score) < 0.01, `${name}: person ${i}'s score`);
        q.keypoints.forEach((k, j) => {
          if (k.score < MIN_KEYPOINT_SCORE || p.confidence![j]! < MIN_KEYPOINT_SCORE) return;
          const [x, y] = p.points[j]!;
          // pose-detection leaves a point the graph puts past the edge there (y 1551 on a 1537-px photo); labels keep points in the image.
          const d = Math.hypot(x * image.width - clamp(k.x, image.width), y * image.height - clamp(k.y, image.height));
          worstPx = Math.max(worstPx, d);
          assert.ok(d < 0.5, `${name}: person ${i} keypoint ${j} lies ${d.toFixed(2)} px from pose-detection's (scores ${p.confidence![j]} and ${k.score}; ${x * image.width},${y * image.height} vs ${k.x},${k.y})`);
        });
      });
    }
    t.diagnostic(`${images.length} photos (${portraits} portraits, ${landscapes} landscapes), ${people} people, inputs ${[...shapes].join(", ")}; worst: ${(100 * worstPixels).toFixed(3)}% of input values one level apart, keypoints ${worstPx.toFixed(3)} px, scores ${worstScore.toFixed(4)}`);
    assert.ok(portraits >= 3 && landscapes >= 3, "portraits and landscapes");
    assert.ok(people >= 20, "people compared");
    assert.ok(shapes.has("1×192×256×3") && shapes.has("1×256×192×3"), "landscape and portrait inputs");
  });

  test("applyModel in two inference workers, photos of three input sizes in batches of 4, finds what the main thread finds", async () => {
    const multipose = (await model("movenet-multipose-coco-tfjs")) as ImageModel;
    const byName = new Map(corpus().map((i) => [i.name, i.file]));
    // 1×192×256 (sample1, basketball1), 1×224×256 (sample4, sample6), 1×256×256 (astronaut).
    const files = ["face-api-sample1", "face-api-sample4", "opencv-basketball1", "face-api-sample6", "skimage-astronaut", "derived-sample3-exif3"].map((n) => byName.get(n)!);
    const expected = new Map<string, Keypoints>();
    for (const f of files) expected.set(f, ((await multipose.predict(await decodeImage(f))) as unknown as { keypoints: Keypoints }).keypoints);
    const ds = await Dataset.create("multipose-workers");
    await ds.addImages(files);
    const result = await ds.applyModel(multipose, { labelField: "pose", numWorkers: 2, batchSize: 4 });
    assert.equal(result.failures.length, 0);
    assert.equal(result.workers?.[0]?.workers, 2, "two inference workers ran");
    for await (const s of ds) {
      const got = (s.get("pose_keypoints") as Keypoints).keypoints;
      const want = expected.get(s.filepath)!.keypoints;
      assert.equal(got.length, want.length, `${path.basename(s.filepath)}: people`);
      got.forEach((p, i) => p.points.forEach((pt, j) => assert.deepEqual(pt, want[i]!.points[j], `${path.basename(s.filepath)}: person ${i} keypoint ${j}`)));
    }
  });
});
