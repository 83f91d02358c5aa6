import { zoo, type Model } from "../../src/index.js";

/** Options of `zoo.loadZooModel`. */
type LoadOptions = Parameters<typeof zoo.loadZooModel>[1];

/**
 * Loads zoo models for one test file and disposes them all at its end. `resolve` maps the
 * name a test uses to the catalog name it loads (e.g. an unpinned stand-in of a pinned entry).
 */
export function zooModelLoader(resolve: (name: string) => string = (name) => name): {
  load: (name: string, options?: LoadOptions) => Promise<Model>;
  disposeAll: () => Promise<void>;
} {
  const loaded: Model[] = [];
  return {
    load: async (name, options = {}) => {
      const model = await zoo.loadZooModel(resolve(name), options);
      loaded.push(model);
      await model.load();
      return model;
    },
    disposeAll: async () => {
      for (const model of loaded.splice(0)) await model.dispose();
    },
  };
}
