import { Array2D } from "./array2d.js";
import { LabelValidationError } from "./errors.js";
import { Label, registerLabelClass, type LabelJSON, type LabelOptions } from "./label.js";

/** Options of {@link Segmentation}: exactly one of `mask` and `maskPath`. */
export interface SegmentationOptions extends LabelOptions {
  /** Class id per pixel over the whole image (uint8, uint16 or int32). */
  mask?: Array2D;
  /** A PNG on disk holding the mask instead. */
  maskPath?: string;
}

/** A semantic segmentation of a whole image: one class id per pixel. */
export class Segmentation extends Label {
  /** Class ids per pixel. */
  mask?: Array2D;
  /** Path of a PNG holding the mask. */
  maskPath?: string;

  /** Validates and makes a segmentation. */
  constructor(options: SegmentationOptions) {
    super(options, "Segmentation");
    const { mask, maskPath } = checkOneOf("Segmentation", "mask", options.mask, "maskPath", options.maskPath);
    if (mask !== undefined && mask.dtype === "float32") {
      throw new LabelValidationError(`Segmentation.mask must hold integer class ids (uint8, uint16 or int32); got float32. Use a Heatmap for scores.`);
    }
    this.mask = mask;
    this.maskPath = maskPath;
  }

  /** Revives the JSON form. */
  static fromJSON(json: LabelJSON): Segmentation {
    return new Segmentation({
      ...(json as unknown as SegmentationOptions),
      mask: json.mask === undefined ? undefined : Array2D.fromJSON(json.mask),
    });
  }

  get cls(): string {
    return "Segmentation";
  }

  toJSON(): LabelJSON {
    return this.jsonOf({ mask: this.mask?.toJSON(), maskPath: this.maskPath });
  }
}

/** Options of {@link Heatmap}: exactly one of `map` and `mapPath`. */
export interface HeatmapOptions extends LabelOptions {
  /** Values per pixel (float32 or uint8): depth, saliency, alpha matte... */
  map?: Array2D;
  /** A PNG on disk holding the map instead. */
  mapPath?: string;
  /** `[min, max]` of the values; default [0, 1] for float32 maps, [0, 255] for uint8. */
  range?: [number, number];
}

/** A per-pixel score map over a whole image. */
export class Heatmap extends Label {
  /** Values per pixel. */
  map?: Array2D;
  /** Path of a PNG holding the map. */
  mapPath?: string;
  /** `[min, max]` of the values. */
  range: [number, number];

  /** Validates and makes a heatmap. */
  constructor(options: HeatmapOptions) {
    super(options, "Heatmap");
    const { mask: map, maskPath: mapPath } = checkOneOf("Heatmap", "map", options.map, "mapPath", options.mapPath);
    if (map !== undefined && map.dtype !== "float32" && map.dtype !== "uint8") {
      throw new LabelValidationError(`Heatmap.map must be float32 or uint8; got ${map.dtype}.`);
    }
    this.map = map;
    this.mapPath = mapPath;
    const range = options.range ?? (map?.dtype === "float32" ? [0, 1] : [0, 255]);
    if (!Array.isArray(range) || range.length !== 2 || !range.every((v) => Number.isFinite(v)) || range[0] >= range[1]) {
      throw new LabelValidationError(`Heatmap.range must be [min, max] with finite min < max; got ${JSON.stringify(options.range)}.`);
    }
    this.range = [range[0], range[1]];
  }

  /** Revives the JSON form. */
  static fromJSON(json: LabelJSON): Heatmap {
    return new Heatmap({ ...(json as unknown as HeatmapOptions), map: json.map === undefined ? undefined : Array2D.fromJSON(json.map) });
  }

  get cls(): string {
    return "Heatmap";
  }

  toJSON(): LabelJSON {
    return this.jsonOf({ map: this.map?.toJSON(), mapPath: this.mapPath, range: [...this.range] });
  }
}

function checkOneOf(cls: string, arrayField: string, array: unknown, pathField: string, file: unknown): { mask?: Array2D; maskPath?: string } {
  if ((array === undefined) === (file === undefined)) {
    throw new LabelValidationError(`${cls} needs exactly one of ${arrayField} (an Array2D) and ${pathField} (a PNG path).`);
  }
  if (array !== undefined && !(array instanceof Array2D)) throw new LabelValidationError(`${cls}.${arrayField} must be an Array2D.`);
  if (file !== undefined && (typeof file !== "string" || file === "")) throw new LabelValidationError(`${cls}.${pathField} must be a file path.`);
  return { mask: array as Array2D | undefined, maskPath: file };
}

registerLabelClass("Segmentation", (json) => Segmentation.fromJSON(json));
registerLabelClass("Heatmap", (json) => Heatmap.fromJSON(json));
