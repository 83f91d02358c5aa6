import { ModelzooError } from "../errors.js";

/** A processor was given options it cannot work with (a bad input size, threshold or class list). */
export class ProcessorOptionsError extends ModelzooError {
  /** @param message - which option is wrong and what it should be */
  constructor(message: string) {
    super("PROCESSOR_OPTIONS", message);
  }
}

/** A model's outputs do not have the shape a processor reads (usually the wrong processor or input size for the model). */
export class ProcessorOutputError extends ModelzooError {
  /** @param message - the shape expected, the shape found, and what to check */
  constructor(message: string) {
    super("PROCESSOR_OUTPUT", message);
  }
}

/** Throws {@link ProcessorOptionsError} unless `value` (when given) is a number in `[min, max]`. */
export function checkNumberOption(processor: string, name: string, value: unknown, min: number, max: number): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new ProcessorOptionsError(`${processor}: option ${name} must be a number from ${min} to ${max}; got ${JSON.stringify(value)}.`);
  }
}
