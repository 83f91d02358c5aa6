// README's "Where the time goes" table, from bench/results/profile.json.
import type { ProfileResults } from "./profile.js";

const ms = (v: number) => v.toFixed(1);
const rate = (v: number) => v.toFixed(2);

/** The markdown block: the run's header line and one row per model and photo set. */
export function profileMarkdown(r: ProfileResults): string {
  const m = r.machine;
  const load = `load average ${m.loadAvgStart[0]!.toFixed(2)} → ${m.loadAvgEnd[0]!.toFixed(2)}${m.machineBusyPct === undefined ? "" : `, machine busy ${m.machineBusyPct.toFixed(0)}% of which this process ${(m.benchProcessPct ?? 0).toFixed(0)}%`}`;
  const lines = [
    `\`${r.command}\` — ${r.date.slice(0, 16).replace("T", " ")} UTC, ${r.seconds.toFixed(0)} s, Node ${m.node}, ${m.cpus} cores; ${load}; ${r.images} photos per set, median of ${r.rounds} round${r.rounds === 1 ? "" : "s"}.`,
    "",
    "CPU milliseconds per photo of each stage timed alone (the whole process: sharp's and ONNX Runtime's threads included); *other*: applyModel's CPU per photo less the stages' sum (negative where the stages cost more alone than inside the run: noise of a loaded machine); *idle*: cores × applyModel's wall time per photo less its CPU time (taken by other processes on a shared machine); *applyModel* and *bare ×1*: photos per second by the wall clock; *goal*: the issue's rate from CPU time (TF.js 1.6× one instance on a free core, 1000 / inference; ONNX 0.95× one session on all cores, cores × 1000 / inference); *outside inference / allowed*: what decode, prepare, output decode and store write cost, against what the goal leaves for them on these cores (cores × 1000 / goal − inference); *CPU limit*: cores × 1000 / the stages' sum.",
    "",
    "| model | photos | decode | prepare | inference | output decode | store write | other | idle | applyModel | bare ×1 | goal | outside inference / allowed | CPU limit |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const c of r.cases) {
    const s = c.cpuMsPerPhoto;
    const verdict = c.goal.reachable ? "within the CPU" : "out of reach";
    lines.push(
      `| \`${c.model}\` | ${c.photos} | ${ms(s.decode)} | ${ms(s.prepare)} | ${ms(s.inference)} | ${ms(s.outputDecode)} | ${ms(s.storeWrite)} | ${ms(c.otherMsPerPhoto)} | ${ms(c.idleMsPerPhoto)} | ${rate(c.applyModel.imagesPerSecond)}/s (${c.workers} worker${c.workers === 1 ? "" : "s"}) | ${rate(c.bareImagesPerSecond)}/s | ${rate(c.goal.imagesPerSecond)}/s (${verdict}) | ${ms(c.goal.nonInferenceMs)} / ${ms(c.goal.nonInferenceBudgetMs)} ms | ${rate(c.cpuLimitImagesPerSecond)}/s |`,
    );
  }
  return lines.join("\n");
}
