import { ModelzooError } from "../errors.js";

/** Evaluation options or fields that cannot be evaluated (a field that holds no Detections, an unknown method). */
export class EvaluationError extends ModelzooError {
  /** @param message - the option or field at fault and the fix */
  constructor(message: string) {
    super("EVALUATION", message);
  }
}
