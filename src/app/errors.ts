import { DatasetNotFoundError } from "../dataset/index.js";
import { ModelzooError } from "../errors.js";
import { ImageNotFoundError } from "../media/index.js";
import { ModelNotDownloadedError, ModelNotFoundError, ZooDatasetNotDownloadedError, ZooDatasetNotFoundError } from "../zoo/index.js";

/** The page's built files are missing (a source checkout that was not built). */
export class AppPageMissingError extends ModelzooError {
  /** @param dir - where the page's index.html was looked for */
  constructor(dir: string) {
    super("APP_PAGE_MISSING", `The app's page is not built: ${dir}/index.html is missing. Run \`npm run build\` in the modelzoo package first.`);
  }
}

/** The port the app should listen on is taken or not allowed. */
export class AppPortError extends ModelzooError {
  /** @param host - the address; @param port - the port; @param cause - the listen error */
  constructor(host: string, port: number, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    const why = code === "EADDRINUSE" ? "is already in use" : code === "EACCES" ? "needs privileges this process lacks" : `cannot be used (${String(code ?? cause)})`;
    super(
      "APP_PORT",
      `The app cannot listen on ${host}:${port}: the port ${why}. Pick another with { port: <n> } (CLI: --port <n>), or { port: 0 } for any free port.`,
      { cause },
    );
  }
}

/** A request to the app's API that names a field the view does not have, or of the wrong type. */
export class AppFieldError extends ModelzooError {
  /** @param message - the field, what it should be, and the fields there are */
  constructor(message: string) {
    super("APP_FIELD", message);
  }
}

/** Options of `launchApp` that cannot be used. */
export class AppOptionsError extends ModelzooError {
  /** @param message - the option, its value and what it accepts */
  constructor(message: string) {
    super("APP_OPTIONS", message);
  }
}

/** modelzoo's error kinds that mean "the named thing is not there": answered with 404. */
const NOT_FOUND = [DatasetNotFoundError, ModelNotFoundError, ModelNotDownloadedError, ZooDatasetNotFoundError, ZooDatasetNotDownloadedError, ImageNotFoundError];

/**
 * The HTTP status of an error thrown while answering a request: 404 for modelzoo's
 * not-found kinds, 400 for every other modelzoo error (the request or the data it names
 * is at fault, and the message says how), a framework's own 4xx as given, else 500.
 */
export function httpStatusOf(err: unknown): number {
  if (NOT_FOUND.some((kind) => err instanceof kind)) return 404;
  if (err instanceof ModelzooError) return 400;
  const status = (err as { statusCode?: number } | undefined)?.statusCode;
  return status !== undefined && status >= 400 && status < 500 ? status : 500;
}
