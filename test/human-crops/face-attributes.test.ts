import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Dataset, zoo, type Detection, type Detections, type Model } from "../../src/index.js";
import { demoPhotos, useTempHome } from "../support/env.js";

useTempHome();

/** The model names and the label field each one's faces are stored in. */
const MODELS = {
  faceres: "faceres-vggface2-tfjs",
  ssrnetGender: "ssrnet-gender-imdb-tfjs",
  ssrnetAge: "ssrnet-age-tfjs",
  gender: "gender-imdb-tfjs",
  emotion: "emotion-fer2013-tfjs",
  antispoof: "antispoof-human-tfjs",
  liveness: "liveness-human-tfjs",
} as const;

describe("face attributes stored on each face BlazeFace finds (applyModel)", () => {
  let dataset: Dataset;
  /** Per field, the faces of every photo by file name. */
  const faces: Record<string, Record<string, Detection[]>> = {};
  before(async () => {
    dataset = await Dataset.create("face-attributes");
    // sample1, sample2, sample5: 3 + 3 + 5 women, all adults.
    await dataset.addImages([demoPhotos()[0]!, demoPhotos()[1]!, demoPhotos()[4]!]);
    for (const [field, name] of Object.entries(MODELS)) {
      const model: Model = await zoo.loadZooModel(name);
      await dataset.applyModel(model, { labelField: field });
      await model.dispose();
      faces[field] = {};
      for await (const s of dataset) faces[field][path.basename(s.filepath)] = (s.get(field) as Detections).detections;
    }
  });
  after(async () => {
    await Dataset.delete("face-attributes");
  });

  const all = (field: string) => Object.values(faces[field]!).flat();

  test("every model sees the same 11 faces and answers for each", () => {
    for (const field of Object.keys(MODELS)) {
      assert.deepEqual(
        Object.values(faces[field]!).map((f) => f.length),
        [3, 3, 5],
        field,
      );
    }
    for (const d of all("faceres")) {
      assert.ok(["female", "male"].includes(d.attributes.gender as string));
      assert.equal(typeof d.attributes.age, "number");
    }
    for (const d of all("emotion")) assert.ok(["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"].includes(d.attributes.emotion as string));
  });

  test("gender: two independent models agree on the confident faces, and see women", () => {
    const faceres = all("faceres");
    const ssrnet = all("ssrnetGender");
    let compared = 0;
    faceres.forEach((d, i) => {
      const other = ssrnet[i]!;
      if ((d.attributes.gender_confidence as number) < 0.7 || (other.attributes.gender_confidence as number) < 0.7) return;
      compared++;
      assert.equal(d.attributes.gender, other.attributes.gender, `face ${i}: FaceRes and SSR-Net agree`);
    });
    assert.ok(compared >= 6, `${compared} faces confident in both models`);
    const women = faceres.filter((d) => d.attributes.gender === "female").length;
    assert.ok(women >= 10, `${women} of 11 faces are women for FaceRes`);
    const grayscale = all("gender").filter((d) => d.attributes.gender === "female").length;
    assert.ok(grayscale >= 8, `${grayscale} of 11 faces are women for the grayscale gender model`);
  });

  test("age: adults, the two age models within a decade of each other on most faces", () => {
    const faceres = all("faceres").map((d) => d.attributes.age as number);
    const ssrnet = all("ssrnetAge").map((d) => d.attributes.age as number);
    for (const age of [...faceres, ...ssrnet]) assert.ok(age >= 16 && age <= 55, `age ${age.toFixed(1)} of a young adult`);
    const close = faceres.filter((a, i) => Math.abs(a - ssrnet[i]!) <= 10).length;
    assert.ok(close >= 9, `${close} of 11 ages within 10 years`);
  });

  test("emotion: the laughing woman of sample1 is happy", () => {
    // The rightmost face of sample1 (laughing, mouth open).
    const rightmost = faces.emotion!["sample1.jpg"]!.reduce((a, b) => (a.boundingBox[0] > b.boundingBox[0] ? a : b));
    assert.equal(rightmost.attributes.emotion, "happy");
    assert.ok((rightmost.attributes.emotion_confidence as number) > 0.8);
  });

  test("anti-spoofing and liveness: photos of real people are mostly real and live", () => {
    const real = all("antispoof").filter((d) => d.attributes.antispoof === "real").length;
    const live = all("liveness").filter((d) => d.attributes.liveness === "live").length;
    assert.ok(real >= 8, `${real} of 11 faces real`);
    assert.ok(live >= 8, `${live} of 11 faces live`);
  });
});
