import { ModelzooError } from "../errors.js";

/** A label whose values break its rules (NaN, a box outside the image, a mask of the wrong size...). */
export class LabelValidationError extends ModelzooError {
  /** @param message - the label class, the field, the bad value and what is expected */
  constructor(message: string) {
    super("LABEL_VALIDATION", message);
  }
}
