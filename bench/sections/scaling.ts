import { spawn } from "node:child_process";
import path from "node:path";

/** One scaling step: applyModel over `samples` photos in a fresh process. */
export interface ScalingStep {
  samples: number;
  processed: number;
  failures: number;
  seconds: number;
  samplesPerSec: number;
  /** Seconds per 1,000 samples: flat when time grows linearly. */
  secondsPer1000: number;
  rssBeforeMB: number;
  /** Peak resident memory sampled during applyModel (every 20 ms). */
  peakRssDuringApplyMB: number;
  /** The process's peak RSS from the OS (getrusage), including loading. */
  maxRssProcessMB: number;
  /** Inference workers applyModel used (0: the main thread). */
  workers?: number;
}

/** The memory goal: peak RSS during applyModel within ±10% from the smallest step to the largest. */
export interface MemoryCheck {
  fromSamples: number;
  toSamples: number;
  fromMB: number;
  toMB: number;
  /** (to − from) / from, in percent. */
  changePct: number;
  /** |changePct| ≤ 10. */
  flat: boolean;
}

/** Compares the peak RSS of the first and the last step. */
export function memoryCheck(steps: readonly ScalingStep[]): MemoryCheck {
  const a = steps[0]!;
  const b = steps.at(-1)!;
  const changePct = ((b.peakRssDuringApplyMB - a.peakRssDuringApplyMB) / a.peakRssDuringApplyMB) * 100;
  return { fromSamples: a.samples, toSamples: b.samples, fromMB: a.peakRssDuringApplyMB, toMB: b.peakRssDuringApplyMB, changePct, flat: Math.abs(changePct) <= 10 };
}

const root = path.resolve(import.meta.dirname, "..", "..");

/** Runs each size in its own child process (so peak RSS is per size) and returns the steps. */
export async function benchScaling(sizes: readonly number[], model: string, log: (line: string) => void): Promise<ScalingStep[]> {
  const steps: ScalingStep[] = [];
  for (const n of sizes) {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "bench", "scaling-child.ts"), String(n), model], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
      let text = "";
      child.stdout.on("data", (d: Buffer) => (text += d.toString()));
      child.on("error", reject);
      child.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`scaling step ${n} exited with ${code}`))));
    });
    const step = JSON.parse(out.trim().split("\n").pop()!) as Omit<ScalingStep, "secondsPer1000">;
    steps.push({ ...step, secondsPer1000: (step.seconds / n) * 1000 });
    log(`scaling ${n} samples: ${step.seconds.toFixed(1)} s (${step.samplesPerSec.toFixed(1)}/s), peak RSS ${step.peakRssDuringApplyMB.toFixed(0)} MB`);
  }
  return steps;
}
