import type { SampleCollection } from "../dataset/index.js";
import type { AppServer } from "./server.js";
import type { ViewState } from "./view-state.js";

/**
 * A running app — FiftyOne's `Session`. Set {@link AppSession.view} to show another
 * dataset or view in the open pages; {@link AppSession.close} stops the server.
 */
export class AppSession {
  private closing: Promise<void> | undefined;
  private readonly closed: Promise<void>;
  private resolveClosed!: () => void;

  /** @internal — made by `launchApp`. */
  constructor(
    /** The address of the page, e.g. `http://127.0.0.1:5151/`. */
    readonly url: string,
    private readonly state: ViewState,
    private readonly server: AppServer,
  ) {
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
  }

  /** The dataset or view the app shows. */
  get view(): SampleCollection {
    return this.state.view;
  }

  /** Shows another dataset or view; open pages reload it. */
  set view(view: SampleCollection) {
    this.state.setView(view);
  }

  /** The port the server listens on. */
  get port(): number {
    return Number(new URL(this.url).port);
  }

  /** Stops the server (open pages lose their connection). Safe to call twice. */
  async close(): Promise<void> {
    this.closing ??= (async () => {
      this.server.endStreams();
      await this.server.app.close();
      this.resolveClosed();
    })();
    return this.closing;
  }

  /** Resolves when the session is closed (by {@link AppSession.close}); FiftyOne's `session.wait()`. */
  async wait(): Promise<void> {
    return this.closed;
  }
}
