import type { Command } from "commander";
import { startWorker } from "../index.js";

/** `modelzoo worker`: takes applyModel shard jobs from the queue in the PostgreSQL database until stopped. */
export function addWorkerCommand(program: Command): void {
  program
    .command("worker")
    .description("process distributed applyModel shards from the job queue in the PostgreSQL database (runs until Ctrl-C / SIGTERM)")
    .option("--database-uri <uri>", "postgres://user:password@host:5432/database (default: $MODELZOO_DATABASE_URI)")
    .option("--poll <seconds>", "seconds between looks at an empty queue", parseFloat)
    .action(async (opts: { databaseUri?: string; poll?: number }) => {
      const worker = await startWorker({
        ...(opts.databaseUri === undefined ? {} : { databaseUri: opts.databaseUri }),
        ...(opts.poll === undefined ? {} : { pollingIntervalSeconds: opts.poll }),
        log: (line) => console.log(line),
      });
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          console.log(`${signal}: finishing the shard in hand, then stopping`);
          void worker.stop({ graceful: true }).then(resolve, resolve);
        };
        process.once("SIGINT", () => stop("SIGINT"));
        process.once("SIGTERM", () => stop("SIGTERM"));
      });
    });
}
