import { ModelzooError, didYouMean } from "../errors.js";

/** A model name that no registered manifest has. */
export class ModelNotFoundError extends ModelzooError {
  /** @param name - the unknown name; @param known - every model name, for a "did you mean" hint */
  constructor(name: string, known: readonly string[]) {
    super("MODEL_NOT_FOUND", `No zoo model is called "${name}".${didYouMean(name, known)} List the models with \`modelzoo models list\` or listZooModels().`);
  }
}

/** A known model whose files are not downloaded, where a download was not allowed. */
export class ModelNotDownloadedError extends ModelzooError {
  /** @param name - the model; @param why - why it was not downloaded now (e.g. "downloadIfNecessary is false") */
  constructor(name: string, why?: string) {
    super("MODEL_NOT_DOWNLOADED", `Model "${name}" is not downloaded${why ? ` (${why})` : ""}. Download it with \`modelzoo models download ${name}\` or downloadZooModel("${name}").`);
  }
}

/** A manifest that does not follow the schema, or names a model twice. */
export class ManifestError extends ModelzooError {
  /** @param message - the manifest, the entry and the field at fault */
  constructor(message: string) {
    super("MANIFEST", message);
  }
}

/**
 * A downloaded or installed file whose size or sha256 differs from the manifest's, or
 * from what the model's lock recorded when it was verified (a damaged or changed copy).
 */
export class ChecksumMismatchError extends ModelzooError {
  /** The file at fault. */
  readonly file: string;
  /** The model, when the file is a downloaded model's. */
  readonly modelName: string | undefined;

  /**
   * @param file - the file; @param expected - manifest value; @param actual - what was found;
   * @param reference - where `expected` comes from: "the manifest" (default) or the lock of a
   * file trusted on first use, whose fix is different (the upstream file changed, or the copy is damaged)
   * @param modelName - the downloaded model whose file changed since it was verified (the fix then names it)
   */
  constructor(file: string, what: "sha256" | "size", expected: string | number, actual: string | number, reference = "the manifest", modelName?: string) {
    super(
      "CHECKSUM_MISMATCH",
      modelName !== undefined
        ? `${file} (model "${modelName}") has ${what} ${actual}, but ${reference} recorded ${expected} when it was verified: ` +
            `the copy on disk was changed or damaged, and it is not used. Run \`modelzoo models download ${modelName}\` ` +
            `(downloadZooModel("${modelName}")) to check it and fetch it again; if the file changed upstream on purpose, ` +
            `\`modelzoo models delete ${modelName}\` first.`
        : reference === "the manifest"
          ? `${file} has ${what} ${actual}, but the manifest says ${expected}: the file is corrupt or truncated. ` +
            `Nothing was kept; download it again (modelzoo models download <name> --overwrite).`
          : `${file} has ${what} ${actual}, but ${reference} recorded ${expected} when it was first downloaded: the copy is damaged, ` +
            `or the file changed upstream. Delete the model (modelzoo models delete <name>) and download it again to trust the new file.`,
    );
    this.file = file;
    this.modelName = modelName;
  }
}

/** Packages or binaries a model needs that are missing or at the wrong version. */
export class RequirementsError extends ModelzooError {
  /** @param message - what is missing and the command that installs it */
  constructor(message: string) {
    super("REQUIREMENTS", message);
  }
}

/** A download was needed while MODELZOO_OFFLINE=1, or failed for good. */
export class DownloadError extends ModelzooError {
  /** @param message - what could not be fetched and why */
  constructor(message: string, options?: ErrorOptions) {
    super("DOWNLOAD", message, options);
  }
}

/** A malformed `$MODELZOO_HOME/config.json` or `MODELZOO_*` configuration variable. */
export class ConfigError extends ModelzooError {
  /** @param message - the file or variable, the key at fault and the fix */
  constructor(message: string) {
    super("CONFIG", message);
  }
}



/**
 * A Hugging Face repository that `hf:<repo>` cannot run: no ONNX export, an
 * architecture modelzoo has no task for, or a preprocessor_config.json value it cannot
 * reproduce. The message names the repository, the file and field, and what is supported.
 */
export class HfConfigError extends ModelzooError {
  /** @param message - the repository, the file and field at fault, and what is supported */
  constructor(message: string) {
    super("HF_CONFIG", message);
  }
}
