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
    "ADE20K_CLASSES", "AgeGenderProcessor", "AppFieldError", "AppOptionsError", "AppPageMissingError", "AppPortError",
    "Array2D", "BLAZEPOSE_KEYPOINT_NAMES", "BLAZEPOSE_SKELETON", "BaseModel", "BinaryClassifierProcessor",
    "BlazeFaceEyesProcessor", "BlazeFaceProcessor", "BlazePoseDetectorProcessor", "BlazePoseProcessor", "CLASS_LISTS",
    "COCO_KEYPOINT_NAMES", "COCO_SKELETON", "CascadeModel", "CenterNetProcessor", "ChecksumMismatchError",
    "Classification", "Classifications", "ClassifierProcessor", "CorruptArchiveError", "CtcTextProcessor", "Dataset",
    "DatasetExistsError", "DatasetFileError", "DatasetNotFoundError", "DatasetStateError", "DatasetView", "Detection",
    "DetectionResults", "Detections", "DetrProcessor", "DirectoryNotFoundError", "DownloadError",
    "EfficientPoseProcessor", "EvaluationError", "FaceBoxesProcessor", "FaceDescriptionProcessor",
    "FaceMeshProcessor", "FfmpegNotFoundError", "FieldTypeError", "FilterError", "Frames", "HANDTRACK_CLASSES",
    "HAND_KEYPOINT_NAMES", "HAND_SKELETON", "HandLandmarksProcessor", "HandTrackProcessor", "Heatmap",
    "HeatmapProcessor", "ImageDecodeError", "ImageModel", "ImageNotFoundError", "ImageTooLargeError",
    "ImportFormatError", "InstanceSegmentationProcessor", "InvalidNameError", "IrisProcessor", "Keypoint",
    "Keypoints", "Label", "LabelValidationError", "LandmarksProcessor", "ManifestError", "MediaArgumentError",
    "MissingPackageError", "ModelCapabilityError", "ModelFileError", "ModelNotDownloadedError", "ModelNotFoundError",
    "ModelzooError", "MoveNetProcessor", "NanoDetProcessor", "NoRegionFoundError", "OnnxImageModel",
    "OnnxPromptModel", "PalmDetectorProcessor", "Polyline", "Polylines", "PoseNetProcessor", "ProcessorOptionsError",
    "ProcessorOutputError", "Regression", "RegressionProcessor", "RequirementsError", "RunOptionsError", "Sample", "SampleCollection",
    "SampleFailedError", "Segmentation", "SemanticSegmentationProcessor", "SsdProcessor", "TensorShapeError",
    "TextDetectionProcessor", "TextTokenizer", "TfjsImageModel", "UnsupportedMediaError", "VideoDecodeError",
    "VideoNotFoundError", "VideoReader", "YoloProcessor", "ZeroShotProcessor", "ZooDatasetNotDownloadedError",
    "ZooDatasetNotFoundError", "ZooDatasetOptionError", "applyModel", "boxIou", "boxToSource", "computeEmbeddings",
    "computePatchEmbeddings", "cropImage", "ctcGreedyDecode", "dbTextRegions", "decodeAnchorRows", "decodeImage",
    "decodeImageResized", "deleteZooDataset", "downloadZooDataset", "evaluateDetections", "fromAbsoluteBox",
    "fromCornerBox", "getZooDatasetInfo", "imageMetadata", "installZooModelPackages", "isPromptModel",
    "labelFromJSON", "launchApp", "loadZooDataset", "loadZooModel", "mirrorImage", "pointToSource", "processorTypes",
    "readMaskPng", "registerProcessor", "registerZooModelSource", "resizeImage", "ssdAnchorCenters", "stackBatch",
    "toAbsoluteBox", "toFloat32", "videoMetadata", "writeMaskPng", "zeroShotClassify", "zoo",
];

const TYPES = [
    "AgeGenderOptions", "ApplyModelOptions", "ApplyModelResult", "Array2DJSON", "BinaryClassifierOptions",
    "BlazeFaceEyesOptions", "BlazeFaceOptions", "BlazePoseDetectorOptions", "BlazePoseOptions", "BoundingBox",
    "CascadeModelOptions", "CenterNetOptions", "ClassListName", "ClassesOption", "ClassificationOptions",
    "ClassificationsOptions", "ClassifierOptions", "ComputeEmbeddingsOptions", "ComputePatchEmbeddingsOptions",
    "CreateDatasetOptions", "CropOptions", "CtcTextOptions", "DatasetStore", "DecodeContext", "DecodeImageOptions",
    "DetectionOptions", "DetectionResultsInit", "DetectionsOptions", "DetrOptions", "DownloadZooDatasetOptions",
    "DownloadZooDatasetResult", "EfficientPoseOptions", "EmbeddingsConfig", "EmbeddingsResult", "ErrorLevel",
    "EvaluateDetectionsOptions", "FaceBoxesOptions", "FaceDescriptionOptions", "FaceMeshOptions", "FieldFilter",
    "FieldSchemaEntry", "FieldType", "FilterOperators", "FrameFields", "FrameOutput", "FromDirOptions",
    "HandLandmarksOptions", "HandTrackOptions", "HeatmapOptions", "HeatmapProcessorOptions", "ImageInputConfig",
    "ImageMetadata", "ImageModelConfig", "ImageSource", "InferenceRuntime", "InstanceSegmentationOptions",
    "IrisOptions", "IterSamplesOptions", "KeypointOptions", "KeypointsOptions", "LabelField", "LabelJSON",
    "LabelOptions", "LandmarksOptions", "LaunchAppOptions", "ListZooModelsOptions", "LoadZooDatasetOptions",
    "LoadZooModelOptions", "MediaType", "Model", "ModelOutput", "MoveNetOptions", "NanoDetOptions",
    "OnnxImageModelConfig", "OnnxPromptModelConfig", "OutputProcessor", "OutputTensor", "PalmDetectorOptions",
    "PatchEmbeddingsResult", "Point", "PolylineOptions", "PolylinesOptions", "PoseNetOptions", "PreparedImage",
    "PreparingModel", "ProcessContext", "ProcessorFamily", "ProcessorFiles", "ProcessorOutput", "PromptModel",
    "RegisteredProcessor", "RegisteredSource", "RegressionOptions", "RegressionProcessorOptions", "ResizeAlign",
    "ResizeMode", "ResizeOptions", "ResizeTransform", "ResizedImage", "RgbImage", "RunOptions", "SampleFailure",
    "SampleInit", "SamplePredicate", "SegmentationOptions", "SemanticSegmentationOptions", "SsdOptions", "TensorData",
    "TensorInfo", "TensorLayout", "TextDetectionOptions", "TfjsImageModelConfig", "ToFloat32Options", "VideoFrame",
    "VideoMetadata", "VideoModel", "VideoRunOptions", "YoloOptions", "ZeroShotOptions", "ZeroShotProcessorOptions",
    "ZooDatasetInfo", "ZooModelEntry",
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
