import { ModelzooError } from "../index.js";

/** A command line that cannot be run as typed; the CLI exits with code 2. */
export class UsageError extends ModelzooError {
  /** @param message - what was wrong and what to type instead */
  constructor(message: string) {
    super("USAGE", message);
  }
}
