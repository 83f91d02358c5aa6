import type {
  Label} from "../labels/index.js";
import {
  Classification,
  Classifications,
  Detection,
  Detections,
  Keypoint,
  Keypoints,
  Polyline,
  Polylines,
  Regression,
  isLabel,
} from "../labels/index.js";
import { cropImage, cropQuad, mirrorImage, patchRegion, rotateQuarterLeft, type CropOptions, type PixelRegion, type RgbImage } from "../media/index.js";
import { ModelzooError } from "../errors.js";
import { BaseModel, isPreparingModel, isWorkerPoolModel, ModelCapabilityError, type Model, type ModelOutput, type PreparingModel, type WorkerPoolModel } from "./model.js";
import type { InferenceWorkersInfo } from "./runtime.js";
import { mapBoxToImage, mapPointToImage } from "./patch-coords.js";

/** Options of {@link CascadeModel}. */
export interface CascadeModelOptions {
  /** Name for messages. Default `"<model> on <detector>"`. */
  name?: string;
  /** Finds the regions: its prediction must be `Detections` (or a record holding one). */
  detector: Model;
  /** Runs on each region's patch. */
  model: Model;
  /** Only detections with these labels (e.g. `["face"]`). Default: all. */
  classes?: readonly string[];
  /** Only detections at least this confident. Default: all that the detector returns. */
  minConfidence?: number;
  /** At most this many regions per image, the most confident first. Default: no limit. */
  maxCrops?: number;
  /** How each patch is cut (FiftyOne's `extract_patch` options: `alpha`, `forceSquare`). */
  crop?: CropOptions;
  /**
   * Labels whose patches are mirrored left to right before the patch model sees them, for
   * models trained on one side only (MediaPipe's iris model sees left eyes); their
   * spatial answers are mirrored back. Default: none.
   */
  mirror?: readonly string[];
  /**
   * Cut each patch along the (rotated) 4-point outline the detector returns beside its
   * detections (`{ detections, polylines }` at the same index, as text detectors do)
   * and straighten it; a patch at least 1.5 times as high as wide is turned a quarter
   * turn counter-clockwise (PaddleOCR's `get_rotate_crop_image`, for vertical text).
   * For patch models that return classifications (text recognizers). Default false.
   */
  deskew?: boolean;
  /**
   * The attribute under which a patch's single `Classification` or `Regression` is
   * stored on its detection. Default `"label"` would clash, so: the model's name.
   */
  attribute?: string;
  /**
   * The stages this cascade owns, which its `dispose()` disposes (it loads both either
   * way). Default none: models handed in belong to the caller, who may share them
   * between cascades. The zoo, which creates both stages, passes both.
   */
  owns?: readonly ("detector" | "model")[];
}

/** A {@link CascadeModel}'s prepared input: the image (patches are cut from it) and the detector's own input. */
export interface CascadeInput {
  /** The decoded image. */
  image: RgbImage;
  /** The detector's prepared input, or the image for a detector that does not prepare. */
  detectorInput: unknown;
}

/** An image in which the detector of a {@link CascadeModel} found no region to embed. */
export class NoRegionFoundError extends ModelzooError {
  /** @param message - which detector found nothing, and what to do */
  constructor(message: string) {
    super("NO_REGION_FOUND", message);
  }
}

/** What the detector found in one image, after the filters, with each patch's pixels. */
interface Region {
  detection: Detection;
  pixels: PixelRegion;
  /** The patch is mirrored (its label is in `mirror`). */
  mirrored: boolean;
  /** With `deskew`: the outline the patch is cut along (relative corners). */
  quad?: readonly (readonly [number, number])[];
}

/**
 * A two-stage model: a detector finds regions (faces, hands, people), then a second
 * model runs on each region's patch — the way face landmarks, face embeddings,
 * age/gender or top-down pose models are used. Results come back in the image's
 * coordinates:
 *
 * - a patch's `Classification`/`Regression` (or a record of them) becomes attributes of
 *   its detection: `label`/`value` under the key, plus `<key>_confidence`; the output is
 *   the detector's `Detections`;
 * - spatial labels (`Keypoint(s)`, `Detections`, `Polyline(s)`) are mapped from the patch
 *   onto the image and gathered across the regions; the output is then a record
 *   `{ detections, <key>: ... }` (keys: `keypoints`, `objects`, `polylines`, or the
 *   patch model's own record keys), which `applyModel` stores as
 *   `<labelField>_detections`, `<labelField>_keypoints`, ...
 *
 * `embed` embeds the most confident region; an image with none is a {@link NoRegionFoundError}.
 */
