import fs from "node:fs";
import os from "node:os";

/** CPU time of the whole machine from /proc/stat, in seconds (Linux only; undefined elsewhere). */
function machineCpu(): { busy: number; total: number } | undefined {
  try {
    const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = v[3]! + (v[4] ?? 0);
    const total = v.reduce((a, b) => a + b, 0);
    return { busy: (total - idle) / 100, total: total / 100 };
  } catch {
    return undefined;
  }
}

/** The machine a run was on, and how busy other processes kept it (the numbers are only comparable within one run). */
export interface MachineReport {
  node: string;
  cpus: number;
  cpuModel: string;
  loadAvgStart: number[];
  loadAvgEnd: number[];
  /** Share of all cores' time that was busy during the run, in percent. */
  machineBusyPct?: number;
  /** Share of all cores' time used by this process (not its scaling child processes), in percent. */
  benchProcessPct?: number;
  /** True when the load average says other work ran beside the benchmark. */
  shared: boolean;
}

/** Starts watching the machine; call the returned function at the end. */
export function watchMachine(): () => MachineReport {
  const start = machineCpu();
  const ownStart = process.cpuUsage();
  const loadAvgStart = os.loadavg();
  return () => {
    const end = machineCpu();
    const own = process.cpuUsage(ownStart);
    const loadAvgEnd = os.loadavg();
    const span = start && end ? end.total - start.total : undefined;
    const report: MachineReport = {
      node: process.version,
      cpus: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      loadAvgStart,
      loadAvgEnd,
      shared: Math.max(loadAvgStart[0]!, loadAvgEnd[0]!) > 0.5,
    };
    if (span && start && end) {
      report.machineBusyPct = ((end.busy - start.busy) / span) * 100;
      report.benchProcessPct = ((own.user + own.system) / 1e6 / span) * 100;
    }
    report.shared = wasShared(report);
    return report;
  };
}

/**
 * True when other work ran beside the benchmark: the cores were busier than this process
 * kept them (by more than 10% of all cores' time). The load average alone cannot tell,
 * since the benchmark's own threads raise it; it decides only when the CPU shares are
 * unknown. A run with the scaling section counts its child processes as other work (this
 * process does not see their CPU), so it errs towards "shared".
 */
export function wasShared(m: Pick<MachineReport, "loadAvgStart" | "loadAvgEnd" | "machineBusyPct" | "benchProcessPct">): boolean {
  if (m.machineBusyPct !== undefined && m.benchProcessPct !== undefined) return m.machineBusyPct - m.benchProcessPct > 10;
  return Math.max(m.loadAvgStart[0]!, m.loadAvgEnd[0]!) > 0.5;
}
