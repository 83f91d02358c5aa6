import type { RgbImage } from "../media/index.js";
import type { Label } from "../labels/index.js";
import type { Model, ModelOutput } from "./model.js";

/** One image with the label a prompted model reads from its sample (`promptField`). */
export interface PromptedInput {
  /** The decoded image. */
  image: RgbImage;
  /** The sample's prompt label (`Detections` boxes or `Keypoints` points), or null when it has none. */
  prompts: Label | null;
}

/**
 * FiftyOne's `SamplesMixin` (with `prompt_field`): a model that needs a field of each
 * sample besides its image — SAM's box or point prompts. `applyModel(model,
 * { promptField })` reads that field with each sample and hands it over; the model says
 * which label types it takes.
 */
export interface SamplesModel extends Model {
  /** The label types it takes as prompts, e.g. `["Detections", "Keypoints"]`. */
  readonly promptTypes: readonly string[];
  /** Predictions for images with their prompts (one output per input, in order). */
  predictPrompted(batch: readonly PromptedInput[]): Promise<ModelOutput[]>;
}

/** True when `model` takes per-sample prompts (see {@link SamplesModel}). */
export function isSamplesModel(model: Model): model is SamplesModel {
  const m = model as Partial<SamplesModel>;
  return Array.isArray(m.promptTypes) && typeof m.predictPrompted === "function";
}
