import { Worker } from "node:worker_threads";
import { ModelzooError } from "../../errors.js";
import type { InferenceRuntime, TensorData, TensorInfo } from "../../models/index.js";
import type { FromWorker, ToWorker } from "./messages.js";
import type { RuntimeRecipe } from "./runtime-recipe.js";

/** An inference worker thread that failed to load its model, or stopped while running a batch. */
export class InferenceWorkerError extends ModelzooError {
  /** @param message - the model, the worker and what happened, with the fix */
  constructor(message: string, options?: ErrorOptions) {
    super("INFERENCE_WORKER", message, options);
  }
}

/** What a started pool holds. */
export interface WorkerPoolInfo {
  /** Worker threads, each with its own runtime instance. */
  workers: number;
  /** The runtime inside each worker, e.g. `"tfjs-wasm"`. */
  backend: string;
  /** Each worker's own memory after loading (its V8 heap plus the buffers it holds, e.g. the wasm heap), in MB. */
  memoryPerWorkerMB: number[];
  /** The process's resident memory growth from starting the pool, divided by the workers, in MB (native memory included). */
  rssPerWorkerMB: number;
}

interface Job {
  feeds: Record<string, TensorData>;
  outputNames: readonly string[] | undefined;
  resolve: (outputs: Record<string, TensorData>) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  job: Job | undefined;
  ready: boolean;
}

/** The worker's entry: the .ts source under tsx (tests, bench), the compiled .js in dist/. */
const WORKER_URL = new URL(import.meta.url.endsWith(".ts") ? "./runtime-worker.ts" : "./runtime-worker.js", import.meta.url);
/** Workers replaced after a crash before the pool gives up. */
const MAX_RESTARTS = 8;

/**
 * An {@link InferenceRuntime} whose runs go to a pool of `worker_threads`, each holding
 * its own runtime instance built from a {@link RuntimeRecipe}. A run waits for an
 * idle worker; several runs in flight use several workers (and cores) at once. Input
 * tensors in a `SharedArrayBuffer` are shared, other input buffers are copied, and the
 * outputs come back transferred (no copy).
 *
 * A worker that dies while running a batch fails that run with an
 * {@link InferenceWorkerError} and is replaced, so later runs go on. Idle workers do
 * not keep the process alive; {@link dispose} ends them all.
 */
export class WorkerPoolRuntime implements InferenceRuntime {
  readonly backend: string;
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  /** Sizes and memory of the pool. */
  readonly info: WorkerPoolInfo;
  private readonly slots: Slot[] = [];
  private readonly live = new Set<Worker>();
  private readonly queue: Job[] = [];
  private nextId = 0;
  private restarts = 0;
  private broken: Error | undefined;
  private disposed = false;

  private constructor(
    private readonly recipe: RuntimeRecipe,
    private readonly modelName: string,
    first: Extract<FromWorker, { type: "ready" }>,
    info: WorkerPoolInfo,
  ) {
    this.backend = `${first.backend} in ${info.workers} worker thread${info.workers === 1 ? "" : "s"}`;
    this.inputs = first.inputs;
    this.outputs = first.outputs;
    this.info = info;
  }

  /**
   * Starts `size` workers and waits until each has loaded the model.
   * @throws InferenceWorkerError when a worker cannot load it (the others are ended)
   */
  static async start(recipe: RuntimeRecipe, size: number, modelName: string): Promise<WorkerPoolRuntime> {
    if (!Number.isInteger(size) || size < 1) throw new InferenceWorkerError(`A worker pool for "${modelName}" needs at least 1 worker, got ${size}.`);
    const rssBefore = process.memoryUsage.rss();
    const started = await Promise.allSettled(Array.from({ length: size }, () => spawn(recipe, modelName)));
    const failed = started.find((s) => s.status === "rejected");
    if (failed) {
      await Promise.all(started.flatMap((s) => (s.status === "fulfilled" ? [s.value.worker.terminate()] : [])));
      throw failed.reason;
    }
    const ready = started.map((s) => (s as PromiseFulfilledResult<Awaited<ReturnType<typeof spawn>>>).value);
    const info: WorkerPoolInfo = {
      workers: size,
      backend: ready[0]!.ready.backend,
      memoryPerWorkerMB: ready.map((r) => r.ready.memoryBytes / 2 ** 20),
      rssPerWorkerMB: Math.max(0, process.memoryUsage.rss() - rssBefore) / 2 ** 20 / size,
    };
    const pool = new WorkerPoolRuntime(recipe, modelName, ready[0]!.ready, info);
    for (const r of ready) pool.adopt(r.worker);
    return pool;
  }

  /** Worker threads of this pool that have not exited (0 after {@link dispose}). */
  get liveThreads(): number {
    return this.live.size;
  }

