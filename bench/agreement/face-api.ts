// @vladmandic/face-api against ssd-mobilenet-v1-wider-face-tfjs (the same weights, face-api's default options).
import { cropImage, decodeImage, zoo, type Detection, type Detections, type Keypoints, type Model, type RgbImage } from "../../src/index.js";
import { faceApiSsdFaces, loadFaceApi } from "../../test/support/face-api-reference.js";
import { BoxTally } from "./boxes.js";
import type { CorpusImage } from "./corpus.js";
import { matchBoxes, meanPointDistance } from "./metrics.js";
import { meets, type AgreementRow } from "./rows.js";

/** SSD-MobileNetV1 faces matched both ways. */
export async function faceApiRows(images: readonly CorpusImage[], log: (s: string) => void): Promise<AgreementRow[]> {
  const decoded = await Promise.all(images.map((i) => decodeImage(i.file)));
  const theirs = await faceApiSsdFaces(decoded);
  const model = await zoo.loadZooModel("ssd-mobilenet-v1-wider-face-tfjs");
  await model.load();
  const tally = new BoxTally();
  try {
    for (const [k, img] of images.entries()) {
      const ours = ((await model.predict(decoded[k]!)) as Detections).detections.map((d) => ({ label: "face", box: d.boundingBox }));
      // face-api's relative boxes may reach past the image (a face cut by the border); ours are clipped to it.
      tally.add(img.name, ours, theirs[k]!.map((f) => ({ label: "face", box: clipped(f.box) })));
    }
  } finally {
    await model.dispose();
  }
  for (const d of tally.disagreements()) log(`  ssd-mobilenet-v1 ${d}`);
  const values = tally.values();
  return [{ model: "ssd-mobilenet-v1-wider-face-tfjs", upstream: "@vladmandic/face-api", measure: "boxes", images: images.length, values, pass: meets("boxes", values) }];
}

/** An `[x, y, w, h]` box clipped to the unit square. */
function clipped(box: readonly [number, number, number, number]): [number, number, number, number] {
  const x0 = Math.max(0, box[0]);
  const y0 = Math.max(0, box[1]);
  const x1 = Math.min(1, box[0] + box[2]);
  const y1 = Math.min(1, box[1] + box[3]);
  return [x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0)];
}

/** The parts of face-api's API the rows below use beyond test/support's. */
interface FaceApiMore {
  nets: Record<"tinyFaceDetector" | "faceLandmark68Net" | "faceLandmark68TinyNet" | "faceExpressionNet" | "ageGenderNet" | "faceRecognitionNet" | "ssdMobilenetv1", { loadFromDisk(dir: string): Promise<void> }>;
  TinyFaceDetectorOptions: new () => unknown;
  SsdMobilenetv1Options: new () => unknown;
  detectAllFaces(input: unknown, options: unknown): FaceApiTask;
}
interface FaceApiBox {
  relativeBox: { x: number; y: number; width: number; height: number };
}
interface FaceApiResult {
  detection: FaceApiBox;
  landmarks?: { positions: { x: number; y: number }[] };
  expressions?: Record<string, number>;
  age?: number;
  gender?: string;
  genderProbability?: number;
  descriptor?: Float32Array;
}
interface FaceApiTask extends PromiseLike<FaceApiBox[]> {
  withFaceLandmarks(useTiny?: boolean): FaceApiTask;
  withFaceExpressions(): FaceApiTask;
  withAgeAndGender(): FaceApiTask;
  withFaceDescriptors(): FaceApiTask;
}

const relBox = (b: FaceApiBox["relativeBox"]): [number, number, number, number] => clipped([b.x, b.y, b.width, b.height]);

/** face-api on each image (an int32 HWC tensor), the task built by `task`. */
async function faceApiRun<T>(images: readonly RgbImage[], nets: readonly (keyof FaceApiMore["nets"])[], task: (api: FaceApiMore, input: unknown) => PromiseLike<T>): Promise<T[]> {
  const { tf, faceapi, modelDir } = await loadFaceApi();
  const api = faceapi as unknown as FaceApiMore;
  for (const n of nets) await api.nets[n].loadFromDisk(modelDir);
  const out: T[] = [];
  for (const image of images) {
    const input = tf.tensor3d(image.data, [image.height, image.width, 3], "int32");
    out.push(await task(api, input));
    input.dispose();
  }
  return out;
}