export class CascadeModel extends BaseModel implements PreparingModel<CascadeInput>, WorkerPoolModel {
  readonly name: string;
  override readonly mediaType = "image" as const;
  /** The first stage. */
  readonly detector: Model;
  /** The second stage, run on each patch. */
  readonly model: Model;
  /** The detector's batch size: images go through the detector in batches. */
  override readonly defaultBatchSize: number;
  /** Whether the patch model has logits (`storeLogits` is handed to it). */
  override readonly hasLogits: boolean;
  /** Whether the patch model has embeddings. */
  override readonly hasEmbeddings: boolean;
  private readonly options: CascadeModelOptions;

  /** Wires a detector and a patch model; nothing is loaded until `load()`. */
  constructor(options: CascadeModelOptions) {
    super();
    this.detector = options.detector;
    this.model = options.model;
    this.options = options;
    this.name = options.name ?? `${options.model.name} on ${options.detector.name}`;
    this.defaultBatchSize = options.detector.defaultBatchSize;
    this.hasLogits = options.model.hasLogits;
    this.hasEmbeddings = options.model.hasEmbeddings;
  }

  /** The patch model's embedding shape (see {@link Model.embeddingShape}). */
  get embeddingShape(): readonly number[] | undefined {
    return this.model.embeddingShape;
  }

  /** Loads both stages (each load is idempotent, so shared stages load once). */
  protected async doLoad(): Promise<void> {
    await Promise.all([this.detector.load(), this.model.load()]);
  }

  /** Disposes the stages this cascade owns (see `CascadeModelOptions.owns`), and only those. */
  protected async doDispose(): Promise<void> {
    const owns = this.options.owns ?? [];
    await Promise.all([owns.includes("detector") ? this.detector.dispose() : undefined, owns.includes("model") ? this.model.dispose() : undefined]);
  }

  /** The stages that can run in worker threads (a stage shared by both counts once). */
  private poolStages(): WorkerPoolModel[] {
    return [...new Set([this.detector, this.model])].filter((m): m is WorkerPoolModel => isWorkerPoolModel(m) && m.canUseWorkers);
  }

  /** Whether either stage can run in worker threads. */
  get canUseWorkers(): boolean {
    return this.poolStages().length > 0;
  }

  /** The larger of the stages' defaults: batches in flight keep both stages' workers busy. */
  defaultNumWorkers(cores: number): number {
    return Math.max(0, ...this.poolStages().map((m) => m.defaultNumWorkers(cores)));
  }

  /** The workers of the stage with the most. */
  get numWorkers(): number {
    return Math.max(0, ...this.poolStages().map((m) => m.numWorkers));
  }

  /** Moves both stages' inference into `count` workers each (0: back into the main thread). */
  async useWorkers(count: number): Promise<InferenceWorkersInfo[]> {
    const stages = this.poolStages();
    if (count > 0 && stages.length === 0) throw new ModelCapabilityError(`Neither stage of "${this.name}" can run in worker threads; use numWorkers: 0.`);
    await this.load();
    return (await Promise.all(stages.map((m) => m.useWorkers(count)))).flat();
  }

  /** The image, and the detector's input made from it ahead of inference (the pipeline calls this while the previous batch runs). */
  async prepare(image: RgbImage): Promise<CascadeInput> {
    return { image, detectorInput: isPreparingModel(this.detector) ? await this.detector.prepare(image) : image };
  }

  /** Predicts prepared images: the detector on its inputs, then the patch model on every patch of the batch. */
  async predictPrepared(batch: readonly CascadeInput[]): Promise<ModelOutput[]> {
    const images = batch.map((b) => b.image);
    const regions = this.regionsOf(images, await this.detect(batch));
    // One call of the patch model for every patch of the batch: it batches them.
    const patches = images.flatMap((image, i) => regions[i]!.map((r) => this.patch(image, r)));
    this.model.storeLogits = this.storeLogits;
    const outputs = patches.length > 0 ? await this.model.predictAll(patches) : [];
    let next = 0;
    return images.map((image, i) => {
      const own = regions[i]!;
      const results = outputs.slice(next, next + own.length);
      next += own.length;
      return this.merge(image, own, results);
    });
  }

  /** Embeds prepared images: the patch model on each image's most confident region. */
  async embedPrepared(batch: readonly CascadeInput[]): Promise<Float32Array[]> {
    if (!this.model.hasEmbeddings) {
      throw new ModelCapabilityError(`Model "${this.name}" does not expose embeddings: its patch model "${this.model.name}" has none.`);
    }
    const images = batch.map((b) => b.image);
    const regions = this.regionsOf(images, await this.detect(batch));
    const patches = images.map((image, i) => {
      const best = regions[i]![0];
      if (!best) {
        throw new NoRegionFoundError(
          `${this.detector.name} found no ${this.describeClasses()} to embed with "${this.name}". ` +
            `To embed every region of a detections field instead, use computePatchEmbeddings with the patch model ` +
            `(loadZooModel(name, { crops: false })).`,
        );
      }
      return this.patch(image, best);
    });
    return this.model.embedAll(patches);
  }

