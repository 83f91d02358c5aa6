import path from "node:path";
import { createRequire } from "node:module";
import { loadTfjs } from "../../src/runtimes/index.js";
import type { Contender } from "./contender.js";
import { fileToTensor } from "./peer-tensor.js";

const require = createRequire(import.meta.url);

/**
 * The peer for the face detector: @vladmandic/face-api's Node WebAssembly build with
 * its SSD-MobileNetV1 weights loaded from the package's model folder, fed a decoded
 * image tensor per photo (`detectAllFaces`).
 */
export async function faceApiContender(files: readonly string[], minConfidence: number): Promise<Contender> {
  const { tf } = await loadTfjs();
  const faceapi = await import("@vladmandic/face-api/dist/face-api.node-wasm.js");
  const modelDir = path.join(path.dirname(require.resolve("@vladmandic/face-api/package.json")), "model");
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);
  const options = new faceapi.SsdMobilenetv1Options({ minConfidence, maxResults: 100 });
  let found = 0;
  const detect = async (file: string) => {
    const image = await fileToTensor(tf, file);
    try {
      return (await faceapi.detectAllFaces(image, options)).length;
    } finally {
      image.dispose();
    }
  };
  await detect(files[0]!); // warm-up
  return {
    role: "peer",
    label: `@vladmandic/face-api ${faceapi.version} (${tf.getBackend()})`,
    async run() {
      found = 0;
      for (const f of files) found += await detect(f);
    },
    found: () => Promise.resolve(found),
    dispose() {
      faceapi.nets.ssdMobilenetv1.dispose();
      return Promise.resolve();
    },
  };
}
