import os from "node:os";

/** The loopback names a browser on this machine may use for the app. */
const LOOPBACK = ["localhost", "127.0.0.1", "[::1]"];

/** Addresses that mean "every interface". */
const WILDCARD = new Set(["0.0.0.0", "::", "[::]"]);

/**
 * The `host[:port]` values a request to the app may carry in its `Host` header when
 * the server is bound to `bindHost` and listens on `port`: the loopback names, the
 * bound address itself, and — for a wildcard bind — this machine's host name and
 * interface addresses. Anything else is a page on another site that made its name
 * resolve to this machine (DNS rebinding) and is refused.
 */
export function allowedHosts(bindHost: string, port: number): Set<string> {
  const names = new Set(LOOPBACK);
  const bracket = (h: string) => (h.includes(":") && !h.startsWith("[") ? `[${h}]` : h);
  names.add(bracket(bindHost.toLowerCase()));
  if (WILDCARD.has(bindHost)) {
    names.add(os.hostname().toLowerCase());
    for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) names.add(bracket(a.address.split("%")[0]!.toLowerCase()));
  }
  const out = new Set<string>();
  for (const n of names) {
    if (WILDCARD.has(n)) continue;
    out.add(`${n}:${port}`);
    if (port === 80) out.add(n); // a browser leaves out the default port
  }
  return out;
}

/**
 * Why a request must be refused, or undefined when it may proceed: a `Host` header
 * that is not one of `allowed`, or an `Origin` header (sent by browsers on cross-site
 * requests and on every POST/PUT) naming any other site than `http://<allowed host>`.
 */
export function foreignRequest(host: string | undefined, origin: string | undefined, allowed: ReadonlySet<string>): string | undefined {
  if (host === undefined || !allowed.has(host.toLowerCase())) {
    return `Host ${JSON.stringify(host ?? null)} is not this app's address; open the app at the URL it printed (e.g. http://127.0.0.1:<port>/).`;
  }
  if (origin !== undefined) {
    let originHost: string | undefined;
    try {
      const url = new URL(origin);
      originHost = url.protocol === "http:" ? url.host.toLowerCase() : undefined;
    } catch {
      originHost = undefined; // "null" (a sandboxed or file: page) or garbage
    }
    if (originHost === undefined || !allowed.has(originHost)) return `Requests from ${JSON.stringify(origin)} are refused: only the app's own page may call it.`;
  }
  return undefined;
}
