import { after } from "node:test";
import { startEmbeddedPostgres, type EmbeddedServer } from "../../bench/postgres.js";

/** A PostgreSQL server for one test file (see bench/postgres.ts). */
export type TestPostgres = Omit<EmbeddedServer, "stop">;

let started: Promise<EmbeddedServer> | undefined;

/**
 * Call at the top level of a test file: registers the server's shutdown after the
 * file's tests and returns a function that starts it on first use (once per file).
 */
export function usePostgres(): () => Promise<TestPostgres> {
  after(async () => {
    const server = await started?.catch(() => undefined);
    await server?.stop();
  });
  return () => (started ??= startEmbeddedPostgres());
}
