import { BaseModel, Classification, type ModelOutput, type RgbImage } from "../../src/index.js";

/**
 * Labels an image (or video frame) "bright" or "dark" by its mean pixel value: a real
 * model of the pixels it gets, cheap enough to run over thousands of frames. With
 * `pauseMs` each batch waits that long (so a test can kill a run part-way), and
 * `onBatch` hears the batch count.
 */
export class BrightnessModel extends BaseModel {
  readonly name = "brightness";
  /** Batches predicted so far. */
  batches = 0;

  constructor(private readonly options: { pauseMs?: number; onBatch?: (batches: number) => void } = {}) {
    super();
  }

  protected doLoad(): Promise<void> {
    return Promise.resolve();
  }

  protected doDispose(): Promise<void> {
    return Promise.resolve();
  }

  predict(img: RgbImage): Promise<ModelOutput> {
    let sum = 0;
    for (const v of img.data) sum += v;
    return Promise.resolve(new Classification({ label: sum / img.data.length > 100 ? "bright" : "dark" }));
  }

  override async predictAll(images: readonly RgbImage[]): Promise<ModelOutput[]> {
    if (this.options.pauseMs) await new Promise((r) => setTimeout(r, this.options.pauseMs));
    this.options.onBatch?.(++this.batches);
    return super.predictAll(images);
  }
}
