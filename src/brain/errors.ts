import { ModelzooError } from "../errors.js";

/** Brain options, fields or runs that cannot be used (a field without logits, an unknown brain key, a bad query). */
export class BrainError extends ModelzooError {
  /** @param message - the option, field or key at fault and the fix */
  constructor(message: string) {
    super("BRAIN", message);
  }
}
