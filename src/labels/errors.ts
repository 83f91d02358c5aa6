import { ModelzooError } from "../errors.js";

/** A label whose values break its rules (NaN, a box outside the image, a mask of the wrong size...). */
export class LabelValidationError extends ModelzooError {
  /**
   * @param message - the label class, the field, the bad value and what is expected
   * @param options - standard `ErrorOptions` (`cause`), e.g. the error of a nested mask
   */
  constructor(message: string, options?: ErrorOptions) {
    super("LABEL_VALIDATION", message, options);
  }
}
