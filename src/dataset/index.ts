export { Dataset, ADD_BATCH_SIZE, type CreateDatasetOptions, type DatabaseOptions, type FromDirOptions } from "./dataset.js";
export type { SkippedEntry } from "./list-media.js";
export { DatasetView } from "./view.js";
export { SampleCollection, type IterSamplesOptions, type CountedValue, type CollectionSource } from "./collection.js";
export { Sample, type SampleInit } from "./sample.js";
export type { SaveOptions } from "./sample-owner.js";
export { Frames, type FrameFields } from "./frames.js";
export { labelKey, placeLabels, type LabelField, type LabelPlacement } from "./label-merge.js";
export { FilterError, type FieldFilter, type FilterOperators } from "./filter.js";
export type { SamplePredicate, ViewStage, StageContext } from "./stages.js";
export type { FieldSchemaEntry, FieldType } from "./field-type.js";
export type { ComputeMetadataOptions, ComputeMetadataResult, MetadataFailure } from "./compute-metadata.js";
export type { ExportCocoOptions, ExportCocoResult, ReadCocoOptions } from "./io/coco.js";
export type { ExportJsonlOptions } from "./io/jsonl.js";
export type { DatasetStore, DatasetRecord, StoredSample, StoredFrames, SampleUpdate, MediaType } from "./store/store.js";
export { SqliteStore, DatasetFileError } from "./store/sqlite-store.js";
export { PostgresStore, DatabaseError } from "./store/postgres-store.js";
export { DatabaseUriError, databaseUri } from "./store/backend.js";
export { modelzooHome, datasetsDir } from "./store/home.js";
export { datasetFile } from "./registry.js";
export {
  DatasetNotFoundError,
  DatasetExistsError,
  InvalidNameError,
  FieldTypeError,
  UnsupportedMediaError,
  DatasetStateError,
  ImportFormatError,
  DirectoryNotFoundError,
} from "./errors.js";
