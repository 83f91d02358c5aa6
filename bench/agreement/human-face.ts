// @vladmandic/human's face modules against the zoo's face-crop entries (human-crops manifest), on the same weights:
// the attribute models human runs on each face (emotion, description, antispoof, liveness, SSR-Net) and the mesh.
import path from "node:path";
import { CascadeModel, FaceDescriptionProcessor, Regression, TfjsImageModel, decodeImage, zoo, type Detection, type Detections, type Keypoints, type Model, type OutputProcessor, type RgbImage } from "../../src/index.js";
import { loadUpstreamHuman } from "../../test/support/upstream-human.js";
import type { CorpusImage } from "./corpus.js";
import { matchBoxes, meanPointDistance } from "./metrics.js";
import { meets, type AgreementRow } from "./rows.js";

/** The parts of a human face result these rows read. */
interface HumanFace {
  boxRaw: [number, number, number, number];
  meshRaw: [number, number, number?][];
  emotion?: { score: number; emotion: string }[];
  age?: number;
  gender?: string;
  genderScore?: number;
  real?: number;
  live?: number;
}

/** human's face detector as the blazeface rows configure it (stretched to its square input, scale 1.4 as the crops' alpha 0.4). */
const DETECTOR = { modelPath: "blazeface-back.json", rotation: false, square: false, maxDetected: 100, minConfidence: 0.5, iouThreshold: 0.3, scale: 1.4, skipFrames: 0, skipTime: 0 };
const OFF = { enabled: false };
const EVERY = { skipFrames: 0, skipTime: 0 };

/**
 * A face-crop entry as a cascade on BlazeFace (back) stretched to its input (`input.resize:
 * "fill"`, as the blazeface rows and human), with the entry's own crop settings.
 */
async function faceCascade(name: string, input: Record<string, unknown> = {}): Promise<Model> {
  const entry = zoo.getZooModel(name);
  const c = entry.crops!;
  const detector = await zoo.loadZooModel(c.detector, { input: { resize: "fill" } });
  let model = await zoo.loadZooModel(name, { crops: false, input });
  if (entry.processor?.type === "face-description") {
    // The entry's own decoding plus `ageHuman`, the same output decoded as human does: the age row measures both.
    await model.dispose();
    const processor = new FaceDescriptionProcessor();
    const both: OutputProcessor = {
      outputNames: processor.outputNames,
      process: (outputs, ctx) => ({ ...processor.process(outputs, ctx), ageHuman: new Regression({ value: humanAge(outputs["age_pred/Softmax:0"]!.data, ctx.index) }) }),
    };
    model = new TfjsImageModel({ name, modelPath: path.join(zoo.findZooModel(name), entry.modelFile), input: { ...entry.input, ...input }, processor: both });
  }
  const cascade = new CascadeModel({
    name,
    detector,
    model,
    ...(c.classes ? { classes: c.classes } : {}),
    crop: { ...(c.alpha !== undefined ? { alpha: c.alpha } : {}), ...(c.forceSquare !== undefined ? { forceSquare: c.forceSquare } : {}) },
    attribute: c.attribute ?? name,
    owns: ["detector", "model"],
  });
  await cascade.load();
  return cascade;
}

/**
 * human's FaceRes age (src/face/faceres.ts): the most likely decade bin `i` of the 100
 * outputs, moved towards its larger neighbour: `i − 10·p[i−1]` or `i + 10·p[i+1]`.
 */
function humanAge(ages: ArrayLike<number>, index: number): number {
  const a = (k: number) => ages[index * 100 + k] ?? 0;
  let i = 0;
  for (let k = 1; k < 100; k++) if (a(k) > a(i)) i = k;
  return Math.round(a(i - 1) > a(i + 1) ? 10 * i - 100 * a(i - 1) : 10 * i + 100 * a(i + 1)) / 10;
}

/** Our raw detector box grown by 1.4 about its centre and squared in pixels: human's face box without the mesh. */
function humanStyleBox(box: readonly number[], image: RgbImage): [number, number, number, number] {
  const side = 1.4 * Math.max(box[2]! * image.width, box[3]! * image.height);
  const cx = box[0]! + box[2]! / 2;
  const cy = box[1]! + box[3]! / 2;
  return [cx - side / image.width / 2, cy - side / image.height / 2, side / image.width, side / image.height];
}

/** Pairs of our detections and human's faces (IoU ≥ 0.5 of the boxes human reports). */
function pairFaces(ours: readonly Detection[], theirs: readonly HumanFace[], image: RgbImage): [Detection, HumanFace][] {
  const pairs = matchBoxes(
    ours.map((d) => ({ label: "face", box: humanStyleBox(d.boundingBox, image) })),
    theirs.map((f) => ({ label: "face", box: f.boxRaw })),
    0.5,
  );
  return pairs.map(([i, j]) => [ours[i]!, theirs[j]!]);
}

