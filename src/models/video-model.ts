import type { Label } from "../labels/index.js";
import type { VideoReader } from "../media/index.js";
import type { Model, ModelOutput } from "./model.js";

/** What a video model returns for one frame: a Label, a record of labels, or null (nothing found). */
export type FrameOutput = Label | Readonly<Record<string, Label | null>> | null;

/**
 * FiftyOne's video model (`media_type == "video"`): it takes a whole video, through
 * a {@link VideoReader}, rather than separate images — e.g. a model that carries
 * state from frame to frame. `applyModel` passes each video sample's reader and
 * stores the returned frame dict with the FiftyOne rules.
 */
export interface VideoModel extends Model {
  /** Always `"video"`. */
  readonly mediaType: "video";
  /**
   * Predicts a video read from `reader` (its frame range): frame number → Label or
   * record of labels (frame-level fields), or sample-level labels, as FiftyOne's
   * `Model.predict(video_reader)`.
   */
  predictVideo(reader: VideoReader): Promise<ModelOutput>;
  /**
   * The same predictions frame by frame, as they are made. `applyModel` prefers it
   * when present: it stores each batch of frames as it comes (one transaction each),
   * so memory does not grow with the video and an interrupted run keeps its batches.
   */
  predictFrames?(reader: VideoReader): AsyncIterable<[frameNumber: number, output: FrameOutput]>;
}

/** True when `model` is a {@link VideoModel}. */
export function isVideoModel(model: Model): model is VideoModel {
  return model.mediaType === "video" && typeof (model as Partial<VideoModel>).predictVideo === "function";
}
