import type { Array2D } from "./array2d.js";
import { describeValue } from "./describe-value.js";
import { LabelValidationError } from "./errors.js";
import { Label, type LabelJSON, type LabelOptions } from "./label.js";
import { checkPixelSource } from "./pixel-source.js";
import { registerLabelClass } from "./registry.js";
import { jsonOfClass, optionalArray2D } from "./revive.js";

/** Options of {@link Heatmap}: exactly one of `map` and `mapPath`. */
export interface HeatmapOptions extends LabelOptions {
  /** Values per pixel over the whole image (float32 or uint8 data): depth, saliency, alpha matte... */
  map?: Array2D;
  /** A PNG on disk holding the map instead. */
  mapPath?: string;
  /**
   * `[min, max]` of the values. Default [0, 1] for float32 maps, [0, 255] for uint8 maps
   * and for PNG paths (8-bit images).
   */
  range?: [number, number];
}

/** A per-pixel score map over a whole image. */
export class Heatmap extends Label {
  /** Values per pixel. */
  map?: Array2D;
  /** Path of a PNG holding the map. */
  mapPath?: string;
  /** `[min, max]` of the values (always set: the default is filled in). */
  range: [number, number];

  /** Validates and makes a heatmap. */
  constructor(options: HeatmapOptions) {
    super(options, "Heatmap");
    const { array: map, path: mapPath } = checkPixelSource("Heatmap", "map", options.map, "mapPath", options.mapPath);
    if (map !== undefined && map.dtype !== "float32" && map.dtype !== "uint8") {
      throw new LabelValidationError(`Heatmap.map must hold float32 or uint8 data; got ${map.dtype} data.`);
    }
    this.map = map;
    this.mapPath = mapPath;
    this.range = checkRange(options.range ?? (map?.dtype === "float32" ? [0, 1] : [0, 255]));
  }

  /** Revives the JSON form made by {@link Heatmap.toJSON}, validating it. */
  static fromJSON(json: unknown): Heatmap {
    const j = jsonOfClass("Heatmap", json);
    return new Heatmap({ ...(j as unknown as HeatmapOptions), map: optionalArray2D("Heatmap", "map", j.map) });
  }

  get cls(): string {
    return "Heatmap";
  }

  toJSON(): LabelJSON {
    return this.jsonOf({ map: this.map?.toJSON(), mapPath: this.mapPath, range: [...this.range] });
  }
}

function checkRange(range: unknown): [number, number] {
  const ok = Array.isArray(range) && range.length === 2 && range.every((v) => typeof v === "number" && Number.isFinite(v));
  if (!ok || (range[0] as number) >= (range[1] as number)) {
    throw new LabelValidationError(`Heatmap.range must be [min, max] of finite numbers with min < max; got ${describeValue(range)}.`);
  }
  return [range[0] as number, range[1] as number];
}

registerLabelClass("Heatmap", (json) => Heatmap.fromJSON(json));
