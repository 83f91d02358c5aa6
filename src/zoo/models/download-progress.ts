import cliProgress from "cli-progress";

/** Reports downloaded bytes. */
export interface ByteProgress {
  /** Adds `n` downloaded bytes. */
  add(n: number): void;
  /** Removes the bar. */
  stop(): void;
}

/**
 * A progress bar in bytes with rate and ETA on a terminal (stderr); silent in CI and
 * when stderr is not a terminal.
 */
export function byteProgress(title: string, totalBytes: number): ByteProgress {
  if (!process.stderr.isTTY || process.env.CI || totalBytes <= 0) return { add: () => undefined, stop: () => undefined };
  const mb = (b: number) => (b / 1e6).toFixed(1);
  const started = Date.now();
  const bar = new cliProgress.SingleBar(
    { format: `${title} [{bar}] {done}/{all} MB | {rate} MB/s | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let done = 0;
  bar.start(totalBytes, 0, { done: "0.0", all: mb(totalBytes), rate: "0.0" });
  return {
    add(n) {
      done += n;
      bar.update(done, { done: mb(done), all: mb(totalBytes), rate: mb(done / Math.max(0.001, (Date.now() - started) / 1000)) });
    },
    stop: () => bar.stop(),
  };
}

/** Reports finished items. */
export interface CountProgress {
  /** Marks one more item done. */
  tick(): void;
  /** Removes the bar. */
  stop(): void;
}

/**
 * A progress bar in items (e.g. images) with ETA on a terminal (stderr); silent in CI
 * and when stderr is not a terminal.
 */
export function countProgress(title: string, total: number): CountProgress {
  if (!process.stderr.isTTY || process.env.CI || total <= 0) return { tick: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { format: `${title} [{bar}] {value}/{total} | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let done = 0;
  bar.start(total, 0);
  return {
    tick: () => bar.update(++done),
    stop: () => bar.stop(),
  };
}
