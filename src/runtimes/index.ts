export { TfjsImageModel, type TfjsImageModelConfig } from "./tfjs/tfjs-image-model.js";
export { TfjsGraphRuntime } from "./tfjs/tfjs-graph-runtime.js";
export { loadTfjs, type Tfjs } from "./tfjs/load-tfjs.js";
export { readGraphModelArtifacts } from "./tfjs/graph-model-files.js";
export { ModelFileError } from "./model-file-error.js";
export { MissingPackageError, importPeer } from "./missing-package.js";
export { OnnxImageModel, type OnnxImageModelConfig } from "./onnx/onnx-image-model.js";
export { OnnxRuntime, type OnnxRuntimeOptions } from "./onnx/onnx-runtime.js";
export { loadOrt } from "./onnx/load-ort.js";
