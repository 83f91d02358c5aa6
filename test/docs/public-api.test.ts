import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import * as api from "../../src/index.js";
import { repoRoot } from "../support/env.js";

/*
 * The public API, listed: a change to what `modelzoo` exports must change this file
 * too, so it is deliberate. Values are read from the module; types from src/index.ts.
 */
const VALUES = [
    "ADE20K_CLASSES", "AgeGenderProcessor", "AppFieldError", "AppOptionsError", "AppPageMissingError",
    "AppPortError", "AppSession", "Array2D", "BLAZEPOSE_KEYPOINT_NAMES", "BLAZEPOSE_SKELETON", "BaseModel",
    "BinaryClassifierProcessor", "BlazeFaceEyesProcessor", "BlazeFaceProcessor", "BlazePoseDetectorProcessor",
    "BlazePoseProcessor", "BrainError", "CLASS_LISTS", "COCO_KEYPOINT_NAMES", "COCO_SKELETON", "CascadeModel",
    "CenterNetProcessor", "ChecksumMismatchError", "Classification", "Classifications", "ClassifierProcessor",
    "ConfigError", "CorruptArchiveError", "CtcTextProcessor", "DEFAULT_APP_PORT", "DatabaseError",
    "DatabaseUriError", "Dataset", "DatasetExistsError", "DatasetFileError", "DatasetNotFoundError",
    "DatasetStateError", "DatasetView", "Detection", "DetectionResults", "Detections", "DetrProcessor",
    "DirectoryNotFoundError", "DiskFullError", "DistributedRunError", "DownloadError", "EfficientPoseProcessor",
    "EvaluationError", "FaceBoxesProcessor", "FaceDescriptionProcessor", "FaceMeshProcessor", "FfmpegNotFoundError",
    "FieldTypeError", "FilterError", "Frames", "HANDTRACK_CLASSES", "HAND_KEYPOINT_NAMES", "HAND_SKELETON",
    "HandLandmarksProcessor", "HandTrackProcessor", "Heatmap", "HeatmapProcessor", "ImageDecodeError", "ImageModel",
    "ImageNotFoundError", "ImageOutput", "ImagePermissionError", "ImageTooLargeError", "ImportFormatError", "InferenceWorkerError", "InputConfigError",
    "InstanceSegmentationProcessor", "InvalidNameError", "IrisProcessor", "Keypoint", "Keypoints", "Label",
    "LabelValidationError", "LandmarksProcessor", "ManifestError", "MediaArgumentError", "MissingPackageError",
    "ModelCapabilityError", "ModelFileError", "ModelNotDownloadedError", "ModelNotFoundError", "ModelzooError",
    "MoveNetProcessor", "NanoDetProcessor", "NoRegionFoundError", "OnnxImageModel", "OnnxPromptModel", "OnnxSamModel",
    "PalmDetectorProcessor", "PanopticSegmentationProcessor", "Polyline", "Polylines", "PoseNetProcessor", "PostgresStore", "ProcessorOptionsError",
    "ProcessorOutputError", "RcnnProcessor", "Regression", "RegressionProcessor", "RequirementsError", "RunOptionsError", "Sample",
    "SampleCollection", "SampleFailedError", "Segmentation", "SemanticSegmentationProcessor", "SimilarityIndex",
    "SqliteStore", "SsdProcessor", "TensorShapeError", "TextDetectionProcessor", "TextTokenizer", "TfjsImageModel", "TfjsUpscalerModel",
    "UnsupportedMediaError", "VideoDecodeError", "VideoNotFoundError", "VideoReader", "VisualizationResults",
    "YoloProcessor", "YoloSegProcessor", "ZeroShotProcessor", "ZooDatasetNotDownloadedError", "ZooDatasetNotFoundError",
    "ZooDatasetOptionError", "applyModel", "applyModelDistributed", "boxIou", "boxToSource", "computeEmbeddings",
    "computeHardness", "computeMistakenness", "computePatchEmbeddings", "computeSimilarity", "computeUniqueness",
    "computeVisualization", "cropImage", "cropQuad", "ctcGreedyDecode", "databaseUri", "dbTextRegions",
    "decodeAnchorRows", "decodeImage", "decodeImageResized", "deleteBrainRun", "deleteZooDataset",
    "downloadZooDataset", "evaluateDetections", "ffmpegProgram", "fromAbsoluteBox", "fromCornerBox",
    "getZooDatasetInfo", "imageMetadata", "installZooModelRequirements", "isPromptModel", "isSamplesModel", "isWorkerPoolModel", "labelFromJSON",
    "launchApp", "listBrainRuns", "loadBrainResults", "loadSimilarityIndex", "loadVisualization", "loadZooDataset",
    "loadZooModel", "mirrorImage", "pointToSource", "processorTypes", "readMaskPng", "registerProcessor",
    "registerZooModelSource", "resizeImage", "sortBySimilarity", "sortPatchesBySimilarity", "ssdAnchorCenters", "stackBatch", "startWorker", "tileSpans",
    "toAbsoluteBox", "toFloat32", "videoMetadata", "writeMaskPng", "writeRgbPng", "zeroShotClassify", "zoo",
    "zooModelRequirementCommands",
];

