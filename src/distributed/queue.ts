import PgBoss from "pg-boss";
import { ModelzooError } from "../errors.js";
import type { LabelField } from "../dataset/index.js";
import type { SampleFailure } from "../models/index.js";

/** The pg-boss queue of `applyModel` shards. */
export const APPLY_QUEUE = "modelzoo-apply";
/** The PostgreSQL schema pg-boss keeps its tables in (beside the dataset tables). */
export const JOBS_SCHEMA = "modelzoo_jobs";

/** A distributed run that cannot start or finish. */
export class DistributedRunError extends ModelzooError {
  /** @param message - what is wrong and the fix */
  constructor(message: string, options?: ErrorOptions) {
    super("DISTRIBUTED_RUN", message, options);
  }
}

/** The `applyModel` options a shard carries to its worker (plain JSON). */
export interface ShardApplyOptions {
  labelField?: LabelField;
  confidenceThresh?: number;
  storeLogits?: boolean;
  batchSize?: number;
  skipFailures?: boolean;
  outputDir?: string;
  relDir?: string;
}

/** One shard job: a contiguous range of sample ids of a dataset, and what to run on it. */
export interface ShardJob {
  /** Key of the run: every write of the run is recorded once under it. */
  runKey: string;
  /** Shard number (0-based). */
  shard: number;
  /** Dataset name (in the database the worker is pointed at). */
  dataset: string;
  /** Zoo model name. */
  model: string;
  /** First and last sample id (inclusive, in code-unit order). */
  first: string;
  last: string;
  /** The exact ids when the run covers a view rather than every sample in the range. */
  ids?: string[];
  /** applyModel options. */
  options: ShardApplyOptions;
}

/** What a worker reports for a finished shard. */
export interface ShardOutput {
  /** Samples of this attempt whose predictions were stored. */
  processed: number;
  /** Samples that failed (skipFailures). */
  failures: SampleFailure[];
}

/**
 * A started pg-boss on the database at `uri` with the apply queue created. pg-boss
 * migrates its own tables (in {@link JOBS_SCHEMA}) under its own lock; `maintenanceSeconds`
 * is how often expired leases are looked for.
 */
export async function openQueue(uri: string, maintenanceSeconds = 30): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: uri,
    schema: JOBS_SCHEMA,
    max: 4,
    application_name: "modelzoo",
    schedule: false,
    maintenanceIntervalSeconds: Math.max(1, Math.round(maintenanceSeconds)),
  });
  boss.on("error", () => undefined); // transient maintenance errors: pg-boss retries on its next interval
  try {
    await boss.start();
    if (!(await boss.getQueue(APPLY_QUEUE))) {
      try {
        await boss.createQueue(APPLY_QUEUE);
      } catch (err) {
        if (!(await boss.getQueue(APPLY_QUEUE))) throw err; // else: created by another process meanwhile
      }
    }
  } catch (err) {
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
    throw new DistributedRunError(`Cannot open the job queue in the database: ${(err as Error).message}.`, { cause: err });
  }
  return boss;
}
