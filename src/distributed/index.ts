import { setDistributedRunner } from "../models/index.js";
import { applyModelDistributed } from "./coordinator.js";

/*
 * Scale-out: applyModel spread over `modelzoo worker` processes through a pg-boss
 * job queue in the datasets' PostgreSQL database. Importing this layer registers the
 * runner behind `applyModel(model, { distributed })`.
 */
setDistributedRunner(applyModelDistributed);

export { applyModelDistributed } from "./coordinator.js";
export { startWorker, type Worker, type WorkerOptions } from "./worker.js";
export { DistributedRunError, APPLY_QUEUE, JOBS_SCHEMA, type ShardJob, type ShardOutput, type ShardApplyOptions } from "./queue.js";
