import fastifyStatic from "@fastify/static";
import Fastify, { type FastifyInstance } from "fastify";
import { registerApiRoutes } from "./api-routes.js";
import { httpStatusOf } from "./errors.js";
import { registerEventsRoute } from "./events-route.js";
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
 * with their message (404 for a missing dataset, model or image, 400 otherwise: see `httpStatusOf`).
 */
export async function buildServer(state: ViewState, pageDir: string): Promise<AppServer> {
  const app = Fastify({ logger: false, forceCloseConnections: true });
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
