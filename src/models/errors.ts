import { ModelzooError } from "../errors.js";

/** A sample that failed while a model ran on it, with `skipFailures: false`. */
export class SampleFailedError extends ModelzooError {
  /** @param filepath - the sample's media; @param cause - what failed */
  constructor(filepath: string, cause: unknown) {
    super(
      "SAMPLE_FAILED",
      `Model failed on ${filepath}: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        `Predictions of the batches before it are saved; rerun with { skipExisting: true } after fixing or removing the sample, ` +
        `or pass { skipFailures: true } to record failures and go on.`,
      { cause },
    );
  }
}

/** Options of a run (`applyModel`, `computeEmbeddings`, `computePatchEmbeddings`) that cannot be used as given. */
export class RunOptionsError extends ModelzooError {
  /** @param message - the option, its value and what it accepts */
  constructor(message: string) {
    super("RUN_OPTIONS", message);
  }
}

/** An image model's input configuration (`ImageInputConfig`, a manifest's or a caller's `input`) that cannot be used as given. */
export class InputConfigError extends ModelzooError {
  /** @param message - the fields, their values and what to change */
  constructor(message: string) {
    super("INPUT_CONFIG", message);
  }
}
