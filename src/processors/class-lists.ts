import { ADE20K_CLASSES } from "./ade20k-classes.js";
import { COCO_CLASSES } from "./coco-classes.js";
import { COCO91_CLASSES } from "./coco91-classes.js";
import { COCO_PANOPTIC_CLASSES } from "./coco-panoptic-classes.js";
import { IMAGENET_CLASSES, IMAGENET_CLASSES_WITH_BACKGROUND } from "./imagenet-classes.js";
import { ProcessorOptionsError } from "./errors.js";

/**
 * Class lists a manifest can name instead of spelling out (`"classes": "imagenet-1k"`),
 * so that a thousand names are not repeated in every entry.
 */
export const CLASS_LISTS = {
  /** The 80 COCO classes, contiguous (index 0 = person). */
  coco: COCO_CLASSES,
  /** COCO by category id 0–90 with "N/A" for unused ids (DETR, YOLOS). */
  "coco-91": COCO91_CLASSES,
  /** The 1000 ImageNet-1k classes. */
  "imagenet-1k": IMAGENET_CLASSES,
  /** "background" + the 1000 ImageNet-1k classes (TensorFlow MobileNets). */
  "imagenet-1k-background": IMAGENET_CLASSES_WITH_BACKGROUND,
  /** The 150 ADE20K scene-parsing classes. */
  ade20k: ADE20K_CLASSES,
  /** COCO panoptic by category id 0–249: things 1–90, stuff 92–200, "N/A" for unused ids (DETR panoptic). */
  "coco-panoptic": COCO_PANOPTIC_CLASSES,
} as const satisfies Record<string, readonly string[]>;

/** The name of a built-in class list. */
export type ClassListName = keyof typeof CLASS_LISTS;

/** Class names given as a list, or as the name of a built-in list. */
export type ClassesOption = readonly string[] | ClassListName;

/** The class names of `classes`; an unknown list name is an error that names the known ones. */
export function resolveClasses(classes: ClassesOption, processor: string): readonly string[] {
  if (typeof classes !== "string") return classes;
  const list = (CLASS_LISTS as Record<string, readonly string[]>)[classes];
  if (!list) throw new ProcessorOptionsError(`${processor}: no built-in class list is called "${classes}"; use one of ${Object.keys(CLASS_LISTS).join(", ")}, or give the names.`);
  return list;
}
