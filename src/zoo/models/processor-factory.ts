import type { OutputProcessor } from "../../models/index.js";
import {
  CenterNetProcessor,
  ClassifierProcessor,
  DetrProcessor,
  HeatmapProcessor,
  InstanceSegmentationProcessor,
  LandmarksProcessor,
  AgeGenderProcessor,
  MoveNetProcessor,
  NanoDetProcessor,
  SemanticSegmentationProcessor,
  SsdProcessor,
  YoloProcessor,
  ZeroShotProcessor,
} from "../../processors/index.js";
import { BlazeFaceProcessor, PalmDetectorProcessor, BlazePoseDetectorProcessor, BlazePoseProcessor } from "../../processors/index.js";
import { EfficientPoseProcessor, PoseNetProcessor, HandTrackProcessor, FaceBoxesProcessor } from "../../processors/index.js";
import {
  BinaryClassifierProcessor,
  BlazeFaceEyesProcessor,
  FaceDescriptionProcessor,
  FaceMeshProcessor,
  HandLandmarksProcessor,
  IrisProcessor,
  RegressionProcessor,
} from "../../processors/index.js";
import { CtcTextProcessor, TextDetectionProcessor } from "../../processors/index.js";
import { ManifestError } from "../errors.js";
import type { ZooModelEntry } from "./manifest-schema.js";

type Factory = (options: Record<string, unknown>) => OutputProcessor;

/* The manifest names a processor type and its options; the processors check their own options when they run. */
const FACTORIES: Record<NonNullable<ZooModelEntry["processor"]>["type"], Factory> = {
  classifier: (o) => new ClassifierProcessor(o as never),
  centernet: (o) => new CenterNetProcessor(o),
  nanodet: (o) => new NanoDetProcessor(o),
  yolo: (o) => new YoloProcessor(o as never),
  ssd: (o) => new SsdProcessor(o as never),
  detr: (o) => new DetrProcessor(o as never),
  movenet: (o) => new MoveNetProcessor(o as never),
  "blazeface-eyes": (o) => new BlazeFaceEyesProcessor(o as never),
  facemesh: (o) => new FaceMeshProcessor(o),
  iris: (o) => new IrisProcessor(o),
  "face-description": (o) => new FaceDescriptionProcessor(o),
  "binary-classifier": (o) => new BinaryClassifierProcessor(o as never),
  regression: (o) => new RegressionProcessor(o as never),
  "hand-landmarks": (o) => new HandLandmarksProcessor(o),
  "semantic-segmentation": (o) => new SemanticSegmentationProcessor(o as never),
  heatmap: (o) => new HeatmapProcessor(o as never),
  "instance-segmentation": (o) => new InstanceSegmentationProcessor(o as never),
  landmarks: (o) => new LandmarksProcessor(o as never),
  "age-gender": (o) => new AgeGenderProcessor(o),
  "zero-shot": (o) => new ZeroShotProcessor(o as never),
  blazeface: (o) => new BlazeFaceProcessor(o as never),
  "palm-detector": (o) => new PalmDetectorProcessor(o),
  "blazepose-detector": (o) => new BlazePoseDetectorProcessor(o),
  blazepose: (o) => new BlazePoseProcessor(o),
  efficientpose: (o) => new EfficientPoseProcessor(o),
  posenet: (o) => new PoseNetProcessor(o),
  handtrack: (o) => new HandTrackProcessor(o),
  faceboxes: (o) => new FaceBoxesProcessor(o),
  "text-detection": (o) => new TextDetectionProcessor(o as never),
  "ctc-text": (o) => new CtcTextProcessor(o as never),
};

/** The output processor a manifest entry asks for, or undefined for embedding-only models. */
export function buildProcessor(entry: ZooModelEntry): OutputProcessor | undefined {
  if (!entry.processor) return undefined;
  const factory = FACTORIES[entry.processor.type];
  try {
    return factory(entry.processor.options);
  } catch (err) {
    throw new ManifestError(`Model "${entry.name}": processor "${entry.processor.type}" rejects its options: ${(err as Error).message}`);
  }
}
