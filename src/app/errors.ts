import { ModelzooError } from "../errors.js";

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
