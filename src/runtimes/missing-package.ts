import { ModelzooError } from "../errors.js";

/** A runtime package (an optional peer dependency of modelzoo) that is not installed. */
export class MissingPackageError extends ModelzooError {
  /** @param pkg - the package; @param range - the semver range modelzoo supports; @param why - what needs it */
  constructor(pkg: string, range: string, why: string, options?: ErrorOptions) {
    super("MISSING_PACKAGE", `${why} needs the npm package ${pkg}, which is not installed. Install it with: npm install ${pkg}@"${range}"`, options);
  }
}

/** Imports an optional peer dependency, or throws {@link MissingPackageError} naming the install command. */
export async function importPeer<T>(pkg: string, range: string, why: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") throw new MissingPackageError(pkg, range, why, { cause: err });
    throw err;
  }
}
