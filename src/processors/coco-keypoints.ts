/**
 * The 17 COCO body keypoints in the order COCO-trained pose models output them, and
 * the skeleton edges between them (pairs of indices) used to draw a pose. Source:
 * the COCO 2017 person-keypoints annotations' `keypoints` and `skeleton` fields
 * (converted here to 0-based indices).
 */
export const COCO_KEYPOINT_NAMES: readonly string[] = [
  "nose", "left_eye", "right_eye", "left_ear", "right_ear",
  "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
  "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle",
];

/** Skeleton edges of {@link COCO_KEYPOINT_NAMES}, as index pairs. */
export const COCO_SKELETON: readonly (readonly [number, number])[] = [
  [15, 13], [13, 11], [16, 14], [14, 12], [11, 12], [5, 11], [6, 12], [5, 6], [5, 7],
  [6, 8], [7, 9], [8, 10], [1, 2], [0, 1], [0, 2], [1, 3], [2, 4], [3, 5], [4, 6],
];
