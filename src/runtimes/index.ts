export { TfjsImageModel, type TfjsImageModelConfig } from "./tfjs/tfjs-image-model.js";
export { TfjsGraphRuntime } from "./tfjs/tfjs-graph-runtime.js";
export { loadTfjs, type Tfjs } from "./tfjs/load-tfjs.js";
export { readGraphModelArtifacts, ModelFileError } from "./tfjs/graph-model-files.js";
export { MissingPackageError, importPeer } from "./missing-package.js";