  async predict(image: RgbImage): Promise<ModelOutput> {
    return (await this.predictAll([image]))[0]!;
  }

  override async predictAll(images: readonly RgbImage[]): Promise<ModelOutput[]> {
    return this.predictPrepared(await Promise.all(images.map((image) => this.prepare(image))));
  }

  override async embed(image: RgbImage): Promise<Float32Array> {
    return (await this.embedAll([image]))[0]!;
  }

  override async embedAll(images: readonly RgbImage[]): Promise<Float32Array[]> {
    return this.embedPrepared(await Promise.all(images.map((image) => this.prepare(image))));
  }

  /** The detector's outputs for a prepared batch. */
  private detect(batch: readonly CascadeInput[]): Promise<ModelOutput[]> {
    return isPreparingModel(this.detector) ? this.detector.predictPrepared(batch.map((b) => b.detectorInput)) : this.detector.predictAll(batch.map((b) => b.image));
  }

  /** The detector's regions per image, filtered, most confident first. */
  private regionsOf(images: readonly RgbImage[], found: readonly ModelOutput[]): Region[][] {
    return found.map((output, i) => {
      const image = images[i]!;
      const { classes, minConfidence, maxCrops } = this.options;
      const all = detectionsOf(output, this.detector.name);
      const quads = this.options.deskew ? outlinesOf(output, all.length, this.detector.name) : undefined;
      const kept = all
        .filter((d) => (!classes || classes.includes(d.label)) && (minConfidence === undefined || (d.confidence ?? 0) >= minConfidence))
        .sort((a, b) => (b.confidence ?? 0) - (a.confidence ?? 0))
        .slice(0, maxCrops ?? Infinity);
      return kept.map((detection) => ({
        detection,
        pixels: patchRegion(image.width, image.height, detection.boundingBox, this.options.crop),
        mirrored: this.options.mirror?.includes(detection.label) ?? false,
        ...(quads ? { quad: quads[all.indexOf(detection)]! } : {}),
      }));
    });
  }

  /** A region's patch, mirrored when its label asks for it. */
  private patch(image: RgbImage, region: Region): RgbImage {
    if (region.quad) {
      const straight = cropQuad(image, region.quad);
      const upright = straight.height >= 1.5 * straight.width ? rotateQuarterLeft(straight) : straight;
      return region.mirrored ? mirrorImage(upright) : upright;
    }
    const patch = cropImage(image, region.detection.boundingBox, this.options.crop);
    return region.mirrored ? mirrorImage(patch) : patch;
  }

  /** Puts the patch results of one image together with its detections. */
  private merge(image: RgbImage, regions: readonly Region[], results: readonly ModelOutput[]): ModelOutput {
    const detections = new Detections({ detections: regions.map((r) => r.detection) });
    const spatial = new Map<string, Label[]>();
    regions.forEach((region, index) => {
      const result = results[index];
      if (result === null || result === undefined) return;
      if (result instanceof Map) throw new ModelCapabilityError(`Model "${this.model.name}" returned frame labels; a cascade's patch model must be an image model.`);
      const entries: [string | undefined, Label | null][] = isLabel(result) ? [[undefined, result]] : Object.entries(result as Record<string, Label | null>);
      for (const [key, label] of entries) {
        if (!label) continue;
        if (!this.setAttribute(region.detection, key ?? this.options.attribute ?? this.model.name, label)) {
          if (region.quad) throw new ModelCapabilityError(`Model "${this.name}" deskews its patches, so "${this.model.name}" must return classifications or regressions, not a ${label.cls}.`);
          const mapped = mapLabelToImage(label, region.pixels, image, index, region.mirrored);
          const slot = key ?? spatialKey(label);
          spatial.set(slot, [...(spatial.get(slot) ?? []), ...mapped]);
        }
      }
    });
    if (spatial.size === 0) return detections;
    const out: Record<string, Label> = { detections };
    for (const [key, labels] of spatial) {
      if (key === "detections") throw new ModelCapabilityError(`Model "${this.model.name}" returns a "detections" key, which a cascade keeps for its regions.`);
      out[key] = gather(labels);
    }
    return out;
  }

