import { spawnSync } from "node:child_process";
import { InvalidArgumentError, type Command } from "commander";
import { Dataset, zoo } from "../index.js";
import { commaList, parseCount, printJson, table } from "./format.js";

/** A byte count for people: "4.0 MB" ("?" when the manifest does not pin it). */
function size(bytes: number | undefined): string {
  if (bytes === undefined) return "?";
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
}

/** `modelzoo models ...`: list, info, requirements, download, delete, apply. */
export function addModelsCommand(program: Command): void {
  const models = program.command("models").description("list, inspect, download and apply zoo models");

  models
    .command("list")
    .description("list zoo models")
    .option("--tags <a,b>", "only models with all these tags", commaList)
    .option("--source <type>", "only models from this source type (npm, http, hf, dir)")
    .option("--downloaded", "only downloaded models")
    .option("--json", "print JSON")
    .action((opts: { tags?: string[]; source?: string; downloaded?: boolean; json?: boolean }) => {
      let names = zoo.listZooModels({ ...(opts.tags ? { tags: opts.tags } : {}), ...(opts.source ? { source: opts.source } : {}) });
      if (opts.downloaded) names = names.filter((n) => zoo.isZooModelDownloaded(n));
      const rows = names.map((n) => {
        const e = zoo.getZooModel(n);
        return { name: n, tags: e.tags, framework: e.framework, sizeBytes: e.sizeBytes, downloaded: zoo.isZooModelDownloaded(n) };
      });
      if (opts.json) return printJson(rows);
      console.log(table(["name", "tags", "size", "downloaded"], rows.map((r) => [r.name, r.tags.join(","), size(r.sizeBytes), r.downloaded ? "yes" : "no"])));
    });

  models
    .command("info")
    .description("show a model's manifest entry")
    .argument("<name>", "model name")
    .action((name: string) => {
      printJson({ ...zoo.getZooModel(name), downloaded: zoo.isZooModelDownloaded(name) });
    });

  models
    .command("requirements")
    .description("check a model's npm packages and system binaries")
    .argument("<name>", "model name")
    .option("--print", "print the install commands for what is missing")
    .option("--install", "run the npm install command for missing packages")
    .action((name: string, opts: { print?: boolean; install?: boolean }) => {
      const commands = zoo.installZooModelRequirements(name);
      if (commands.length === 0) return console.log(`All requirements of ${name} are installed.`);
      if (opts.install) {
        for (const cmd of commands.filter((c) => c.startsWith("npm "))) {
          console.log(`Running: ${cmd}`);
          const r = spawnSync(cmd, { shell: true, stdio: "inherit" });
          if (r.status !== 0) throw new Error(`${cmd} failed with exit code ${r.status}`);
        }
        const rest = commands.filter((c) => !c.startsWith("npm "));
        if (rest.length > 0) console.log(`Install the system packages yourself: ${rest.join(" && ")}`);
        return;
      }
      for (const cmd of commands) console.log(cmd);
      if (!opts.print) zoo.ensureZooModelRequirements(name);
    });

  models
    .command("download")
    .description("download and verify a model's files")
    .argument("<name>", "model name")
    .option("--overwrite", "download again even if present")
    .action(async (name: string, opts: { overwrite?: boolean }) => {
      const dir = await zoo.downloadZooModel(name, { overwrite: opts.overwrite ?? false });
      console.log(`${name} is ready in ${dir}`);
    });

  models
    .command("delete")
    .description("delete a downloaded model's files")
    .argument("<name>", "model name")
    .action((name: string) => {
      zoo.deleteZooModel(name);
      console.log(`Deleted the files of ${name}.`);
    });

  models
    .command("list-sources")
    .description("list registered model sources (manifests added to the zoo)")
    .option("--json", "print JSON")
    .action((opts: { json?: boolean }) => {
      const sources = zoo.listZooModelSources();
      if (opts.json) return printJson(sources);
      if (sources.length === 0) return console.log("No registered sources; the zoo has its built-in models only.");
      for (const s of sources) console.log(s.origin);
    });

  models
    .command("register-source")
    .description("add the models of a manifest (a directory with manifest.json, or a URL)")
    .argument("<url-or-dir>", "where the manifest is")
    .action(async (urlOrDir: string) => {
      const src = await zoo.registerZooModelSource(urlOrDir);
      console.log(`Registered ${src.origin}.`);
    });

  models
    .command("delete-source")
    .description("remove a registered model source")
    .argument("<url-or-dir>", "the source as registered")
    .action((urlOrDir: string) => {
      zoo.deleteZooModelSource(urlOrDir);
      console.log(`Removed ${urlOrDir}.`);
    });

  models
    .command("apply")
    .description("apply a zoo model to a dataset and store its predictions")
    .argument("<name>", "model name")
    .argument("<dataset>", "dataset name")
    .argument("<label-field>", "field for the predictions")
    .option("--confidence-thresh <x>", "drop labels below this confidence", parseFloatOption)
    .option("--batch-size <n>", "images per model call", parseCount("--batch-size", 1))
    .option("--skip-existing", "only samples without the field")
    .option("--no-skip-failures", "stop at the first unreadable image")
    .option("--frame-step <n>", "videos: run an image model on every n-th frame", parseCount("--frame-step", 1))
    .option("--store-logits", "keep each classification's logits (for modelzoo brain hardness / mistakenness --use-logits)")
    .action(
      async (
        name: string,
        datasetName: string,
        labelField: string,
        opts: { confidenceThresh?: number; batchSize?: number; skipExisting?: boolean; skipFailures: boolean; frameStep?: number; storeLogits?: boolean },
      ) => {
        const ds = await Dataset.load(datasetName);
        const model = await zoo.loadZooModel(name);
        try {
          const r = await ds.applyModel(model, {
            labelField,
            skipFailures: opts.skipFailures,
            ...(opts.confidenceThresh === undefined ? {} : { confidenceThresh: opts.confidenceThresh }),
            ...(opts.batchSize === undefined ? {} : { batchSize: opts.batchSize }),
            ...(opts.skipExisting ? { skipExisting: true } : {}),
            ...(opts.frameStep === undefined ? {} : { frameStep: opts.frameStep }),
            ...(opts.storeLogits ? { storeLogits: true } : {}),
          });
          console.log(`Stored ${name} predictions for ${r.processed} samples in "${labelField}"${r.skipped ? ` (${r.skipped} already had them)` : ""}.`);
          const frames = await ds.countFrames();
          if (frames > 0) console.log(`Video frames with frame-level fields: ${frames} (see: modelzoo datasets info ${datasetName}).`);
          if (r.failures.length > 0) {
            console.warn(`${r.failures.length} sample(s) failed:`);
            for (const f of r.failures.slice(0, 10)) console.warn(`  ${f.error}`);
          }
        } finally {
          await model.dispose();
        }
      },
    );
}

function parseFloatOption(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`expected a number, got "${value}".`);
  return n;
}