/** What one attribute entry is compared on: its label and the probability of that label, on both sides. */
interface AttributeSpec {
  entry: string;
  /** Our attribute key on each detection. */
  key: string;
  /** human's label and its probability for a face, or undefined when human gave none. */
  theirs(f: HumanFace): { label: string; p: number } | undefined;
  /** For a two-class attribute: the other label (our probability of human's label is 1 − ours when the labels differ). */
  binary?: readonly [string, string];
  /** Also compare `age` (years). */
  age?: boolean;
}

const SPECS: Record<string, AttributeSpec> = {
  emotion: { entry: "emotion-fer2013-tfjs", key: "emotion", theirs: (f) => (f.emotion?.[0] ? { label: f.emotion[0].emotion, p: f.emotion[0].score } : undefined) },
  antispoof: { entry: "antispoof-human-tfjs", key: "antispoof", binary: ["spoof", "real"], theirs: (f) => (f.real === undefined ? undefined : f.real >= 0.5 ? { label: "real", p: f.real } : { label: "spoof", p: 1 - f.real }) },
  liveness: { entry: "liveness-human-tfjs", key: "liveness", binary: ["live", "replay"], theirs: (f) => (f.live === undefined ? undefined : f.live >= 0.5 ? { label: "live", p: f.live } : { label: "replay", p: 1 - f.live }) },
  faceres: { entry: "faceres-vggface2-tfjs", key: "gender", binary: ["female", "male"], age: true, theirs: faceresGender },
  "faceres-deep": { entry: "faceres-deep-vggface2-tfjs", key: "gender", binary: ["female", "male"], age: true, theirs: faceresGender },
  "ssrnet-gender": { entry: "ssrnet-gender-imdb-tfjs", key: "gender", binary: ["female", "male"], theirs: genderOf },
  "ssrnet-age": { entry: "ssrnet-age-tfjs", key: "age", age: true, theirs: () => undefined },
};

/** human's FaceRes genderScore is 2·|p − 0.5| (its src/face/faceres.ts), not a probability: p = 0.5 + score / 2. */
function faceresGender(f: HumanFace): { label: string; p: number } | undefined {
  const g = genderOf(f);
  return g && { label: g.label, p: 0.5 + g.p / 2 };
}

function genderOf(f: HumanFace): { label: string; p: number } | undefined {
  return f.gender === "female" || f.gender === "male" ? { label: f.gender, p: f.genderScore ?? 0 } : undefined;
}

/** human's face config that runs one attribute model (its modules keep one model each, so one per process). */
function humanFaceConfig(which: string): Record<string, unknown> {
  return {
    face: {
      enabled: true,
      detector: DETECTOR,
      mesh: OFF,
      iris: OFF,
      attention: OFF,
      emotion: which === "emotion" ? { enabled: true, minConfidence: 0, modelPath: "emotion.json", ...EVERY } : OFF,
      description: which.startsWith("faceres") ? { enabled: true, minConfidence: 0, modelPath: `${which}.json`, ...EVERY } : OFF,
      antispoof: which === "antispoof" ? { enabled: true, modelPath: "antispoof.json", ...EVERY } : OFF,
      liveness: which === "liveness" ? { enabled: true, modelPath: "liveness.json", ...EVERY } : OFF,
      ssrnet: which.startsWith("ssrnet") ? { enabled: true, modelPathAge: "age.json", modelPathGender: "gender-ssrnet-imdb.json", ...EVERY } : OFF,
    },
  };
}

/**
 * One face attribute model (`which`: a key of SPECS) against human's, on the faces both
 * find: same top label and the difference of the top label's probability (and of the age).
 */
