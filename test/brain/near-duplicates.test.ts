import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import sharp from "sharp";
import { Dataset } from "../../src/index.js";
import { demoPhotos, tempDir, useTempHome } from "../support/env.js";
import { zooModelLoader } from "../support/models.js";

useTempHome();
const loadModel = zooModelLoader();

/*
 * Real photos (the six face-api demo photos) plus two near-duplicates made with sharp:
 * photo 1 at half size and photo 2 mirrored. Embedded with a real model shipped in npm
 * (nsfwjs' MobileNetV2, its 1280-d pooled features), each copy must be its original's nearest
 * neighbour, and a copy must lower its photo's uniqueness.
 */
describe("near-duplicate photos: similarity and uniqueness with a real embedding model", () => {
  test("a resized and a mirrored copy come first in a similarity query; copies make photos less unique", async () => {
    const dir = tempDir("modelzoo-brain-");
    const photos = demoPhotos();
    const small = path.join(dir, "sample1-small.jpg");
    const mirrored = path.join(dir, "sample2-mirrored.jpg");
    const meta = await sharp(photos[0]).metadata();
    await sharp(photos[0]).resize(Math.round(meta.width / 2)).jpeg({ quality: 85 }).toFile(small);
    await sharp(photos[1]).flop().toFile(mirrored);
    const ds = await Dataset.create();
    const [p1, p2, , , , , s1, m2] = await ds.addImages([...photos, small, mirrored]);
    const model = await loadModel("mobilenet-v2-nsfw-tfjs");
    await ds.computeSimilarity({ model, embeddings: "embedding", brainKey: "img_sim" });
    assert.deepEqual(await (await ds.sortBySimilarity(p1!, { k: 2 })).ids(), [p1, s1]);
    assert.deepEqual(await (await ds.sortBySimilarity(m2!, { k: 2 })).ids(), [m2, p2]);

    // Uniqueness (FiftyOne Brain's: 0.6·d1 + 0.3·d2 + 0.1·d3 over the three nearest) from the
    // embeddings the similarity run stored. All eight photos: the mirrored pair, in the densest
    // part of the set, is the least unique. Photo 1 is isolated, so its 2nd and 3rd neighbours
    // keep it above photos of the dense group even with its copy; still, the copy lowers it.
    await ds.computeUniqueness({ embeddings: "embedding" });
    const ids = await ds.ids();
    const u = (await ds.values("uniqueness")) as number[];
    const ranked = ids.map((id, i) => ({ id, u: u[i]! })).sort((a, b) => a.u - b.u);
    assert.deepEqual(new Set(ranked.slice(0, 2).map((r) => r.id)), new Set([p2, m2]), JSON.stringify(u));
    assert.equal(ranked.at(-1)!.u, 1);
    const uniquenessOf = async (view: Awaited<ReturnType<Dataset["exclude"]>>, id: string) => {
      await view.computeUniqueness({ embeddings: "embedding", uniquenessField: "u" });
      return (await view.values("u"))[(await view.ids()).indexOf(id)] as number;
    };
    const alone = await uniquenessOf(ds.exclude([s1!, m2!]), p1!);
    const withCopy = await uniquenessOf(ds.exclude([m2!]), p1!);
    assert.ok(withCopy < alone - 0.2, `photo 1: ${alone} alone, ${withCopy} with its resized copy`);
  });
});
