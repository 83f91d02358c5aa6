export { CenterNetProcessor, type CenterNetOptions } from "./centernet.js";
export { nonMaxSuppression, type Candidate } from "./nms.js";
export { COCO_CLASSES } from "./coco-classes.js";
export type { OutputTensor, DecodeContext } from "./processor-types.js";
export {
  SemanticSegmentationProcessor,
  HeatmapProcessor,
  type SemanticSegmentationOptions,
  type HeatmapOptions as HeatmapProcessorOptions,
} from "./segmentation.js";
export { densePlanes, resizePlanes, type DensePlanes, type DenseLayout } from "./dense-map.js";
export { ClassifierProcessor, activate, type ClassifierOptions } from "./classifier.js";
export { BlazeFaceEyesProcessor, type BlazeFaceEyesOptions } from "./blazeface-eyes.js";
export { FaceMeshProcessor, FACE_MESH_POINTS, type FaceMeshOptions } from "./facemesh.js";
export { IrisProcessor, type IrisOptions } from "./iris.js";
export { FaceDescriptionProcessor, type FaceDescriptionOptions } from "./face-description.js";
export { BinaryClassifierProcessor, type BinaryClassifierOptions } from "./binary-classifier.js";
export { RegressionProcessor, type RegressionProcessorOptions } from "./regression.js";
export { HandLandmarksProcessor, HAND_KEYPOINT_NAMES, HAND_SKELETON, type HandLandmarksOptions } from "./hand-landmarks.js";
export { YoloProcessor, type YoloOptions } from "./yolo.js";
export { SsdProcessor, type SsdOptions } from "./ssd.js";
export { DetrProcessor, type DetrOptions } from "./detr.js";
export { finishDetections, type RawDetection, type DetectionFinishOptions } from "./detections-builder.js";
export { MoveNetProcessor, type MoveNetOptions } from "./movenet.js";
export { COCO_KEYPOINT_NAMES, COCO_SKELETON } from "./coco-keypoints.js";
export { InstanceSegmentationProcessor, type InstanceSegmentationOptions } from "./instance-masks.js";
export { zeroShotClassify, cosine, type ZeroShotOptions } from "./zero-shot.js";
export { NanoDetProcessor, type NanoDetOptions } from "./nanodet.js";
export { LandmarksProcessor, type LandmarksOptions } from "./landmarks.js";
export { AgeGenderProcessor, type AgeGenderOptions } from "./age-gender.js";
export { ZeroShotProcessor, type ZeroShotProcessorOptions } from "./zero-shot.js";
export { CLASS_LISTS, resolveClasses, type ClassListName, type ClassesOption } from "./class-lists.js";
export { IMAGENET_CLASSES, IMAGENET_CLASSES_WITH_BACKGROUND } from "./imagenet-classes.js";
export { COCO91_CLASSES } from "./coco91-classes.js";
export { ADE20K_CLASSES } from "./ade20k-classes.js";
export { COCO_PANOPTIC_CLASSES } from "./coco-panoptic-classes.js";
export { PanopticSegmentationProcessor, type PanopticSegmentationOptions } from "./panoptic.js";
export { bilinearAxis, bilinearArgmax, bilinearChannel } from "./dense-map.js";
export { ssdAnchorCenters, decodeAnchorRows, type AnchorDetection, type AnchorDecodeOptions } from "./mediapipe-anchors.js";
export { BlazeFaceProcessor, BLAZEFACE_KEYPOINT_NAMES, type BlazeFaceOptions } from "./blazeface.js";
export { PalmDetectorProcessor, PALM_KEYPOINT_NAMES, type PalmDetectorOptions } from "./palm-detector.js";
export { BlazePoseDetectorProcessor, BLAZEPOSE_DETECTOR_KEYPOINT_NAMES, type BlazePoseDetectorOptions } from "./blazepose-detector.js";
export { BlazePoseProcessor, BLAZEPOSE_KEYPOINT_NAMES, BLAZEPOSE_SKELETON, type BlazePoseOptions } from "./blazepose.js";
export { EfficientPoseProcessor, EFFICIENTPOSE_KEYPOINT_NAMES, EFFICIENTPOSE_SKELETON, type EfficientPoseOptions } from "./efficientpose.js";
export { PoseNetProcessor, type PoseNetOptions } from "./posenet.js";
export { HandTrackProcessor, HANDTRACK_CLASSES, type HandTrackOptions } from "./handtrack.js";
export { FaceBoxesProcessor, type FaceBoxesOptions } from "./faceboxes.js";
export { ProcessorOptionsError, ProcessorOutputError } from "./errors.js";
export { TextDetectionProcessor, dbTextRegions, type DbTextRegion, type TextDetectionOptions, type TextDetectionOutput } from "./text-detection.js";
export { CtcTextProcessor, ctcGreedyDecode, type CtcTextOptions } from "./ctc-text.js";
export {
  registerProcessor,
  processorFamily,
  processorTypes,
  processorSpecIssues,
  createProcessor,
  type ProcessorFamily,
  type ProcessorFiles,
  type ProcessorOutput,
  type ProcessorSpecIssue,
  type RegisteredProcessor,
} from "./registry.js";
export { RcnnProcessor, resizeMask, type RcnnOptions } from "./rcnn.js";
export { YoloSegProcessor, type YoloSegOptions } from "./yolo-seg.js";
export { TinyYolov2Processor, type TinyYolov2Options } from "./tiny-yolov2.js";
