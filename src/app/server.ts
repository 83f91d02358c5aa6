import fastifyStatic from "@fastify/static";
import Fastify, { type FastifyInstance } from "fastify";
import { registerApiRoutes } from "./api-routes.js";
import { httpStatusOf } from "./errors.js";
import { registerEventsRoute } from "./events-route.js";
import { allowedHosts, foreignRequest } from "./host-check.js";
import { registerMediaRoutes } from "./media-routes.js";
import type { ViewState } from "./view-state.js";

/** The app's HTTP server and the function that ends its event streams. */
export interface AppServer {
  /** The fastify instance (not yet listening). */
  app: FastifyInstance;
  /** Ends every open event stream, so that closing does not wait for pages. */
  endStreams: () => void;
}

/**
 * Builds the server: the page's files from `pageDir` at `/`, the JSON API under
 * `/api`, media under `/media`. Errors of modelzoo's own kinds become JSON answers
 * with their message (404 for a missing dataset, model or image, 400 otherwise: see `httpStatusOf`). A request whose
 * `Host` is not the address the server listens on (`bindHost` and its port, or a
 * loopback name), or whose `Origin` is another site, gets 403 before any route runs:
 * the defence against DNS rebinding and cross-site requests.
 */
export async function buildServer(state: ViewState, pageDir: string, bindHost = "127.0.0.1"): Promise<AppServer> {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  let allowed: { port: number; hosts: Set<string> } | undefined;
  app.addHook("onRequest", async (req, reply) => {
    const address = app.server.address();
    const port = typeof address === "object" && address !== null ? address.port : 80;
    if (allowed?.port !== port) allowed = { port, hosts: allowedHosts(bindHost, port) };
    const refusal = foreignRequest(req.headers.host, req.headers.origin, allowed.hosts);
    if (refusal !== undefined) return reply.code(403).send({ error: refusal });
  });
  await app.register(fastifyStatic, { root: pageDir, prefix: "/", index: "index.html", wildcard: false, maxAge: 0 });
  registerApiRoutes(app, state);
  registerMediaRoutes(app, state);
  const endStreams = registerEventsRoute(app, state);
  app.setErrorHandler((err, _req, reply) => {
    const status = httpStatusOf(err);
    return reply.code(status).send({ error: status === 500 ? `Internal error: ${(err as Error).message}` : (err as Error).message });
  });
  return { app, endStreams };
}