/** The Tiny Face Detector (face-api's default options: 416 px, score 0.5) against the entry. */
export async function tinyFaceRows(images: readonly CorpusImage[], log: (s: string) => void): Promise<AgreementRow[]> {
  const decoded = await Promise.all(images.map((i) => decodeImage(i.file)));
  const theirs = await faceApiRun(decoded, ["tinyFaceDetector"], (api, input) => api.detectAllFaces(input, new api.TinyFaceDetectorOptions()));
  const model = await zoo.loadZooModel("tiny-face-detector-wider-face-tfjs");
  await model.load();
  const tally = new BoxTally();
  try {
    for (const [k, img] of images.entries()) {
      const ours = ((await model.predict(decoded[k]!)) as Detections).detections.map((d) => ({ label: "face", box: d.boundingBox }));
      tally.add(img.name, ours, theirs[k]!.map((f) => ({ label: "face", box: relBox(f.relativeBox) })));
    }
  } finally {
    await model.dispose();
  }
  for (const d of tally.disagreements()) log(`  tiny-face-detector ${d}`);
  const values = tally.values();
  return [{ model: "tiny-face-detector-wider-face-tfjs", upstream: "@vladmandic/face-api", measure: "boxes", images: images.length, values, pass: meets("boxes", values) }];
}

/** Our SSD faces paired one to one with face-api's (IoU ≥ 0.8): index pairs. */
function pairByBox(ours: readonly Detection[], theirs: readonly FaceApiResult[]): [number, number][] {
  return matchBoxes(
    ours.map((d) => ({ label: "face", box: d.boundingBox })),
    theirs.map((t) => ({ label: "face", box: relBox(t.detection.relativeBox) })),
  );
}

/**
 * face-api's whole pipeline (SSD-MobileNetV1, then landmarks, expressions, age and gender,
 * descriptors, as its README chains them) against the zoo's crop entries on the SSD faces.
 */
