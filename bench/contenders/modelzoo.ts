import { Dataset, isWorkerPoolModel, type ApplyModelOptions, type Model } from "../../src/index.js";
import type { Role } from "./contender.js";
import { countObjects, type Contender } from "./contender.js";

const LABEL_FIELD = "bench";

/**
 * modelzoo end to end: `applyModel` on a dataset of the image files — read, decode,
 * resize, infer, decode outputs, store the labels in SQLite. Every run overwrites the
 * previous run's labels.
 */
export async function modelzooContender(model: Model, files: readonly string[], options: ApplyModelOptions = {}, role: Role = "modelzoo"): Promise<Contender & { setBatchSize(n: number): void }> {
  const dataset = await Dataset.create(`bench-${process.pid}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`);
  await dataset.addImages(files);
  await model.load();
  // The workers start (each loading the model) before the clock does, as the model's load does.
  if (options.numWorkers !== undefined && isWorkerPoolModel(model)) await model.useWorkers(options.numWorkers);
  const workers = isWorkerPoolModel(model) ? model.numWorkers : 0;
  let batchSize = options.batchSize ?? model.defaultBatchSize;
  return {
    role,
    get label() {
      return `modelzoo applyModel (batch ${batchSize}, ${workers === 0 ? "inference in the main thread" : `${workers} inference worker${workers === 1 ? "" : "s"}`})`;
    },
    get batchSize() {
      return batchSize;
    },
    /** The batch size of the next runs (the benchmark's batch-size sweep). */
    setBatchSize(n: number) {
      batchSize = n;
    },
    async run() {
      const result = await dataset.applyModel(model, { labelField: LABEL_FIELD, progress: false, ...options, batchSize });
      if (result.failures.length > 0) throw new Error(`applyModel failed on ${result.failures[0]!.filepath}: ${result.failures[0]!.error}`);
    },
    async found() {
      // A model may store a record of labels (`bench_keypoints`, `bench_detections`): count the first.
      const fields = (await dataset.getFieldSchema()).map((f) => f.name).filter((n) => n === LABEL_FIELD || n.startsWith(`${LABEL_FIELD}_`));
      if (fields.length === 0) return 0;
      return (await dataset.values(fields.sort()[0]!)).reduce<number>((n, v) => n + countObjects(v), 0);
    },
    async dispose() {
      await dataset.delete();
      await model.dispose();
    },
  };
}
