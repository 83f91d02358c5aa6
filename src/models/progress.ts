import cliProgress from "cli-progress";

/** Progress of a run over samples. */
export interface Progress {
  /** Counts `n` more samples done. */
  tick(n: number): void;
  /** Removes the bar. */
  stop(): void;
}

/**
 * A progress bar with samples/s and ETA on a terminal (stderr); nothing in CI or
 * when output is piped. `enabled` forces it on or off.
 */
export function createProgress(title: string, total: number, enabled?: boolean): Progress {
  const on = enabled ?? (Boolean(process.stderr.isTTY) && !process.env.CI);
  if (!on || total === 0) return { tick: () => undefined, stop: () => undefined };
  const started = Date.now();
  const bar = new cliProgress.SingleBar(
    { format: `${title} [{bar}] {value}/{total} samples | {rate} samples/s | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { rate: "0.0" });
  let done = 0;
  return {
    tick(n) {
      done += n;
      bar.update(done, { rate: (done / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(1) });
    },
    stop: () => bar.stop(),
  };
}
