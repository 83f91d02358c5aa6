import { loadTfjs } from "../../src/runtimes/index.js";
import type { Contender } from "./contender.js";
import { fileToTensor } from "./peer-tensor.js";

/** The part of nsfwjs's API the benchmark uses. */
interface NsfwModel {
  classify(image: unknown, topk?: number): Promise<{ className: string; probability: number }[]>;
}

/**
 * The peer for the NSFW classifiers: nsfwjs with its bundled weights
 * (`load("MobileNetV2")` and friends), `classify` per decoded image tensor.
 * Returns undefined when nsfwjs is not installed.
 */
export async function nsfwjsContender(files: readonly string[], modelName: string): Promise<Contender | undefined> {
  const { tf } = await loadTfjs();
  let nsfwjs: { load(name: string): Promise<NsfwModel> };
  try {
    // A variable specifier: nsfwjs is optional here, only needed when the zoo has its models.
    const specifier = "nsfwjs";
    nsfwjs = (await import(specifier)) as typeof nsfwjs;
  } catch {
    return undefined;
  }
  const model = await nsfwjs.load(modelName);
  let found = 0;
  const classify = async (file: string) => {
    const image = await fileToTensor(tf, file);
    try {
      return (await model.classify(image, 1)).length;
    } finally {
      image.dispose();
    }
  };
  await classify(files[0]!); // warm-up
  return {
    role: "peer",
    label: `nsfwjs ${modelName} (${tf.getBackend()})`,
    async run() {
      found = 0;
      for (const f of files) found += await classify(f);
    },
    found: () => Promise.resolve(found),
    dispose: () => Promise.resolve(),
  };
}
