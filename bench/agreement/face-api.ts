// @vladmandic/face-api against ssd-mobilenet-v1-wider-face-tfjs (the same weights, face-api's default options).
import { decodeImage, zoo, type Detections } from "../../src/index.js";
import { faceApiSsdFaces } from "../../test/support/face-api-reference.js";
import { BoxTally } from "./boxes.js";
import type { CorpusImage } from "./corpus.js";
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
