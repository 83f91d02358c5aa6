import { loadTfjs } from "../../src/runtimes/index.js";
import type { Contender } from "./contender.js";
import { eachDecoded, fileToTensor, type TunedDecode } from "./peer-tensor.js";

/** The part of nsfwjs's API the benchmark uses. */
interface NsfwModel {
  classify(image: unknown, topk?: number): Promise<{ className: string; probability: number }[]>;
}

/**
 * The peer for the NSFW classifiers: nsfwjs with its bundled weights
 * (`load("MobileNetV2")` and friends), `classify` per decoded image tensor.
 * Returns undefined when nsfwjs is not installed.
 */
export async function nsfwjsContender(files: readonly string[], modelName: string, tuned?: TunedDecode): Promise<Contender | undefined> {
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
  const decode = (file: string) => fileToTensor(tf, file, tuned);
  const infer = async (image: Awaited<ReturnType<typeof decode>>) => {
    try {
      return (await model.classify(image, 1)).length;
    } finally {
      image.dispose();
    }
  };
  await infer(await decode(files[0]!)); // warm-up
  return {
    role: tuned ? "peer-tuned" : "peer",
    label: `nsfwjs ${modelName} (${tf.getBackend()})${tuned ? `, decoded at ${tuned.size} px (shorter side), one photo decoded ahead` : ""}`,
    async run() {
      found = await eachDecoded(files, decode, infer, tuned !== undefined);
    },
    found: () => Promise.resolve(found),
    dispose: () => Promise.resolve(),
  };
}
