// nsfwjs against the zoo's three NSFW classifiers (the same weights, unpacked from its bundles).
import { decodeImage, zoo, type Classification, type RgbImage } from "../../src/index.js";
import { nsfwjsProbabilities } from "../../test/support/nsfwjs-reference.js";
import type { CorpusImage } from "./corpus.js";
import { meets, type AgreementRow } from "./rows.js";

const MODELS = [
  ["mobilenet-v2-nsfw-tfjs", "MobileNetV2", 224],
  ["mobilenet-v2-mid-nsfw-tfjs", "MobileNetV2Mid", 224],
  ["inception-v3-nsfw-tfjs", "InceptionV3", 299],
] as const;

/** Same top label and the difference of its probability, per model, over the whole images. */
export async function nsfwRows(images: readonly CorpusImage[], log: (s: string) => void): Promise<AgreementRow[]> {
  const decoded: RgbImage[] = await Promise.all(images.map((i) => decodeImage(i.file)));
  const rows: AgreementRow[] = [];
  for (const [entry, upstreamName, size] of MODELS) {
    const theirs = await nsfwjsProbabilities(upstreamName, size, decoded);
    const model = await zoo.loadZooModel(entry);
    await model.load();
    let same = 0;
    let diff = 0;
    try {
      for (const [k, image] of decoded.entries()) {
        const ours = (await model.predict(image)) as Classification;
        const top = Object.entries(theirs[k]!).sort((a, b) => b[1] - a[1])[0]!;
        if (top[0] === ours.label) same++;
        else log(`  ${entry} ${images[k]!.name}: ours ${ours.label} ${ours.confidence?.toFixed(2)}, nsfwjs ${top[0]} ${top[1].toFixed(2)}`);
        diff += Math.abs((theirs[k]![ours.label] ?? 0) - (ours.confidence ?? 0));
      }
    } finally {
      await model.dispose();
    }
    const values = { sameTop: same / decoded.length, meanProbDiff: diff / decoded.length };
    rows.push({ model: entry, upstream: "nsfwjs", measure: "top-label", images: images.length, values, pass: meets("top-label", values) });
  }
  return rows;
}
