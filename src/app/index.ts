/*
 * The app layer: a local web app that shows a dataset or view with its labels drawn
 * (FiftyOne's App). The server is here; the page's source is in ./page and is built
 * into dist/app/page by `npm run build`.
 */
export { launchApp, DEFAULT_APP_PORT, type LaunchAppOptions } from "./launch-app.js";
export { AppSession } from "./session.js";
export { AppPageMissingError, AppPortError, AppFieldError, AppOptionsError } from "./errors.js";
