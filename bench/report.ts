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
    const cores = r.machine.cpus;
    lines.push(
      "",
      `Images/s, median (min–max) over ${r.config.rounds} interleaved rounds of ${r.config.images} photos, the contenders' order rotated each round; ratios are per-round medians. ` +
        `*bare ×1*: one runtime instance; *bare ×${cores}*: ${cores} instances in worker threads at once; *modelzoo*: applyModel with the workers it picks on ${cores} cores; ` +
        `*main thread*: applyModel with numWorkers 0; *machine limit*: ${cores} cores / (CPU time of one bare ×1 inference + decode+prepare CPU time), per photo.`,
      "",
    );
    lines.push(`| model | photos | bare ×1 | bare ×${cores} | modelzoo | main thread | peer | decode+prepare alone | machine limit | modelzoo / bare ×1 | modelzoo / best bare | modelzoo / peer | load avg (machine busy) |`);
    lines.push("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (const c of r.models) {
      if (!c.contenders) {
        lines.push(`| \`${c.name}\` | ${c.photos ?? ""} | skipped: ${c.skipped} | | | | | | | | | | |`);
        continue;
      }
      const get = (role: string) => c.contenders!.find((k) => k.role === role);
      const cell = (role: string) => {
        const k = get(role);
        return k ? range(k.imagesPerSec) : "—";
      };
      const ratio = (s?: Summary) => (s ? `**${f(s.median)}×** (${f(s.min)}–${f(s.max)})` : "—");
      const load = c.load ? `${f(c.load.start, 1)} → ${f(c.load.end, 1)}${c.load.machineBusyPct === undefined ? "" : ` (${f(c.load.machineBusyPct, 0)}%)`}` : "—";
      lines.push(
        `| \`${c.name}\` | ${c.photos ?? "portraits"} | ${cell("bare")} | ${cell("bare-multi")} | ${cell("modelzoo")} | ${cell("modelzoo-main")} | ${cell("peer")} | ${cell("prepare")} | ${c.machineLimit === undefined ? "—" : f(c.machineLimit)} | ` +
          `${ratio(c.ratios?.modelzooOverBare)} | ${ratio(c.ratios?.modelzooOverBestBare)} | ${ratio(c.ratios?.modelzooOverPeer)} | ${load} |`,
      );
    }
    lines.push("", "Peers, and memory: the process's peak RSS while each contender ran (it includes every model loaded for the case), and modelzoo's workers.", "");
    lines.push("| model | photos | peer | peak RSS: bare ×1 / modelzoo / main thread / peer | modelzoo's workers |", "|---|---|---|---|---|");
    for (const c of r.models) {
      if (!c.contenders) continue;
      const rss = (role: string) => {
        const k = c.contenders!.find((x) => x.role === role);
        return k?.peakRssMB === undefined ? "—" : `${f(k.peakRssMB, 0)}`;
      };
      const workers = (c.workers ?? []).map((w) => `${w.workers} × ${w.backend}, ${w.memoryPerWorkerMB.map((m) => f(m, 0)).join(" + ")} MB own, +${f(w.rssPerWorkerMB, 0)} MB RSS each`).join("; ") || "none (main thread)";
      lines.push(`| \`${c.name}\` | ${c.photos ?? "portraits"} | ${c.contenders.find((k) => k.role === "peer")?.label ?? c.skipped ?? "—"} | ${["bare", "modelzoo", "modelzoo-main", "peer"].map(rss).join(" / ")} MB | ${workers} |`);
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
