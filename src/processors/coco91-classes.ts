import { COCO_CLASSES } from "./coco-classes.js";

/** The COCO category ids (1–90) that the 2017 annotations never use. */
const UNUSED_COCO_IDS: ReadonlySet<number> = new Set([12, 26, 29, 30, 45, 66, 68, 69, 71, 83]);

/**
 * COCO class names indexed by their original category id (0–90), the label space of
 * DETR-family detectors (facebook/detr-resnet-50, hustvl/yolos-*): index 0 and the
 * ten ids COCO 2017 leaves unused are "N/A", as in those checkpoints' `id2label`.
 * Source: the COCO 2017 detection annotations' category ids.
 */
export const COCO91_CLASSES: readonly string[] = (() => {
  const names: string[] = ["N/A"];
  let next = 0;
  for (let id = 1; id <= 90; id++) names.push(UNUSED_COCO_IDS.has(id) ? "N/A" : COCO_CLASSES[next++]!);
  return names;
})();