  /** Stores a non-spatial patch label on its detection; false for spatial labels. */
  private setAttribute(detection: Detection, key: string, label: Label): boolean {
    if (label instanceof Classification) {
      detection.attributes[key] = label.label;
      if (label.confidence !== undefined) detection.attributes[`${key}_confidence`] = label.confidence;
      return true;
    }
    if (label instanceof Regression) {
      detection.attributes[key] = label.value;
      if (label.confidence !== undefined) detection.attributes[`${key}_confidence`] = label.confidence;
      return true;
    }
    if (label instanceof Classifications) {
      detection.attributes[key] = label.classifications.map((c) => c.label);
      detection.attributes[`${key}_confidence`] = label.classifications.map((c) => c.confidence ?? null);
      return true;
    }
    return false;
  }

  private describeClasses(): string {
    return this.options.classes ? this.options.classes.join(" or ") : "region";
  }
}

/** The detections in a detector's output: a `Detections`, or the first one in a record. */
function detectionsOf(output: ModelOutput, detector: string): Detection[] {
  if (output === null) return [];
  if (output instanceof Detections) return output.detections;
  if (!isLabel(output) && !(output instanceof Map)) {
    const found = Object.values(output as Record<string, Label | null>).find((v) => v instanceof Detections);
    if (found) return (found).detections;
  }
  throw new ModelCapabilityError(`Model "${detector}" cannot be a cascade's detector: it does not return Detections.`);
}

/** The 4-point outline of each detection (a detector's `polylines` beside its `detections`), for `deskew`. */
function outlinesOf(output: ModelOutput, count: number, detector: string): (readonly (readonly [number, number])[])[] {
  const polylines = output !== null && !isLabel(output) && !(output instanceof Map) ? Object.values(output as Record<string, Label | null>).find((v) => v instanceof Polylines) : undefined;
  const shapes = polylines?.polylines.map((p) => p.points[0]);
  if (!shapes || shapes.length !== count || shapes.some((s) => s?.length !== 4)) {
    throw new ModelCapabilityError(`A deskewing cascade needs its detector "${detector}" to return a 4-point polyline beside each detection ({ detections, polylines }); it does not.`);
  }
  return shapes as (readonly (readonly [number, number])[])[];
}

/** The record key a spatial patch label is gathered under. */
function spatialKey(label: Label): string {
  if (label instanceof Keypoint || label instanceof Keypoints) return "keypoints";
  if (label instanceof Polyline || label instanceof Polylines) return "polylines";
  if (label instanceof Detection || label instanceof Detections) return "objects";
  throw new ModelCapabilityError(`A cascade cannot map a ${label.cls} from a patch onto the image; its patch model must return classifications, regressions, keypoints, detections or polylines.`);
}

/**
 * A patch's spatial label, moved into the image's coordinates; `index` ties it to its
 * region; `mirrored` undoes a left-right mirroring of the patch first.
 */
function mapLabelToImage(label: Label, region: PixelRegion, image: RgbImage, index: number, mirrored = false): Label[] {
  const point = (p: readonly [number, number]) => mapPointToImage(mirrored ? [1 - p[0], p[1]] : p, region, image.width, image.height);
  const box = (b: readonly [number, number, number, number]) =>
    mapBoxToImage(mirrored ? [1 - b[0] - b[2], b[1], b[2], b[3]] : b, region, image.width, image.height);
  if (label instanceof Keypoints) return label.keypoints.flatMap((k) => mapLabelToImage(k, region, image, index, mirrored));
  if (label instanceof Detections) return label.detections.flatMap((d) => mapLabelToImage(d, region, image, index, mirrored));
  if (label instanceof Polylines) return label.polylines.flatMap((p) => mapLabelToImage(p, region, image, index, mirrored));
  if (label instanceof Keypoint) {
    const points = label.points.map((p) => (p === null ? null : point(p)));
    return [new Keypoint({ label: label.label, points, confidence: label.confidence, index: label.index ?? index, attributes: label.attributes })];
  }
  if (label instanceof Detection) {
    return [new Detection({ label: label.label, boundingBox: box(label.boundingBox), confidence: label.confidence, mask: label.mask, index: label.index ?? index, attributes: label.attributes })];
  }
  if (label instanceof Polyline) {
    const points = label.points.map((shape) => shape.map(point));
    return [new Polyline({ label: label.label, points, closed: label.closed, filled: label.filled, confidence: label.confidence, index: label.index ?? index, attributes: label.attributes })];
  }
  return [label];
}

/** The gathered labels of one key as one list label. */
function gather(labels: readonly Label[]): Label {
  const first = labels[0];
  if (first instanceof Keypoint) return new Keypoints({ keypoints: labels as Keypoint[] });
  if (first instanceof Polyline) return new Polylines({ polylines: labels as Polyline[] });
  return new Detections({ detections: labels as Detection[] });
}
