export {
  listZooModels,
  listZooModelVersions,
  getZooModel,
  isZooModelDownloaded,
  listDownloadedZooModels,
  findZooModel,
  downloadZooModel,
  deleteZooModel,
  ensureZooModelRequirements,
  installZooModelRequirements,
  zooModelRequirementCommands,
  loadZooModel,
  modelsDir,
  modelPinning,
  type ModelPinning,
  type ListZooModelsOptions,
  type LoadZooModelOptions,
  type DownloadedZooModel,
  type InstalledRequirements,
} from "./models/zoo-models.js";
export { ZooModelEntrySchema, ZooManifestSchema, type ZooModelEntry, type ModelFile, type ModelSource } from "./models/manifest-schema.js";
export { parseManifest, parseModelName } from "./models/registry.js";
export { zooConfig, zooConfigPath, ZooConfigSchema, ZOO_CONFIG_ENV, type ZooConfig, type ZooConfigFile } from "./config.js";
export { registerZooModelSource, listZooModelSources, deleteZooModelSource, type RegisteredSource } from "./models/model-sources.js";
export type { ErrorLevel } from "./models/requirements.js";
export { ModelNotFoundError, ModelNotDownloadedError, ManifestError, ChecksumMismatchError, RequirementsError, DownloadError, ConfigError, HfConfigError } from "./errors.js";
export { resolveHfEntry, entryFromHfConfig, parseHfName, hfTask, HF_TASKS, type HfTask, type HfModelOptions } from "./models/hf-repo.js";
export { imageInputFromPreprocessorConfig } from "./models/hf-config.js";
export {
  listZooDatasets,
  getZooDatasetInfo,
  downloadZooDataset,
  loadZooDataset,
  deleteZooDataset,
  findZooDataset,
  GROUND_TRUTH_FIELD,
  type DownloadZooDatasetOptions,
  type LoadZooDatasetOptions,
  type DownloadZooDatasetResult,
  type DownloadedSplit,
  type ZooDatasetInfo,
} from "./datasets/zoo-datasets.js";
export type { SelectionOptions } from "./datasets/select-records.js";
export { zooDatasetsDir } from "./datasets/paths.js";
export { ZooDatasetNotFoundError, ZooDatasetOptionError, CorruptArchiveError, ZooDatasetNotDownloadedError } from "./datasets/errors.js";