const TYPES = [
    "AgeGenderOptions", "ApplyModelOptions", "ApplyModelResult", "Array2DJSON", "BinaryClassifierOptions",
    "BlazeFaceEyesOptions", "BlazeFaceOptions", "BlazePoseDetectorOptions", "BlazePoseOptions", "BoundingBox",
    "BrainMethod", "BrainResults", "BrainRunInfo", "CascadeModelOptions", "CenterNetOptions", "ClassListName",
    "ClassesOption", "ClassificationOptions", "ClassificationsOptions", "ClassifierOptions",
    "ComputeEmbeddingsOptions", "ComputeHardnessOptions", "ComputeMistakennessOptions",
    "ComputePatchEmbeddingsOptions", "ComputeSimilarityOptions", "ComputeUniquenessOptions",
    "ComputeVisualizationOptions", "CreateDatasetOptions", "CropOptions", "CtcTextOptions", "DatabaseOptions",
    "DatasetRecord", "DatasetStore", "DecodeContext", "DecodeImageOptions", "DetectionOptions",
    "DetectionResultsInit", "DetectionsOptions", "DetrOptions", "DistributedOptions", "DistributedProgress",
    "DownloadZooDatasetOptions", "DownloadZooDatasetResult", "EfficientPoseOptions", "EmbeddingsConfig",
    "EmbeddingsResult", "EmbeddingsSourceOptions", "ErrorLevel", "EvaluateDetectionsOptions", "FaceBoxesOptions",
    "FaceDescriptionOptions", "FaceMeshOptions", "FailedShard", "FfmpegOrigin", "FfmpegProgram", "FieldFilter",
    "FieldSchemaEntry", "FieldType", "FilterOperators", "FrameFields", "FrameOutput", "FromDirOptions",
    "HandLandmarksOptions", "HandTrackOptions", "HardnessResult", "HeatmapOptions", "HeatmapProcessorOptions",
    "ImageInputConfig", "ImageMetadata", "ImageModelConfig", "ImageOutputOptions", "ImageOutputPixels", "ImageSource", "InferenceRuntime", "InferenceWorkersInfo",
    "InstalledRequirements", "InstanceSegmentationOptions", "IrisOptions", "IterSamplesOptions", "KeypointOptions",
    "KeypointsOptions", "LabelField", "LabelJSON", "LabelOptions", "LandmarksOptions", "LaunchAppOptions",
    "ListZooModelsOptions", "LoadZooDatasetOptions", "LoadZooModelOptions", "MediaType", "MistakennessResult",
    "Model", "ModelOutput", "MoveNetOptions", "NanoDetOptions", "OnnxImageModelConfig", "OnnxPromptModelConfig", "OnnxSamModelConfig",
    "OutputProcessor", "OutputTensor", "PalmDetectorOptions", "PanopticSegmentationOptions", "PatchEmbeddingsResult", "PatchMatch", "PatchesSimilarityResult", "Point", "PolylineOptions",
    "PolylinesOptions", "PoseNetOptions", "PreparedImage", "PreparingModel", "ProcessContext", "ProcessorFamily",
    "ProcessorFiles", "ProcessorOutput", "PromptModel", "PromptedInput", "RcnnOptions", "RegisteredProcessor", "RegisteredSource",
    "RegressionOptions", "RegressionProcessorOptions", "ResizeAlign", "ResizeMode", "ResizeOptions",
    "ResizeTransform", "ResizedImage", "RgbImage", "RunOptions", "SampleFailure", "SampleInit", "SamplePredicate", "SamplesModel",
    "SegmentationOptions", "SemanticSegmentationOptions", "SimilarityBackend", "SimilarityGraphOptions", "SimilarityMatch", "SimilarityQuery",
    "SkippedEntry", "SortBySimilarityOptions", "SsdOptions", "StoredSample", "TensorData", "TensorInfo",
    "TensorLayout", "TextDetectionOptions", "TfjsImageModelConfig", "TfjsUpscalerModelConfig", "TileSpan", "ToFloat32Options", "UniquenessResult",
    "VideoFrame", "VideoMetadata", "VideoModel", "VideoRunOptions", "VisualizationMethod", "Worker",
    "WorkerOptions", "WorkerPoolModel", "YoloOptions", "YoloSegOptions", "ZeroShotOptions", "ZeroShotProcessorOptions", "ZooDatasetInfo",
    "ZooModelEntry",
];

const indexSource = fs.readFileSync(path.join(repoRoot, "src", "index.ts"), "utf8");

describe("the public API", () => {
  test("exports exactly the listed values", () => {
    assert.deepEqual(Object.keys(api).sort(), VALUES);
  });

  test("exports exactly the listed types", () => {
    const types = [...indexSource.matchAll(/^\s*type (\w+),$/gm)].map((m) => m[1]!).sort();
    assert.deepEqual(types, TYPES);
  });

  test("names each export one by one (no export * of a layer; the zoo namespace aside)", () => {
    const stars = [...indexSource.matchAll(/^export \*(.*)$/gm)].map((m) => m[0]);
    assert.deepEqual(stars, ['export * as zoo from "./zoo/index.js";']);
  });

  test("every exported value is documented in the README", () => {
    const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
    const undocumented = VALUES.filter((name) => !new RegExp(`(?<![\\w])${name}(?![\\w])`).test(readme));
    assert.deepEqual(undocumented, []);
  });
});