export async function faceAttributeRows(which: string, images: readonly CorpusImage[], log: (s: string) => void, input: Record<string, unknown> = {}): Promise<AgreementRow[]> {
  const spec = SPECS[which]!;
  const human = await loadUpstreamHuman(humanFaceConfig(which));
  const model = await faceCascade(spec.entry, input);
  let same = 0;
  let labelled = 0;
  let probDiff = 0;
  let ageDiff = 0;
  let ageHumanDiff = 0;
  let aged = 0;
  let upstreamFaces = 0;
  let ourFaces = 0;
  try {
    for (const img of images) {
      const image = await decodeImage(img.file);
      const theirs = (await human.detect(image)).face as unknown as HumanFace[];
      const ours = ((await model.predict(image)) as Detections).detections;
      upstreamFaces += theirs.length;
      ourFaces += ours.length;
      for (const [d, f] of pairFaces(ours, theirs, image)) {
        const a = d.attributes ?? {};
        const t = spec.theirs(f);
        if (t && typeof a[spec.key] === "string") {
          const label = a[spec.key] as string;
          const conf = Number(a[`${spec.key}_confidence`]);
          labelled++;
          if (label === t.label) same++;
          else log(`  ${spec.entry} ${img.name}: ours ${label} ${conf.toFixed(2)}, upstream ${t.label} ${t.p.toFixed(2)}`);
          // The probability of human's label: ours directly when the labels agree (or, for two classes, 1 − ours).
          const ourP = label === t.label ? conf : spec.binary ? 1 - conf : 0;
          probDiff += Math.abs(ourP - t.p);
        }
        if (spec.age && typeof f.age === "number" && f.age > 0 && typeof a.age === "number") {
          ageDiff += Math.abs(a.age - f.age);
          if (typeof a.ageHuman === "number") ageHumanDiff += Math.abs(a.ageHuman - f.age);
          aged++;
        }
      }
    }
  } finally {
    await model.dispose();
  }
  const rows: AgreementRow[] = [];
  const common = { model: spec.entry, upstream: "@vladmandic/human", images: images.length } as const;
  if (which !== "ssrnet-age") {
    const values = { sameTop: labelled ? same / labelled : 0, meanProbDiff: labelled ? probDiff / labelled : 0, instances: labelled, upstreamFaces, ourFaces };
    rows.push({ ...common, measure: "top-label", values, pass: meets("top-label", values) });
  }
  if (spec.age) {
    const values: Record<string, number> = { meanAbsDiff: aged ? ageDiff / aged : 0, instances: aged, upstreamFaces, ourFaces };
    if (spec.entry.startsWith("faceres")) values.meanAbsDiffHumanDecoding = aged ? ageHumanDiff / aged : 0;
    rows.push({ ...common, measure: "age", values, pass: meets("age", values) });
  }
  return rows;
}

/**
 * FaceMesh: human with its mesh on (the 468 points of each face) against facemesh-mediapipe-tfjs
 * on the same BlazeFace faces; faces paired by their mesh's centre.
 */
export async function facemeshRows(images: readonly CorpusImage[], log: (s: string) => void): Promise<AgreementRow[]> {
  const human = await loadUpstreamHuman({
    face: { enabled: true, detector: DETECTOR, mesh: { enabled: true, modelPath: "facemesh.json", keepInvalid: false }, iris: OFF, attention: OFF, emotion: OFF, description: OFF, antispoof: OFF, liveness: OFF },
  });
  const model = await faceCascade("facemesh-mediapipe-tfjs");
  let distSum = 0;
  let instances = 0;
  let upstreamFaces = 0;
  let ourFaces = 0;
  try {
    for (const img of images) {
      const image = await decodeImage(img.file);
      const theirs = ((await human.detect(image)).face as unknown as HumanFace[]).filter((f) => f.meshRaw.length === 468);
      const ours = ((await model.predict(image)) as unknown as { keypoints?: Keypoints }).keypoints?.keypoints ?? [];
      upstreamFaces += theirs.length;
      ourFaces += ours.length;
      const diag = Math.hypot(image.width, image.height);
      const used = new Set<number>();
      for (const f of theirs) {
        const c = centre(f.meshRaw);
        let best = -1;
        let bestD = 0.05 * diag;
        ours.forEach((o, k) => {
          if (used.has(k)) return;
          const oc = centre(o.points.map((p) => p ?? [NaN, NaN]));
          const d = Math.hypot((oc[0] - c[0]) * image.width, (oc[1] - c[1]) * image.height);
          if (d < bestD) [best, bestD] = [k, d];
        });
        if (best < 0) {
          log(`  facemesh ${img.name}: an upstream face with no mesh of ours near it`);
          continue;
        }
        used.add(best);
        distSum += meanPointDistance(ours[best]!.points.map((p) => p ?? [NaN, NaN]), f.meshRaw.map(([x, y]) => [x, y]), image.width, image.height);
        instances++;
      }
    }
  } finally {
    await model.dispose();
  }
  const values = { meanDistance: instances ? distSum / instances : 0, instances, upstreamFaces, ourFaces };
  return [{ model: "facemesh-mediapipe-tfjs", upstream: "@vladmandic/human", measure: "keypoints", images: images.length, values, pass: meets("keypoints", values) }];
}

function centre(points: readonly (readonly (number | undefined)[])[]): [number, number] {
  let x = 0;
  let y = 0;
  for (const p of points) {
    x += p[0]!;
    y += p[1]!;
  }
  return [x / points.length, y / points.length];
}
