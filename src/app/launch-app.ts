import open from "open";
import type { SampleCollection } from "../dataset/index.js";
import { AppOptionsError, AppPortError } from "./errors.js";
import { pageDir } from "./page-dir.js";
import { buildServer } from "./server.js";
import { AppSession } from "./session.js";
import { ViewState } from "./view-state.js";

/** FiftyOne's default app port. */
export const DEFAULT_APP_PORT = 5151;

/** Options of {@link launchApp}. */
export interface LaunchAppOptions {
  /** Port to listen on; 0 picks a free one. Default 5151. */
  port?: number;
  /** Address to bind. Default `"127.0.0.1"`: only this machine can connect. */
  host?: string;
  /** Open the page in the default browser. Default false. */
  open?: boolean;
}

/**
 * Starts the app — a web page showing the samples of `datasetOrView` with their
 * labels drawn — and returns the session with its `url`. FiftyOne's
 * `fo.launch_app(view)`. The server keeps the process alive until `session.close()`.
 * @throws AppPortError when the port is taken
 * @throws AppPageMissingError when the page was not built (`npm run build`)
 */
export async function launchApp(datasetOrView: SampleCollection, options: LaunchAppOptions = {}): Promise<AppSession> {
  const port = options.port ?? DEFAULT_APP_PORT;
  const host = options.host ?? "127.0.0.1";
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new AppOptionsError(`launchApp's port must be a whole number from 0 to 65535 (0: any free port); got ${String(port)}.`);
  }
  const state = new ViewState(datasetOrView);
  await state.read(); // fail here, not in the page, on a deleted dataset
  const server = await buildServer(state, pageDir(), host);
  try {
    await server.app.listen({ port, host });
  } catch (err) {
    await server.app.close();
    throw new AppPortError(host, port, err);
  }
  const address = server.app.server.address();
  const bound = typeof address === "object" && address !== null ? address.port : port;
  const urlHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  const session = new AppSession(`http://${urlHost}:${bound}/`, state, server);
  if (options.open) await open(session.url);
  return session;
}
