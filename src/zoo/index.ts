export {
  listZooModels,
  getZooModel,
  isZooModelDownloaded,
  listDownloadedZooModels,
  findZooModel,
  downloadZooModel,
  deleteZooModel,
  ensureZooModelRequirements,
  installZooModelRequirements,
  installZooModelPackages,
  loadZooModel,
  modelsDir,
  type ListZooModelsOptions,
  type LoadZooModelOptions,
} from "./models/zoo-models.js";
export { ZooModelEntrySchema, ZooManifestSchema, type ZooModelEntry, type ModelFile, type ModelSource } from "./models/manifest-schema.js";
export { parseManifest } from "./models/registry.js";
export { registerZooModelSource, listZooModelSources, deleteZooModelSource, type RegisteredSource } from "./models/model-sources.js";
export type { ErrorLevel } from "./models/requirements.js";
export { ModelNotFoundError, ModelNotDownloadedError, ManifestError, ChecksumMismatchError, RequirementsError, DownloadError } from "./errors.js";
export {
  listZooDatasets,
  getZooDatasetInfo,
  downloadZooDataset,
  loadZooDataset,
  deleteZooDataset,
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
