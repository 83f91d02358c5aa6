import { randomUUID } from "node:crypto";
import type PgBoss from "pg-boss";
import { PostgresStore, redactUri } from "../dataset/store/postgres-store.js";
import type { SampleCollection } from "../dataset/index.js";
import type { ApplyModelOptions, ApplyModelResult, DistributedProgress, FailedShard, Model, SampleFailure } from "../models/index.js";
import { createProgress } from "../models/progress.js";
import { getZooModel } from "../zoo/index.js";
import { APPLY_QUEUE, DistributedRunError, openQueue, type ShardApplyOptions, type ShardJob, type ShardOutput } from "./queue.js";

const DEFAULT_LEASE_SECONDS = 1800;
const POLL_MS = 500;

/**
 * `applyModel(model, { distributed })`: splits the collection's samples into shard
 * jobs (contiguous ranges of sorted sample ids), enqueues them on the pg-boss queue
 * in the dataset's PostgreSQL database, and waits while `modelzoo worker` processes
 * run them, reporting progress. Every write is recorded once under a run key in the
 * same transaction as the predictions, so a shard that runs twice (a worker killed,
 * a lease expired, a retry) stores each sample's predictions exactly once; the
 * result counts those records.
 */
export async function applyModelDistributed(
  collection: SampleCollection,
  model: Model,
  options: ApplyModelOptions,
): Promise<ApplyModelResult> {
  const dist = options.distributed ?? {};
  const store = collection.datasetStore;
  if (!(store instanceof PostgresStore)) {
    throw new DistributedRunError(
      `Distributed applyModel needs a dataset in PostgreSQL, which workers on other processes and machines can reach; "${collection.datasetName}" is in ${store.location}. ` +
        `Create the dataset with { databaseUri: "postgres://…" } or MODELZOO_DATABASE_URI, and start workers with \`modelzoo worker\`.`,
    );
  }
  try {
    getZooModel(model.name);
  } catch (err) {
    throw new DistributedRunError(`Workers load models by zoo name, and "${model.name}" is not a zoo model. Use a zoo model (modelzoo models list), or run applyModel without distributed.`, { cause: err });
  }
  if (options.writeOnce !== undefined || options.frameStep !== undefined) {
    throw new DistributedRunError("Distributed applyModel runs on image samples; frameStep (videos) is not supported there.");
  }
  const allIds = await collection.ids();
  const mediaTypes = await collection.values("mediaType");
  const videos = mediaTypes.filter((t) => t === "video").length;
  if (videos > 0) {
    throw new DistributedRunError(
      `Distributed applyModel runs on image samples, and the collection has ${videos} video sample(s). Apply it to the images, e.g. collection.match({ mediaType: "image" }), and run videos locally.`,
    );
  }
  const labelField = options.labelField ?? "predictions";
  let todo = allIds;
  if (options.skipExisting) {
    if (typeof labelField !== "string") throw new DistributedRunError(`skipExisting needs a string labelField; got ${JSON.stringify(labelField)}.`);
    const values = await collection.values(labelField);
    todo = allIds.filter((_, i) => values[i] === undefined);
  }
  const skipped = allIds.length - todo.length;
  if (todo.length === 0) return { processed: 0, skipped, failures: [], shards: { total: 0, retried: 0, failed: [] } };

  const sorted = [...todo].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const shardCount = Math.max(1, Math.min(sorted.length, dist.shards ?? Math.min(64, Math.ceil(sorted.length / 100))));
  if (!Number.isInteger(shardCount)) throw new DistributedRunError(`distributed.shards must be a whole number ≥ 1; got ${dist.shards}.`);
  const explicit = todo.length !== (await store.count());
  const runKey = `apply:${randomUUID()}`;
  const shardOptions: ShardApplyOptions = {
    labelField,
    ...(options.confidenceThresh === undefined ? {} : { confidenceThresh: options.confidenceThresh }),
    ...(options.storeLogits === undefined ? {} : { storeLogits: options.storeLogits }),
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.skipFailures === undefined ? {} : { skipFailures: options.skipFailures }),
    ...(options.outputDir === undefined ? {} : { outputDir: options.outputDir }),
    ...(options.relDir === undefined ? {} : { relDir: options.relDir }),
  };
  const jobs: { id: string; data: ShardJob }[] = [];
  for (let s = 0; s < shardCount; s++) {
    const part = sorted.slice(Math.floor((s * sorted.length) / shardCount), Math.floor(((s + 1) * sorted.length) / shardCount));
    const data: ShardJob = {
      runKey,
      shard: s,
      dataset: collection.datasetName,
      model: model.name,
      first: part[0]!,
      last: part[part.length - 1]!,
      ...(explicit ? { ids: part } : {}),
      options: shardOptions,
    };
    jobs.push({ id: randomUUID(), data });
  }

  const lease = dist.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
  const boss = await openQueue(store.databaseUri, Math.min(60, lease / 3));
  const progress = createProgress(`${model.name} (${shardCount} shards)`, todo.length, options.progress);
  try {
    await boss.insert(
      jobs.map((j) => ({
        id: j.id,
        name: APPLY_QUEUE,
        data: j.data,
        retryLimit: dist.retryLimit ?? 3,
        retryDelay: dist.retryDelaySeconds ?? 5,
        retryBackoff: true,
        expireInSeconds: lease,
      })),
    );
    const outcome = await waitForShards(boss, store, runKey, jobs, todo.length, {
      timeoutMs: dist.timeoutSeconds === undefined ? undefined : dist.timeoutSeconds * 1000,
      onProgress: (p, delta) => {
        progress.tick(delta);
        dist.onProgress?.(p);
      },
    });
    const processed = await store.countApplied(runKey);
    await store.forgetApplied(runKey);
    return { processed, skipped, failures: outcome.failures, shards: { total: shardCount, retried: outcome.retried, failed: outcome.failed } };
  } finally {
    progress.stop();
    await boss.stop({ graceful: false, wait: true, close: true }).catch(() => undefined);
  }
}

