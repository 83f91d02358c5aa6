import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import sharp from "sharp";
import { Dataset } from "../../src/index.js";
import { demoPhotos, tempDir, useTempHome } from "../support/env.js";
import { zooModelLoader } from "../support/models.js";

useTempHome();
const loadModel = zooModelLoader();
const corpus = path.join(import.meta.dirname, "..", "corpus");

/*
 * The real photo corpus (test/corpus, see its README, plus the six face-api demo photos) holds
 * near-duplicates made from its photos: two tiny resizes, a 4,800-px upscale, three
 * EXIF-rotated copies, a copy with an alpha channel, and a page scanned twice (once rotated).
 * Three mirrored copies are made here with sharp. Embedded with the 1,792-d MobileNetV2 feature
 * vector nsfwjs ships (ImageNet-pretrained), resized with an antialiasing kernel.
 */
describe("near-duplicates of the real photo corpus: similarity and uniqueness", () => {
  test("every copy is its photo's nearest neighbour (both ways); the least unique samples are copies", async () => {
    const dir = tempDir("modelzoo-brain-");
    const mirrored = ["opencv-baboon.jpg", "opencv-fruits.jpg", "skimage-rocket.jpg"].map((f) => ({ from: f, to: path.join(dir, `mirrored-${f}`) }));
    for (const m of mirrored) await sharp(path.join(corpus, m.from)).flop().jpeg({ quality: 90 }).toFile(m.to);
    const files = [
      ...fs
        .readdirSync(corpus)
        .filter((f) => /\.(jpg|png)$/.test(f))
        .map((f) => path.join(corpus, f)),
      ...demoPhotos(),
      ...mirrored.map((m) => m.to),
    ];
    const pairs = [
      ["skimage-chelsea.png", "derived-chelsea-tiny.png"],
      ["sample2.jpg", "derived-sample2-tiny.jpg"],
      ["opencv-leuvenA.jpg", "derived-leuven-large.jpg"],
      ["skimage-astronaut.png", "derived-astronaut-exif6.jpg"],
      ["sample3.jpg", "derived-sample3-exif3.jpg"],
      ["opencv-home.jpg", "derived-home-exif8.jpg"],
      ["skimage-coffee.png", "derived-coffee-alpha.png"],
      ["opencv-imageTextN.png", "opencv-imageTextR.png"],
      ...mirrored.map((m) => [m.from, path.basename(m.to)]),
    ] as const;
    const ds = await Dataset.create();
    const ids = await ds.addImages(files);
    const idOf = new Map(files.map((f, i) => [path.basename(f), ids[i]!]));
    const nameOf = new Map(files.map((f, i) => [ids[i]!, path.basename(f)]));
    // nsfwjs resizes with TF.js's bilinear, which samples 4 pixels per output pixel: a
    // 1,920-px photo shrunk to 224 aliases, its 190-px copy does not, and the two embed
    // 0.39 apart (cosine), farther than other photos. sharp's linear kernel averages (0.12).
    const model = await loadModel("mobilenet-v2-mid-nsfw-tfjs", { input: { kernel: "linear" } });
    await ds.computeSimilarity({ model, embeddings: "embedding", brainKey: "img_sim" });
    for (const [a, b] of pairs) {
      for (const [x, y] of [
        [a, b],
        [b, a],
      ] as [string, string][]) {
        const got = await (await ds.sortBySimilarity(idOf.get(x)!, { k: 2 })).ids();
        assert.deepEqual(got.map((id) => nameOf.get(id)), [x, y]);
      }
    }

    // FiftyOne Brain's uniqueness (0.6·d1 + 0.3·d2 + 0.1·d3 over the three nearest, cosine).
    await ds.computeUniqueness({ embeddings: "embedding" });
    const u = (await ds.values("uniqueness")) as number[];
    const ranked = (await ds.ids()).map((id, i) => ({ name: nameOf.get(id)!, u: u[i]! })).sort((p, q) => p.u - q.u);
    // The page scanned twice is a new scan, rotated, not a copy (0.25 apart): left out here.
    const copies = new Set(pairs.filter(([a]) => a !== "opencv-imageTextN.png").flat());
    const summary = ranked.map((r) => `${r.name}${copies.has(r.name) ? "*" : ""} ${r.u.toFixed(3)}`).join(", ");
    // The 14 least unique samples are all copies (7 pairs), and every copy is in the less
    // unique half. Not every copy ranks below every other photo: the formula weighs the
    // 2nd and 3rd neighbours 40%, so a pair with nothing else like it (the cat, the fruit
    // basket) scores above photos of a dense group (apples and oranges).
    assert.ok(
      ranked.slice(0, 14).every((r) => copies.has(r.name)),
      summary,
    );
    const half = ranked.slice(0, Math.ceil(ranked.length / 2)).map((r) => r.name);
    for (const c of copies) assert.ok(half.includes(c), `${c} in the less unique half: ${summary}`);
    assert.equal(ranked.at(-1)!.u, 1);
  });
});
