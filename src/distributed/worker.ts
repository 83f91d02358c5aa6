import type PgBoss from "pg-boss";
import { Dataset } from "../dataset/index.js";
import { databaseUri } from "../dataset/store/backend.js";
import { PostgresStore, redactUri } from "../dataset/store/postgres-store.js";
import { applyModel, type Model } from "../models/index.js";
import { loadZooModel } from "../zoo/index.js";
import { APPLY_QUEUE, DistributedRunError, openQueue, type ShardJob, type ShardOutput } from "./queue.js";

/** Options of {@link startWorker}. */
export interface WorkerOptions {
  /** The PostgreSQL database of the datasets and the queue. Default `$MODELZOO_DATABASE_URI`. */
  databaseUri?: string;
  /** Seconds between looks at the queue when it is empty. Default 1. */
  pollingIntervalSeconds?: number;
  /** Where to report what the worker does (one line per event). Default: nowhere. */
  log?: (line: string) => void;
}

/** A running worker. */
export interface Worker {
  /** Finishes the shard in hand (unless `graceful` is false), then stops taking shards and disconnects. */
  stop(options?: { graceful?: boolean }): Promise<void>;
}

/**
 * Starts taking `applyModel` shard jobs from the queue in the PostgreSQL database
 * (what `modelzoo worker` runs). For each shard it loads the zoo model by name (kept
 * loaded for later shards), opens the dataset, leaves out the samples this run
 * already stored (a shard may run again after a crash), and runs `applyModel` with
 * every batch written at most once for the run. A shard that throws is retried by
 * the queue with backoff; one whose worker dies is handed to another worker when its
 * lease expires.
 */
export async function startWorker(options: WorkerOptions = {}): Promise<Worker> {
  const uri = databaseUri(options.databaseUri);
  if (uri === undefined || !/^postgres(ql)?:\/\//i.test(uri)) {
    throw new DistributedRunError(
      "A worker needs the PostgreSQL database that holds the datasets and the job queue: set MODELZOO_DATABASE_URI=postgres://user:password@host:5432/database (or pass --database-uri).",
    );
  }
  const log = options.log ?? (() => undefined);
  const models = new Map<string, Promise<Model>>();
  const modelFor = (name: string) => {
    let m = models.get(name);
    if (!m) {
      m = loadZooModel(name).then(async (model) => {
        await model.load();
        return model;
      });
      m.catch(() => models.delete(name));
      models.set(name, m);
    }
    return m;
  };
  const boss: PgBoss = await openQueue(uri);
  const handle = async (job: ShardJob): Promise<ShardOutput> => {
    // Opened per shard (and closed after), so that a dataset deleted and made again under the same name is seen afresh.
    const ds = await Dataset.load(job.dataset, { databaseUri: uri });
    try {
      return await runShard(ds, job);
    } finally {
      await ds.close();
    }
  };
  const runShard = async (ds: Dataset, job: ShardJob): Promise<ShardOutput> => {
    const store = ds.datasetStore;
    if (!(store instanceof PostgresStore)) throw new DistributedRunError(`Dataset "${job.dataset}" is not in PostgreSQL.`);
    const inShard = job.ids ?? (await store.idsInRange(job.first, job.last));
    const already = await store.appliedIds(job.runKey, inShard);
    const ids = inShard.filter((id) => !already.has(id));
    log(`shard ${job.shard} started: ${ids.length} of ${inShard.length} samples to do (model ${job.model}, dataset ${job.dataset})`);
    const model = await modelFor(job.model);
    let stored = 0;
    const r = await applyModel(ds.select(ids), model, {
      ...job.options,
      progress: false,
      writeOnce: job.runKey,
      onBatchSaved: (n) => {
        stored += n;
        log(`shard ${job.shard}: ${stored}/${ids.length} stored`);
      },
    });
    log(`shard ${job.shard} done: ${r.processed} processed, ${r.failures.length} failed`);
    return { processed: r.processed, failures: r.failures };
  };
  await boss.work<ShardJob>(APPLY_QUEUE, { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 }, async ([job]) => {
    try {
      return await handle(job!.data);
    } catch (err) {
      log(`shard ${job!.data.shard} failed: ${(err as Error).message}`);
      throw err;
    }
  });
  log(`worker ready: pid ${process.pid}, queue ${APPLY_QUEUE} in ${redactUri(uri)}`);
  return {
    async stop({ graceful = true } = {}) {
      await boss.stop({ graceful, wait: true, close: true });
      for (const m of models.values()) await (await m.catch(() => undefined))?.dispose();
    },
  };
}
