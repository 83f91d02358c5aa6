import type { BenchResults } from "./run-bench.js";
import type { Summary } from "./stats.js";

const f = (x: number, digits = 2) => x.toFixed(digits);
/** "median (min–max)" */
const range = (s: Summary, digits = 2) => `${f(s.median, digits)} (${f(s.min, digits)}–${f(s.max, digits)})`;

/** The results as Markdown tables (what README's Performance section shows). */
export function markdownReport(r: BenchResults): string {
  const lines: string[] = [];
  const m = r.machine;
  lines.push(
    `\`${r.command}\` — ${r.startedAt.slice(0, 16).replace("T", " ")} UTC, ${f(r.seconds, 0)} s, Node ${m.node}, ${m.cpus} cores (${m.cpuModel}); ` +
      `load average ${f(m.loadAvgStart[0]!)} → ${f(m.loadAvgEnd[0]!)}` +
      (m.machineBusyPct === undefined ? "" : `, machine busy ${f(m.machineBusyPct, 0)}% of which this process ${f(m.benchProcessPct ?? 0, 0)}%`) +
      (m.shared ? ". **The machine was shared with other work during the run**: absolute numbers are noisy; the ratios, measured interleaved, are what to compare." : "."),
  );
  if (r.models) {
    lines.push("", `Images/s, median (min–max) over ${r.config.rounds} interleaved rounds of ${r.config.images} photos; ratios are per-round medians.`, "");
    lines.push("| model | bare runtime | modelzoo | peer | decode+prepare alone | modelzoo / bare | modelzoo / peer | peer |");
    lines.push("|---|---|---|---|---|---|---|---|");
    for (const c of r.models) {
      if (!c.contenders) {
        lines.push(`| \`${c.name}\` | skipped: ${c.skipped} | | | | | | |`);
        continue;
      }
      const get = (role: string) => c.contenders!.find((k) => k.role === role);
      const cell = (role: string) => {
        const k = get(role);
        return k ? range(k.imagesPerSec) : "—";
      };
      const ratio = (s?: Summary) => (s ? `**${f(s.median)}×** (${f(s.min)}–${f(s.max)})` : "—");
      lines.push(
        `| \`${c.name}\` | ${cell("bare")} | ${cell("modelzoo")} | ${cell("peer")} | ${cell("prepare")} | ${ratio(c.ratios?.modelzooOverBare)} | ${ratio(c.ratios?.modelzooOverPeer)} | ${get("peer")?.label ?? c.skipped ?? "—"} |`,
      );
    }
  }
  if (r.sweeps) {
    lines.push("", `Sweep: \`${r.sweeps.model}\` through applyModel, images/s, median (min–max).`, "");
    lines.push("| batch size | ONNX intra-op threads | threads spin-wait | images/s |", "|---|---|---|---|");
    for (const p of r.sweeps.points) lines.push(`| ${p.batchSize} | ${p.intraOpNumThreads} | ${p.allowSpinning ? "yes" : "no"} | ${range(p.imagesPerSec)} |`);
  }
  if (r.store) {
    lines.push("", "Store (SQLite), samples/s:", "", "| operation | samples | samples/s | result |", "|---|---|---|---|");
    for (const s of r.store) lines.push(`| ${s.operation} | ${s.samples.toLocaleString("en")} | ${Math.round(s.samplesPerSec).toLocaleString("en")} | ${s.result ?? ""} |`);
  }
  if (r.scaling) {
    lines.push("", `Scaling: applyModel with \`${r.scaling.model}\` over the demo photos repeated, one process per size.`, "");
    lines.push("| samples | seconds | s per 1,000 | samples/s | RSS before | peak RSS during apply |", "|---|---|---|---|---|---|");
    for (const s of r.scaling.steps) {
      lines.push(`| ${s.samples.toLocaleString("en")} | ${f(s.seconds, 1)} | ${f(s.secondsPer1000, 1)} | ${f(s.samplesPerSec, 1)} | ${f(s.rssBeforeMB, 0)} MB | ${f(s.peakRssDuringApplyMB, 0)} MB |`);
    }
  }
  return lines.join("\n");
}
