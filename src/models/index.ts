import "./collection-methods.js";

export {
  BaseModel,
  ModelCapabilityError,
  isPreparingModel,
  isPromptModel,
  isWorkerPoolModel,
  type WorkerPoolModel,
  type Model,
  type ModelOutput,
  type PreparingModel,
  type PromptModel,
} from "./model.js";
export type { InferenceRuntime, TensorData, TensorInfo, InferenceWorkersInfo, PooledInferenceRuntime } from "./runtime.js";
export type { OutputProcessor, ProcessContext } from "./output-processor.js";
export {
  ImageModel,
  l2normalize,
  globalAveragePool,
  type ImageModelConfig,
  type EmbeddingsConfig,
  type PreparedImage,
} from "./image-model.js";
export { ImageInputSchema, type ImageInputConfig } from "./image-input.js";
export { HfPreprocessSchema, planHfPreprocess, type HfPreprocess, type HfPlan } from "./hf-preprocess.js";
export { applyModel, setDistributedRunner, type ApplyModelOptions, type ApplyModelResult, type DistributedOptions, type DistributedProgress, type DistributedRunner, type FailedShard } from "./apply-model.js";
export { computeEmbeddings, type ComputeEmbeddingsOptions, type EmbeddingsResult } from "./compute-embeddings.js";
export { computePatchEmbeddings, type ComputePatchEmbeddingsOptions, type PatchEmbeddingsResult } from "./compute-patch-embeddings.js";
export { filterByConfidence } from "./confidence-filter.js";
export { CascadeModel, NoRegionFoundError, type CascadeModelOptions } from "./cascade-model.js";
export { SampleFailedError, RunOptionsError, InputConfigError } from "./errors.js";
export type { SampleFailure, RunOptions } from "./run-batches.js";
export { isVideoModel, type VideoModel, type FrameOutput } from "./video-model.js";
export type { VideoRunOptions } from "./video-frames.js";
export { isPromptedProcessor, type PromptedOutputProcessor } from "./output-processor.js";
export { pixelMask } from "./image-model.js";
export { isSamplesModel, type SamplesModel, type PromptedInput } from "./samples-model.js";
export { tileSpans, type TileSpan } from "./upscale-tiles.js";
