import { ModelzooError, didYouMean } from "../errors.js";

/** A dataset name that no dataset on disk has. */
export class DatasetNotFoundError extends ModelzooError {
  /** @param name - the missing dataset; @param known - existing names, for a "did you mean" hint */
  constructor(name: string, known: readonly string[]) {
    super(
      "DATASET_NOT_FOUND",
      `Dataset "${name}" does not exist.${didYouMean(name, known)} List datasets with \`modelzoo datasets list\` or Dataset.list(); ` +
        `create one with \`modelzoo datasets create ${name} --from-dir <dir>\` or Dataset.create("${name}").`,
    );
  }
}

/** Creating a dataset whose name is taken. */
export class DatasetExistsError extends ModelzooError {
  /** @param name - the taken name */
  constructor(name: string) {
    super(
      "DATASET_EXISTS",
      `Dataset "${name}" already exists. Load it with Dataset.load("${name}"), pick another name, ` +
        `or replace it with { overwrite: true } (CLI: --overwrite).`,
    );
  }
}

/** A dataset or field name that cannot be used. */
export class InvalidNameError extends ModelzooError {
  /** @param message - which name and why */
  constructor(message: string) {
    super("INVALID_NAME", message);
  }
}

/** A value whose type conflicts with the field's schema, or that cannot be stored at all. */
export class FieldTypeError extends ModelzooError {
  /** @param message - the field, the types involved and the fix */
  constructor(message: string) {
    super("FIELD_TYPE", message);
  }
}

/** A media file whose type cannot be told from its name. */
export class UnsupportedMediaError extends ModelzooError {
  /** @param message - the file and the accepted kinds */
  constructor(message: string) {
    super("UNSUPPORTED_MEDIA", message);
  }
}

/** A dataset that has been deleted, or a sample used outside its dataset. */
export class DatasetStateError extends ModelzooError {
  /** @param message - what was attempted and why it cannot be done */
  constructor(message: string) {
    super("DATASET_STATE", message);
  }
}

/** A file to import (JSON lines, COCO) that does not hold what it should. */
export class ImportFormatError extends ModelzooError {
  /** @param message - the file, the place in it, and what was expected */
  constructor(message: string, options?: ErrorOptions) {
    super("IMPORT_FORMAT", message, options);
  }
}

/** A directory to read media from that does not exist. */
export class DirectoryNotFoundError extends ModelzooError {
  /** @param dir - the missing directory */
  constructor(dir: string) {
    super("DIR_NOT_FOUND", `Directory ${dir} does not exist or is not a directory. Check the path (it is resolved from ${process.cwd()}).`);
  }
}
