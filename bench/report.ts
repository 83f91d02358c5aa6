import { wasShared } from "./machine.js";
import type { BenchResults } from "./run-bench.js";
import type { Summary } from "./stats.js";

const f = (x: number, digits = 2) => x.toFixed(digits);
/** "median (min–max)" */
const range = (s: Summary, digits = 2) => `${f(s.median, digits)} (${f(s.min, digits)}–${f(s.max, digits)})`;

/** `peer-tuned:human` → `human, done well`. */
function peerName(key: string): string {
  const [role, kind] = key.split(":");
  return `${kind ?? role}${role === "peer-tuned" ? ", done well" : ""}`;
}

/** The results as Markdown tables (what README's Performance section shows). */
export function markdownReport(r: BenchResults): string {
  const lines: string[] = [];
  const m = r.machine;
  lines.push(
    `\`${r.command}\` — ${r.startedAt.slice(0, 16).replace("T", " ")} UTC, ${f(r.seconds, 0)} s, Node ${m.node}, ${m.cpus} cores (${m.cpuModel}); ` +
      `load average ${f(m.loadAvgStart[0]!)} → ${f(m.loadAvgEnd[0]!)}` +
      (m.machineBusyPct === undefined ? "" : `, machine busy ${f(m.machineBusyPct, 0)}% of which this process ${f(m.benchProcessPct ?? 0, 0)}%`) +
      (wasShared(m) ? ". **The machine was shared with other work during the run**: absolute numbers are noisy; the ratios, measured interleaved, are what to compare." : "."),
  );
  if (r.models) {
    const cores = r.machine.cpus;
    lines.push(
      "",
      `Images/s, median (min–max) over ${r.config.rounds} interleaved round${r.config.rounds === 1 ? "" : "s"} of ${r.config.images} photos, the contenders' order rotated each round; ratios are per-round medians. ` +
        `*bare ×1*: one runtime instance; *bare ×${cores}*: ${cores} instances in worker threads at once; *modelzoo*: applyModel with the workers it picks on ${cores} cores; ` +
        `*main thread*: applyModel with numWorkers 0; *best peer*: the fastest peer variant (stock or done well, table below); *machine limit*: ${cores} cores / (CPU time of one bare ×1 inference + decode+prepare CPU time), per photo. ` +
        `*batch*: bare ×1's and modelzoo's batch sizes, ${r.config.batchSizes ? `each the best of a sweep over ${r.config.batchSizes.join(", ")} (table below)` : "the model's default (no sweep in this run)"}; *input*: the tensor the TF.js graph ran on in the main thread.`,
      "",
    );
    lines.push(`| model | photos | input | batch | bare ×1 | bare ×${cores} | modelzoo | main thread | best peer | decode+prepare alone | machine limit | modelzoo / bare ×1 | modelzoo / best bare | modelzoo / best peer | load avg (machine busy) |`);
    lines.push("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (const c of r.models) {
      if (!c.contenders) {
        lines.push(`| \`${c.name}\` | ${c.photos ?? ""} | skipped: ${c.skipped} | | | | | | | | | | | | |`);
        continue;
      }
      const get = (key: string) => c.contenders!.find((k) => (k.key ?? k.role) === key);
      const cell = (key: string) => {
        const k = get(key);
        return k ? range(k.imagesPerSec) : "—";
      };
      const peers = c.contenders.filter((k) => k.role === "peer" || k.role === "peer-tuned");
      const best = peers.reduce<(typeof peers)[number] | undefined>((a, k) => (!a || k.imagesPerSec.median > a.imagesPerSec.median ? k : a), undefined);
      const ratio = (s?: Summary) => (s ? `**${f(s.median)}×** (${f(s.min)}–${f(s.max)})` : "—");
      const load = c.load ? `${f(c.load.start, 1)} → ${f(c.load.end, 1)}${c.load.machineBusyPct === undefined ? "" : ` (${f(c.load.machineBusyPct, 0)}%)`}` : "—";
      const input = (get("modelzoo-main")?.inputShapes ?? get("bare")?.inputShapes ?? []).join(", ") || "—";
      const batch = `${get("bare")?.batchSize ?? "—"} / ${c.batchSize ?? "—"}`;
      lines.push(
        `| \`${c.name}\` | ${c.photos ?? "portraits"} | ${input} | ${batch} | ${cell("bare")} | ${cell("bare-multi")} | ${cell("modelzoo")} | ${cell("modelzoo-main")} | ${best ? `${range(best.imagesPerSec)} (${peerName(best.key ?? best.role)})` : "—"} | ${cell("prepare")} | ${c.machineLimit === undefined ? "—" : f(c.machineLimit)} | ` +
          `${ratio(c.ratios?.modelzooOverBare)} | ${ratio(c.ratios?.modelzooOverBestBare)} | ${ratio(c.ratios?.modelzooOverPeer)} | ${load} |`,
      );
    }
    lines.push(
      "",
      "Peers: each library as its documentation shows it (*stock*) and *done well* (decoded at the model's input size with sharp's shrink-on-load, one photo decoded ahead; TF.js peers one instance per core in worker threads; ONNX peers two photos in flight). " +
        "*input*: the tensor its TF.js graph ran on, and how many graph runs per photo (stock variant, main thread); *found*: what its last run found (people, boxes, faces, classes, text lines, masks) beside modelzoo's count; *peak RSS*: the process while it ran.",
      "",
    );
    lines.push("| model | photos | peer | variant | input | images/s | found (modelzoo) | modelzoo / this peer | peak RSS |", "|---|---|---|---|---|---|---|---|---|");
    for (const c of r.models) {
      if (!c.contenders) continue;
      const mzFound = c.contenders.find((k) => k.role === "modelzoo")?.found;
      for (const k of c.contenders.filter((x) => x.role === "peer" || x.role === "peer-tuned")) {
        const key = k.key ?? k.role;
        const ratio = c.ratios?.modelzooOverPeers?.[key];
        lines.push(
          `| \`${c.name}\` | ${c.photos ?? "portraits"} | ${k.label} | ${k.role === "peer" ? "stock" : "done well"} | ${(k.inputShapes ?? []).join(", ") || "—"}${k.graphRunsPerImage === undefined ? "" : ` (${f(k.graphRunsPerImage, 1)} per photo)`} | ${range(k.imagesPerSec)} | ${k.found ?? "—"} (${mzFound ?? "—"}) | ${ratio ? `**${f(ratio.median)}×** (${f(ratio.min)}–${f(ratio.max)})` : "—"} | ${k.peakRssMB === undefined ? "—" : `${f(k.peakRssMB, 0)} MB`} |`,
        );
      }
      for (const n of c.peerNotes ?? []) lines.push(`| \`${c.name}\` | ${c.photos ?? "portraits"} | ${n} | not run | | | | | |`);
    }
    const sweeps = r.models.filter((c) => c.batchSweep?.length);
    if (sweeps.length) {
      lines.push("", "Batch-size sweep before each case's rounds (one timed pass per size, images/s; each then ran at its best):", "");
      lines.push("| model | photos | contender | images/s by batch size |", "|---|---|---|---|");
      for (const c of sweeps) {
        for (const key of [...new Set(c.batchSweep!.map((p) => p.key))]) {
          lines.push(`| \`${c.name}\` | ${c.photos ?? "portraits"} | ${key} | ${c.batchSweep!.filter((p) => p.key === key).map((p) => `${p.batchSize}: ${f(p.imagesPerSec)}`).join(", ")} |`);
        }
      }
    }
    lines.push("", "Memory: the process's peak RSS while each contender ran (it includes every model loaded for the case), and modelzoo's workers.", "");
    lines.push("| model | photos | peak RSS: bare ×1 / modelzoo / main thread / peers (largest) | modelzoo's workers |", "|---|---|---|---|");
    for (const c of r.models) {
      if (!c.contenders) continue;
      const rss = (pick: (k: { role: string }) => boolean) => {
        const v = c.contenders!.filter(pick).map((k) => k.peakRssMB ?? 0);
        return v.length && Math.max(...v) > 0 ? `${f(Math.max(...v), 0)}` : "—";
      };
      const workers = (c.workers ?? []).map((w) => `${w.workers} × ${w.backend}, ${w.memoryPerWorkerMB.map((m) => f(m, 0)).join(" + ")} MB own, +${f(w.rssPerWorkerMB, 0)} MB RSS each`).join("; ") || "none (main thread)";
      lines.push(
        `| \`${c.name}\` | ${c.photos ?? "portraits"} | ${[rss((k) => k.role === "bare"), rss((k) => k.role === "modelzoo"), rss((k) => k.role === "modelzoo-main"), rss((k) => k.role === "peer" || k.role === "peer-tuned")].join(" / ")} MB | ${workers} |`,
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
    lines.push("", `Scaling: applyModel with \`${r.scaling.model}\` over the demo photos repeated as distinct samples, a fresh process per size.`, "");
    lines.push("| samples | inference workers | seconds | s per 1,000 | samples/s | RSS before | peak RSS during apply |", "|---|---|---|---|---|---|---|");
    for (const s of r.scaling.steps) {
      lines.push(`| ${s.samples.toLocaleString("en")} | ${s.workers ?? "—"} | ${f(s.seconds, 1)} | ${f(s.secondsPer1000, 1)} | ${f(s.samplesPerSec, 1)} | ${f(s.rssBeforeMB, 0)} MB | ${f(s.peakRssDuringApplyMB, 0)} MB |`);
    }
    const m = r.scaling.memory;
    if (m) {
      lines.push(
        "",
        `Memory check (goal: peak RSS flat within ±10%): ${m.fromSamples.toLocaleString("en")} → ${m.toSamples.toLocaleString("en")} samples, ${f(m.fromMB, 0)} → ${f(m.toMB, 0)} MB peak RSS during apply, ${m.changePct >= 0 ? "+" : ""}${f(m.changePct, 1)}%: **${m.flat ? "flat" : "not flat"}**.`,
      );
    }
  }
  return lines.join("\n");
}