export async function faceApiCropRows(images: readonly CorpusImage[], log: (s: string) => void, input: Record<string, unknown> = {}): Promise<AgreementRow[]> {
  const decoded = await Promise.all(images.map((i) => decodeImage(i.file)));
  const nets = ["ssdMobilenetv1", "faceLandmark68Net", "faceLandmark68TinyNet", "faceExpressionNet", "ageGenderNet", "faceRecognitionNet"] as const;
  // Expressions, age and gender on the detection boxes (no landmarks: with them face-api cuts the aligned box instead).
  const attrs = (await faceApiRun(decoded, nets, (api, input) => api.detectAllFaces(input, new api.SsdMobilenetv1Options()).withFaceExpressions().withAgeAndGender())) as unknown as FaceApiResult[][];
  const full = (await faceApiRun(decoded, nets, (api, input) => api.detectAllFaces(input, new api.SsdMobilenetv1Options()).withFaceLandmarks().withFaceDescriptors())) as unknown as FaceApiResult[][];
  const tiny = (await faceApiRun(decoded, nets, (api, input) => api.detectAllFaces(input, new api.SsdMobilenetv1Options()).withFaceLandmarks(true))) as unknown as FaceApiResult[][];
  const common = { upstream: "@vladmandic/face-api", images: images.length } as const;
  const rows: AgreementRow[] = [];

  for (const [entry, reference] of [["face-landmarks-68-tfjs", full], ["face-landmarks-68-tiny-tfjs", tiny]] as const) {
    let distSum = 0;
    let instances = 0;
    await withEntry(entry, { input }, async (model) => {
      for (const [k, image] of decoded.entries()) {
        const out = (await model.predict(image)) as unknown as { detections: Detections; keypoints: Keypoints };
        const sets = out.keypoints.keypoints;
        for (const [i, j] of pairByBox(out.detections.detections, reference[k]!)) {
          const theirs = reference[k]![j]!.landmarks!.positions.map((p) => [p.x / image.width, p.y / image.height]);
          distSum += meanPointDistance(sets[i]!.points.map((p) => p ?? [NaN, NaN]), theirs, image.width, image.height);
          instances++;
        }
      }
    });
    const values = { meanDistance: instances ? distSum / instances : 0, instances };
    rows.push({ ...common, model: entry, measure: "keypoints", values, pass: meets("keypoints", values) });
  }

  let same = 0;
  let n = 0;
  let probDiff = 0;
  await withEntry("face-expression-tfjs", { input }, async (model) => {
    for (const [k, image] of decoded.entries()) {
      const ours = ((await model.predict(image)) as Detections).detections;
      for (const [i, j] of pairByBox(ours, attrs[k]!)) {
        const a = ours[i]!.attributes ?? {};
        const ex = attrs[k]![j]!.expressions!;
        const top = Object.entries(ex).sort((x, y) => y[1] - x[1])[0]!;
        n++;
        if (a.expression === top[0]) same++;
        else log(`  face-expression ${images[k]!.name}: ours ${String(a.expression)}, upstream ${top[0]}`);
        probDiff += Math.abs(Number(a.expression_confidence) - (ex[String(a.expression)] ?? 0));
      }
    }
  });
  const ev = { sameTop: n ? same / n : 0, meanProbDiff: n ? probDiff / n : 0, instances: n };
  rows.push({ ...common, model: "face-expression-tfjs", measure: "top-label", values: ev, pass: meets("top-label", ev) });

  let gSame = 0;
  let gN = 0;
  let gDiff = 0;
  let ageDiff = 0;
  await withEntry("age-gender-xception-tfjs", { input }, async (model) => {
    for (const [k, image] of decoded.entries()) {
      const ours = ((await model.predict(image)) as Detections).detections;
      for (const [i, j] of pairByBox(ours, attrs[k]!)) {
        const a = ours[i]!.attributes ?? {};
        const t = attrs[k]![j]!;
        gN++;
        if (a.gender === t.gender) gSame++;
        const ourP = a.gender === t.gender ? Number(a.gender_confidence) : 1 - Number(a.gender_confidence);
        gDiff += Math.abs(ourP - t.genderProbability!);
        ageDiff += Math.abs(Number(a.age) - t.age!);
      }
    }
  });
  // The same net on face-api's own boxes (cut as the cascade cuts): how much of the age difference is the boxes'.
  let sameBoxAgeDiff = 0;
  let sb = 0;
  await withEntry("age-gender-xception-tfjs", { crops: false, input }, async (model) => {
    for (const [k, image] of decoded.entries()) {
      for (const t of attrs[k]!) {
        const out = (await model.predict(cropImage(image, relBox(t.detection.relativeBox)))) as unknown as { age: { value: number } };
        sameBoxAgeDiff += Math.abs(out.age.value - t.age!);
        sb++;
      }
    }
  });
  const gv = { sameTop: gN ? gSame / gN : 0, meanProbDiff: gN ? gDiff / gN : 0, instances: gN };
  const av = { meanAbsDiff: gN ? ageDiff / gN : 0, instances: gN, meanAbsDiffOnUpstreamBoxes: sb ? sameBoxAgeDiff / sb : 0 };
  rows.push({ ...common, model: "age-gender-xception-tfjs", measure: "top-label", values: gv, pass: meets("top-label", gv) });
  rows.push({ ...common, model: "age-gender-xception-tfjs", measure: "age", values: av, pass: meets("age", av) });

  // Descriptors: ours on each SSD face's box (as the entry crops), face-api's on the face aligned by its landmarks.
  let cos = 0;
  let dn = 0;
  const detector = await zoo.loadZooModel("ssd-mobilenet-v1-wider-face-tfjs");
  await detector.load();
  try {
    await withEntry("face-recognition-resnet34-tfjs", { crops: false, input }, async (model) => {
      for (const [k, image] of decoded.entries()) {
        const faces = ((await detector.predict(image)) as Detections).detections;
        for (const [i, j] of pairByBox(faces, full[k]!)) {
          const ours = await model.embed(cropImage(image, faces[i]!.boundingBox));
          cos += cosine(ours, full[k]![j]!.descriptor!);
          dn++;
        }
      }
    });
  } finally {
    await detector.dispose();
  }
  const rv = { meanCosine: dn ? cos / dn : 0, instances: dn };
  rows.push({ ...common, model: "face-recognition-resnet34-tfjs", measure: "embedding", values: rv, pass: meets("embedding", rv) });
  return rows;
}

async function withEntry(name: string, options: Parameters<typeof zoo.loadZooModel>[1], run: (m: Model) => Promise<void>): Promise<void> {
  const model = await zoo.loadZooModel(name, options);
  await model.load();
  try {
    await run(model);
  } finally {
    await model.dispose();
  }
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb);
}
