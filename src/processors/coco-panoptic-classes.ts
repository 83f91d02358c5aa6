import { COCO91_CLASSES } from "./coco91-classes.js";

/**
 * The 53 COCO panoptic "stuff" categories by id (92–200). Source: the COCO panoptic
 * challenge's category list, `panoptic_coco_categories.json` in cocodataset/panopticapi
 * (the 80 "thing" categories there keep their COCO detection ids 1–90).
 */
const COCO_PANOPTIC_STUFF: Readonly<Record<number, string>> = {
  92: "banner", 93: "blanket", 95: "bridge", 100: "cardboard", 107: "counter", 109: "curtain", 112: "door-stuff", 118: "floor-wood",
  119: "flower", 122: "fruit", 125: "gravel", 128: "house", 130: "light", 133: "mirror-stuff", 138: "net", 141: "pillow", 144: "platform",
  145: "playingfield", 147: "railroad", 148: "river", 149: "road", 151: "roof", 154: "sand", 155: "sea", 156: "shelf", 159: "snow",
  161: "stairs", 166: "tent", 168: "towel", 171: "wall-brick", 175: "wall-stone", 176: "wall-tile", 177: "wall-wood", 178: "water-other",
  180: "window-blind", 181: "window-other", 184: "tree-merged", 185: "fence-merged", 186: "ceiling-merged", 187: "sky-other-merged",
  188: "cabinet-merged", 189: "table-merged", 190: "floor-other-merged", 191: "pavement-merged", 192: "mountain-merged", 193: "grass-merged",
  194: "dirt-merged", 195: "paper-merged", 196: "food-other-merged", 197: "building-other-merged", 198: "rock-merged", 199: "wall-other-merged",
  200: "rug-merged",
};

/**
 * COCO panoptic class names indexed by category id 0–249, the label space of DETR's
 * panoptic models (facebook/detr-resnet-50-panoptic: `num_classes` 250 in DETR's
 * `hubconf.py`, the 133 COCO panoptic categories at their ids): things 1–90 as in
 * {@link COCO91_CLASSES}, stuff 92–200, "N/A" for every id the dataset does not use.
 */
export const COCO_PANOPTIC_CLASSES: readonly string[] = Array.from({ length: 250 }, (_, id) => (id <= 90 ? COCO91_CLASSES[id]! : (COCO_PANOPTIC_STUFF[id] ?? "N/A")));