  run(feeds: Readonly<Record<string, TensorData>>, outputNames?: readonly string[]): Promise<Record<string, TensorData>> {
    if (this.disposed) return Promise.reject(new InferenceWorkerError(`The worker pool of "${this.modelName}" was disposed; load the model again.`));
    if (this.broken) return Promise.reject(this.broken);
    return new Promise((resolve, reject) => {
      this.queue.push({ feeds: { ...feeds }, outputNames, resolve, reject });
      this.dispatch();
    });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const gone = new InferenceWorkerError(`The worker pool of "${this.modelName}" was disposed while batches were waiting.`);
    for (const job of this.queue.splice(0)) job.reject(gone);
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  /**
   * @internal — ends worker `index` as a crash would (tests of crash handling).
   */
  async crashWorkerForTest(index: number): Promise<void> {
    await this.slots[index]?.worker.terminate();
  }

  private adopt(worker: Worker): void {
    const slot: Slot = { worker, job: undefined, ready: true };
    this.slots.push(slot);
    this.live.add(worker);
    worker.unref(); // idle workers do not hold the process open
    let lastError: Error | undefined;
    worker.on("message", (m: FromWorker) => {
      if (m.type !== "result" && m.type !== "error") return;
      const job = slot.job;
      slot.job = undefined;
      worker.unref();
      if (job) {
        if (m.type === "result") job.resolve(m.outputs);
        else job.reject(new InferenceWorkerError(`Inference of "${this.modelName}" failed in worker thread ${worker.threadId}: ${m.message}`));
      }
      this.dispatch();
    });
    worker.on("error", (err) => {
      lastError = err;
    });
    worker.on("exit", (code) => {
      this.live.delete(worker);
      const at = this.slots.indexOf(slot);
      if (at >= 0) this.slots.splice(at, 1);
      if (this.disposed) return;
      const why = `worker thread ${worker.threadId} of "${this.modelName}" stopped (exit code ${code}${lastError ? `: ${lastError.message}` : ""})`;
      slot.job?.reject(new InferenceWorkerError(`The ${why} while running a batch; the batch failed and the worker is replaced. If it happens again on the same image, that image crashes the runtime.`, lastError ? { cause: lastError } : undefined));
      slot.job = undefined;
      this.replace(why);
    });
  }

  /** Starts a worker in place of a dead one; past {@link MAX_RESTARTS}, or when it cannot load, the pool fails every run. */
  private replace(why: string): void {
    if (this.restarts >= MAX_RESTARTS) {
      this.fail(new InferenceWorkerError(`The ${why}; ${MAX_RESTARTS} workers were replaced already, so the pool gives up. Run with numWorkers: 0 to infer in the main thread and see the error.`));
      return;
    }
    this.restarts++;
    spawn(this.recipe, this.modelName).then(
      ({ worker }) => {
        if (this.disposed) {
          void worker.terminate();
          return;
        }
        this.adopt(worker);
        this.dispatch();
      },
      (err: unknown) => this.fail(err instanceof Error ? err : new Error(String(err))),
    );
  }

  private fail(error: Error): void {
    this.broken = error;
    for (const job of this.queue.splice(0)) job.reject(error);
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.job || !slot.ready) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.ref(); // a batch in flight keeps the process alive until its answer
      const message: ToWorker = { type: "run", id: this.nextId++, feeds: job.feeds, ...(job.outputNames ? { outputNames: job.outputNames } : {}) };
      slot.worker.postMessage(message); // SharedArrayBuffer inputs are shared; others are copied, so a retry can reuse them
    }
  }
}

/** Starts one worker and waits for it to load the model. */
function spawn(recipe: RuntimeRecipe, modelName: string): Promise<{ worker: Worker; ready: Extract<FromWorker, { type: "ready" }> }> {
  const worker = WORKER_URL.pathname.endsWith(".ts")
    ? // Running from the TypeScript sources (tests, bench): the worker registers tsx's loader before importing its entry.
      new Worker(`import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`, {
        eval: true,
        workerData: { recipe },
      })
    : new Worker(WORKER_URL, { workerData: { recipe } });
  return new Promise((resolve, reject) => {
    const onExit = (code: number) => reject(new InferenceWorkerError(`The inference worker of "${modelName}" exited (code ${code}) before it loaded the model.`));
    const onError = (err: Error) => {
      worker.off("exit", onExit);
      void worker.terminate();
      reject(new InferenceWorkerError(`The inference worker of "${modelName}" failed to start: ${err.message}`, { cause: err }));
    };
    worker.on("exit", onExit);
    worker.once("error", onError);
    worker.once("message", (m: FromWorker) => {
      worker.off("exit", onExit);
      worker.off("error", onError);
      if (m.type === "ready") resolve({ worker, ready: m });
      else {
        void worker.terminate();
        reject(new InferenceWorkerError(`The inference worker of "${modelName}" could not load it: ${m.type === "load-error" ? m.message : m.type}`));
      }
    });
  });
}
