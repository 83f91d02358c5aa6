import { ModelzooError } from "../errors.js";

/** A model file (model.json, a weight shard, an .onnx file) that is missing, truncated or malformed. */
export class ModelFileError extends ModelzooError {
  /** @param message - the file and what is wrong, with the fix */
  constructor(message: string, options?: ErrorOptions) {
    super("MODEL_FILE", message, options);
  }
}
