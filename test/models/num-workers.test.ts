import assert from "node:assert/strict";
import os from "node:os";
import { describe, test } from "node:test";
import { BaseModel, RunOptionsError, type InferenceWorkersInfo, type ModelOutput, type WorkerPoolModel } from "../../src/index.js";
import { startRunWorkers } from "../../src/models/run-batches.js";

/** A model that records the worker counts it is asked for (its "workers" are only a number). */
class Counting extends BaseModel implements WorkerPoolModel {
  readonly name = "counting";
  readonly canUseWorkers = true;
  numWorkers = 0;
  asked: number[] = [];
  constructor(private readonly perCore: number) {
    super();
  }
  protected async doLoad(): Promise<void> {}
  protected async doDispose(): Promise<void> {}
  predict(): Promise<ModelOutput> {
    return Promise.resolve(null);
  }
  defaultNumWorkers(cores: number): number {
    return this.perCore * cores;
  }
  useWorkers(count: number): Promise<InferenceWorkersInfo[]> {
    this.asked.push(count);
    this.numWorkers = count;
    return Promise.resolve(count ? [{ model: this.name, workers: count, backend: "test", memoryPerWorkerMB: [], rssPerWorkerMB: 0 }] : []);
  }
}

class Plain extends BaseModel {
  readonly name = "plain";
  protected async doLoad(): Promise<void> {}
  protected async doDispose(): Promise<void> {}
  predict(): Promise<ModelOutput> {
    return Promise.resolve(null);
  }
}

describe("numWorkers: how many inference workers a run starts", () => {
  const cores = os.availableParallelism();

  test("by default: the model's count for this machine, but none for a run too small to pay for loading the model again", async () => {
    const model = new Counting(1);
    await startRunWorkers(model, {}, 16 * cores - 1);
    assert.deepEqual(model.asked, [0], "a small run stays in the main thread");
    const info = await startRunWorkers(model, {}, 16 * cores);
    assert.deepEqual(model.asked, [0, cores]);
    assert.equal(info[0]?.workers, cores);
    await startRunWorkers(model, {}, 1);
    assert.deepEqual(model.asked, [0, cores, cores], "workers already running are kept for the next run, however small");
  });

  test("asked for: any whole number, 0 back to the main thread; a runtime with no workers stays in the main thread", async () => {
    const model = new Counting(1);
    await startRunWorkers(model, { numWorkers: 3 }, 1);
    await startRunWorkers(model, { numWorkers: 0 }, 1000);
    assert.deepEqual(model.asked, [3, 0]);
    const none = new Counting(0);
    await startRunWorkers(none, {}, 1000);
    assert.deepEqual(none.asked, [0]);
  });

  test("workers that fail to start: the default falls back to the main thread with a warning, an explicit count fails", async () => {
    const failing = new Counting(1);
    failing.useWorkers = (count) => (count === 0 ? Promise.resolve([]) : Promise.reject(new Error("the worker could not load the model")));
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    try {
      assert.deepEqual(await startRunWorkers(failing, {}, 1000), []);
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
    } finally {
      process.off("warning", onWarning);
    }
    assert.ok(warnings.some((w) => /counting: inference workers could not start \(the worker could not load the model\); inferring in the main thread/.test(w)), warnings.join("\n"));
    await assert.rejects(() => startRunWorkers(failing, { numWorkers: 2 }, 1000), /could not load the model/);
  });

  test("bad values and models without workers are refused with RunOptionsError", async () => {
    for (const bad of [-1, 2.5, Number.NaN]) await assert.rejects(() => startRunWorkers(new Counting(1), { numWorkers: bad }, 10), RunOptionsError);
    await assert.rejects(() => startRunWorkers(new Plain(), { numWorkers: 2 }, 10), (err: unknown) => err instanceof RunOptionsError && /"plain" cannot run in worker threads/.test(err.message));
    assert.deepEqual(await startRunWorkers(new Plain(), { numWorkers: 0 }, 10), []);
    assert.deepEqual(await startRunWorkers(new Plain(), {}, 1000), []);
  });
});