async function waitForShards(
  boss: PgBoss,
  store: PostgresStore,
  runKey: string,
  jobs: readonly { id: string; data: ShardJob }[],
  total: number,
  opts: { timeoutMs: number | undefined; onProgress: (p: DistributedProgress, delta: number) => void },
): Promise<{ failures: SampleFailure[]; failed: FailedShard[]; retried: number }> {
  const pending = new Map(jobs.map((j) => [j.id, j.data]));
  const failures: SampleFailure[] = [];
  const failed: FailedShard[] = [];
  const retriedIds = new Set<string>();
  const started = Date.now();
  let reported = 0;
  for (;;) {
    for (const [id, data] of pending) {
      const job = await boss.getJobById<ShardJob>(APPLY_QUEUE, id, { includeArchive: true });
      if (!job) continue;
      if (job.retryCount > 0) retriedIds.add(id);
      if (job.state === "completed") {
        const out = job.output as Partial<ShardOutput> | null;
        failures.push(...(out?.failures ?? []));
        pending.delete(id);
      } else if (job.state === "failed" || job.state === "cancelled") {
        failed.push({ shard: data.shard, first: data.first, last: data.last, error: errorText(job.output) });
        pending.delete(id);
      }
    }
    const done = await store.countApplied(runKey);
    if (done !== reported || pending.size === 0) {
      opts.onProgress({ samplesDone: done, samplesTotal: total, shardsDone: jobs.length - pending.size, shardsTotal: jobs.length }, done - reported);
      reported = done;
    }
    if (pending.size === 0) break;
    if (opts.timeoutMs !== undefined && Date.now() - started > opts.timeoutMs) {
      throw new DistributedRunError(
        `Distributed run ${runKey} did not finish within ${opts.timeoutMs / 1000}s (${pending.size} of ${jobs.length} shards left on queue "${APPLY_QUEUE}" in ${redactUri(store.databaseUri)}). ` +
          "Are workers running? Start them with `modelzoo worker` on machines that reach the database and the media files; the shards stay queued.",
      );
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  failed.sort((a, b) => a.shard - b.shard);
  return { failures, failed, retried: retriedIds.size };
}

function errorText(output: unknown): string {
  if (output && typeof output === "object") {
    const o = output as { message?: unknown; value?: { message?: unknown } };
    if (typeof o.message === "string") return o.message;
    if (typeof o.value?.message === "string") return o.value.message;
  }
  return JSON.stringify(output);
}
