import type { FastifyInstance } from "fastify";
import type { ViewState } from "./view-state.js";

/** Seconds between keep-alive comments on an idle event stream. */
const HEARTBEAT_SECONDS = 20;

/**
 * `GET /api/events`: server-sent events. Sends `event: view` with the view version
 * on connect and whenever `session.view` changes, so open pages reload.
 * Returns a function that ends every open stream (used when the session closes).
 */
export function registerEventsRoute(app: FastifyInstance, state: ViewState): () => void {
  const streams = new Set<() => void>();
  app.get("/api/events", async (req, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache", Connection: "keep-alive" });
    const send = (version: number) => res.write(`event: view\ndata: ${JSON.stringify({ version })}\n\n`);
    send((await state.read()).version);
    const unsubscribe = state.subscribe(send);
    const heartbeat = setInterval(() => res.write(": keep-alive\n\n"), HEARTBEAT_SECONDS * 1000).unref();
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(end);
      res.end();
    };
    streams.add(end);
    req.raw.on("close", end);
  });
  return () => {
    for (const end of [...streams]) end();
  };
}
