import path from "node:path";
import { createRequire } from "node:module";
import { loadTfjs } from "../../src/runtimes/index.js";
import type { Contender } from "./contender.js";
import { eachDecoded, fileToTensor, type TunedDecode } from "./peer-tensor.js";

const require = createRequire(import.meta.url);

/**
 * The peer for the face detector: @vladmandic/face-api's Node WebAssembly build with
 * its SSD-MobileNetV1 weights loaded from the package's model folder, fed a decoded
 * image tensor per photo (`detectAllFaces`).
 */
export async function faceApiContender(files: readonly string[], minConfidence: number, tuned?: TunedDecode): Promise<Contender> {
  const { tf } = await loadTfjs();
  const faceapi = await import("@vladmandic/face-api/dist/face-api.node-wasm.js");
  const modelDir = path.join(path.dirname(require.resolve("@vladmandic/face-api/package.json")), "model");
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);
  const options = new faceapi.SsdMobilenetv1Options({ minConfidence, maxResults: 100 });
  let found = 0;
  const decode = (file: string) => fileToTensor(tf, file, tuned);
  const infer = async (image: Awaited<ReturnType<typeof decode>>) => {
    try {
      return (await faceapi.detectAllFaces(image, options)).length;
    } finally {
      image.dispose();
    }
  };
  await infer(await decode(files[0]!)); // warm-up
  return {
    role: tuned ? "peer-tuned" : "peer",
    label: `@vladmandic/face-api ${faceapi.version} (${tf.getBackend()})${tuned ? `, decoded at ${tuned.size} px (shorter side), one photo decoded ahead` : ""}`,
    async run() {
      found = await eachDecoded(files, decode, infer, tuned !== undefined);
    },
    found: () => Promise.resolve(found),
    dispose() {
      faceapi.nets.ssdMobilenetv1.dispose();
      return Promise.resolve();
    },
  };
}
