import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Dataset, Detection, Detections, Sample } from "../../src/index.js";
import { timed } from "../stats.js";

/** Throughput of one store operation. */
export interface StoreStep {
  operation: string;
  samples: number;
  seconds: number;
  samplesPerSec: number;
  /** What it returned (rows matched, lines written), as a check. */
  result?: number;
}

const LABELS = ["person", "car", "dog", "cat", "bicycle"] as const;

/**
 * The dataset store alone: insert `n` samples, write one Detections label (three
 * boxes) per sample, query by label and confidence, export every sample as JSON lines.
 */
export async function benchStore(n: number, log: (line: string) => void): Promise<StoreStep[]> {
  const dataset = await Dataset.create(`bench-store-${process.pid}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelzoo-bench-store-"));
  const steps: StoreStep[] = [];
  const step = (operation: string, seconds: number, result?: number) => {
    steps.push({ operation, samples: n, seconds, samplesPerSec: n / seconds, ...(result === undefined ? {} : { result }) });
    log(`store ${operation}: ${(n / seconds).toFixed(0)} samples/s${result === undefined ? "" : ` (${result})`}`);
  };
  try {
    step("insert samples", await timed(() => dataset.addSamples(Array.from({ length: n }, (_, i) => new Sample({ filepath: `/photos/${i}.jpg`, tags: i % 2 ? ["train"] : ["val"] })))));
    // Deterministic labels: sample i has three boxes with labels and confidences cycling.
    const labels = Array.from({ length: n }, (_, i) =>
      new Detections({
        detections: [0, 1, 2].map(
          (k) => new Detection({ label: LABELS[(i + k) % LABELS.length]!, boundingBox: [0.1 * k, 0.1, 0.2, 0.3], confidence: ((i * 7 + k * 13) % 100) / 100 }),
        ),
      }),
    );
    step("write detection labels", await timed(() => dataset.setValues("predictions", labels)));
    let matched = 0;
    const filter = { "predictions.detections.label": "dog", "predictions.detections.confidence": { $gt: 0.9 } };
    step("query by label and confidence", await timed(async () => (matched = await dataset.match(filter).count())), matched);
    let written = 0;
    step("export JSON lines", await timed(async () => (written = await dataset.exportJsonl(path.join(dir, "export.jsonl")))), written);
  } finally {
    await dataset.delete();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return steps;
}
