import path from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { Dataset, DistributedRunError, zoo, type DistributedProgress, type Model } from "../index.js";
import { commaList, parseCount, printJson, table } from "./format.js";

/** A byte count for people: "4.0 MB" ("?" when the manifest does not pin it). */
function size(bytes: number | undefined): string {
  if (bytes === undefined) return "?";
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
}

/** `modelzoo models ...`: list, info, find, requirements, download, delete, sources, apply, embed. */
export function addModelsCommand(program: Command): void {
  const models = program.command("models").description("list, inspect, download and apply zoo models");

  models
    .command("list")
    .description("list zoo models")
    .option("--tags <a,b>", "only models with all these tags", commaList)
    .option("--source <type>", "only models from this source type (npm, http, hf, dir)")
    .option("--license <a,b>", "only models whose license contains one of these", commaList)
    .option("--downloaded", "only downloaded models")
    .option("-n, --names-only", "print the names only, one a line")
    .option("--json", "print JSON")
    .action((opts: { tags?: string[]; source?: string; license?: string[]; downloaded?: boolean; namesOnly?: boolean; json?: boolean }) => {
      let names = zoo.listZooModels({
        ...(opts.tags ? { tags: opts.tags } : {}),
        ...(opts.source ? { source: opts.source } : {}),
        ...(opts.license ? { license: opts.license } : {}),
      });
      if (opts.downloaded) names = names.filter((n) => zoo.isZooModelDownloaded(n));
      if (opts.namesOnly) {
        if (names.length > 0) console.log(names.join("\n"));
        return;
      }
      const rows = names.map((n) => {
        const e = zoo.getZooModel(n);
        return { name: n, ...(e.version === undefined ? {} : { version: e.version }), tags: e.tags, framework: e.framework, license: e.license, sizeBytes: e.sizeBytes, pinning: zoo.modelPinning(e), downloaded: zoo.isZooModelDownloaded(n) };
      });
      if (opts.json) return printJson(rows);
      console.log(table(["name", "tags", "size", "pinning", "downloaded"], rows.map((r) => [r.name, r.tags.join(","), size(r.sizeBytes), r.pinning, r.downloaded ? "yes" : "no"])));
    });

  models
    .command("info")
    .description("show a model's manifest entry, versions and where its files are")
    .argument("<name>", "model name (name@version for one version), or hf:<owner>/<name> for a Hugging Face repository")
    .action(async (name: string) => {
      if (name.startsWith("hf:")) {
        // Downloads the repository's config.json and preprocessor_config.json, and shows the entry they make.
        const { entry } = await zoo.resolveHfEntry(name);
        return printJson(entry);
      }
      const downloaded = zoo.isZooModelDownloaded(name);
      printJson({ ...zoo.getZooModel(name), versions: zoo.listZooModelVersions(name), downloaded, path: downloaded ? zoo.findZooModel(name) : null });
    });

  models
    .command("find")
    .description("print the folder of a downloaded model")
    .argument("<name>", "model name (name@version for one version)")
    .action((name: string) => {
      console.log(zoo.findZooModel(name));
    });

  models
    .command("requirements")
    .description("check or install a model's npm packages and system binaries")
    .argument("<name>", "model name")
    .option("-p, --print", "print the install commands for what is missing")
    .option("-i, --install", "run npm install for missing packages (in the working directory)")
    .option("-e, --ensure", "check the requirements; fail (or warn, see --error-level) when some are missing")
    .option("--error-level <n>", "0 fail, 1 warn, 2 ignore (default: the configured requirementErrorLevel)", parseErrorLevel)
    .action((name: string, opts: { print?: boolean; install?: boolean; ensure?: boolean; errorLevel?: zoo.ErrorLevel }) => {
      const level = opts.errorLevel === undefined ? {} : { errorLevel: opts.errorLevel };
      if (opts.install) {
        const r = zoo.installZooModelRequirements(name, level);
        console.log(r.installed.length > 0 ? `Installed ${r.installed.join(", ")}.` : `No npm package of ${name} is missing.`);
        if (r.binaries.length > 0) console.log(`Install the system packages yourself: ${r.binaries.join(", ")}`);
        if (opts.ensure) zoo.ensureZooModelRequirements(name, level);
        return;
      }
      if (opts.ensure) {
        zoo.ensureZooModelRequirements(name, level);
        return console.log(`Checked the requirements of ${name}.`);
      }
      const commands = zoo.zooModelRequirementCommands(name);
      if (commands.length === 0) return console.log(`All requirements of ${name} are installed.`);
      for (const cmd of commands) console.log(cmd);
      if (!opts.print) zoo.ensureZooModelRequirements(name, level);
    });

  models
    .command("download")
    .description("download and verify a model's files (a copy already there is hashed again, and fetched again if damaged)")
    .argument("<name-or-source>", "model name, or a source (GitHub repository, archive, manifest URL, folder) with --model-name")
    .option("-n, --model-name <name>", "the model to download when the first argument is a source (registered first)")
    .option("-f, --overwrite", "download again even if present")
    .action(async (nameOrSource: string, opts: { modelName?: string; overwrite?: boolean }) => {
      const name = await modelNameOf(nameOrSource, opts.modelName);
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
    .description("add the models of a manifest (a folder with manifest.json, a manifest URL, a GitHub repository, a zip/tar archive)")
    .argument("<source>", "where the manifest is")
    .action(async (location: string) => {
      const src = await zoo.registerZooModelSource(location);
      console.log(`Registered ${src.origin}.`);
    });

  models
    .command("delete-source")
    .description("remove a registered model source and delete its downloaded models")
    .argument("<source>", "the source as registered")
    .action((location: string) => {
      zoo.deleteZooModelSource(location);
      console.log(`Removed ${location} and the downloaded files of its models.`);
    });

  withModelFlags(
    models
      .command("apply")
      .description("apply a zoo model to a dataset and store its predictions")
      .argument("<name-or-source>", "model name, or a source with --model-name")
      .argument("<dataset>", "dataset name")
      .argument("<label-field>", "field for the predictions (a.b for an embedded field, frames.x for a frame-level field)")
      .option("-t, --confidence-thresh <x>", "drop labels below this confidence", parseFloatOption)
      .option("-l, --store-logits", "store the model's logits on the labels (models tagged logits)")
      .option("--skip-existing", "only samples without the field")
      .option("--frame-step <n>", "videos: run an image model on every n-th frame", parseCount("--frame-step", 1))
      .option("--distributed", "split the run into shard jobs for `modelzoo worker` processes (dataset in PostgreSQL)")
      .option("--shards <n>", "with --distributed: number of shard jobs", parseCount("--shards", 1))
      .option("--lease-seconds <n>", "with --distributed: seconds before a silent worker's shard goes to another", parseCount("--lease-seconds", 1)),
  ).action(async (nameOrSource: string, datasetName: string, labelField: string, opts: ModelFlags & ApplyFlags) => {
    const { name, model, ds } = await loadForRun(nameOrSource, datasetName, opts);
    try {
      const r = await ds.applyModel(model, {
        labelField,
        skipFailures: opts.skipFailures,
        ...(opts.confidenceThresh === undefined ? {} : { confidenceThresh: opts.confidenceThresh }),
        ...(opts.storeLogits ? { storeLogits: true } : {}),
        ...(opts.batchSize === undefined ? {} : { batchSize: opts.batchSize }),
        ...(opts.numWorkers === undefined ? {} : { numWorkers: opts.numWorkers }),
        ...(opts.skipExisting ? { skipExisting: true } : {}),
        ...(opts.frameStep === undefined ? {} : { frameStep: opts.frameStep }),
        ...(opts.distributed
          ? {
              distributed: {
                ...(opts.shards === undefined ? {} : { shards: opts.shards }),
                ...(opts.leaseSeconds === undefined ? {} : { leaseSeconds: opts.leaseSeconds }),
                onProgress: distributedProgressLine(),
              },
            }
          : {}),
      });
      console.log(`Stored ${name} predictions for ${r.processed} samples in "${labelField}"${r.skipped ? ` (${r.skipped} already had them)` : ""}.`);
      const frames = await ds.countFrames();
      if (frames > 0) console.log(`Video frames with frame-level fields: ${frames} (see: modelzoo datasets info ${datasetName}).`);
      reportFailures(r.failures);
      if (r.shards) {
        console.log(`Shards: ${r.shards.total} (${r.shards.retried} retried, ${r.shards.failed.length} failed).`);
        for (const f of r.shards.failed) console.warn(`  shard ${f.shard} (${f.first}..${f.last}) failed: ${f.error}`);
        if (r.shards.failed.length > 0) {
          throw new DistributedRunError(`${r.shards.failed.length} shard(s) failed after their retries; their samples without predictions can be run again with --skip-existing.`);
        }
      }
    } finally {
      await model.dispose();
    }
  });

  withModelFlags(
    models
      .command("embed")
      .description("compute a zoo model's embedding of every sample into a field")
      .argument("<name-or-source>", "model name, or a source with --model-name")
      .argument("<dataset>", "dataset name")
      .argument("<embeddings-field>", "field for the embeddings")
      .option("--frame-step <n>", "videos: embed every n-th frame (into a frame-level field)", parseCount("--frame-step", 1)),
  ).action(async (nameOrSource: string, datasetName: string, field: string, opts: ModelFlags & { frameStep?: number }) => {
    const { name, model, ds } = await loadForRun(nameOrSource, datasetName, opts);
    try {
      const r = await ds.computeEmbeddings(model, {
        embeddingsField: field,
        skipFailures: opts.skipFailures,
        ...(opts.batchSize === undefined ? {} : { batchSize: opts.batchSize }),
        ...(opts.numWorkers === undefined ? {} : { numWorkers: opts.numWorkers }),
        ...(opts.frameStep === undefined ? {} : { frameStep: opts.frameStep }),
      });
      console.log(`Stored ${name} embeddings (${r.dim} values each) for ${r.ids.length} ${r.frameNumbers ? "samples or frames" : "samples"} in "${field}".`);
      reportFailures(r.failures);
    } finally {
      await model.dispose();
    }
  });
}

/** Flags of `apply` alone. */
interface ApplyFlags {
  confidenceThresh?: number;
  storeLogits?: boolean;
  skipExisting?: boolean;
  frameStep?: number;
  distributed?: boolean;
  shards?: number;
  leaseSeconds?: number;
}

/** Flags shared by `apply` and `embed` (FiftyOne's `-n`, `-b`, `-i`, `--error-level`). */
interface ModelFlags {
  modelName?: string;
  batchSize?: number;
  numWorkers?: number;
  install?: boolean;
  errorLevel?: zoo.ErrorLevel;
  skipFailures: boolean;
  verify?: boolean;
  databaseUri?: string;
  onnxFile?: string;
}

function withModelFlags(cmd: Command): Command {
  return cmd
    .option("-n, --model-name <name>", "the model to use when the first argument is a source (registered first)")
    .option("-b, --batch-size <n>", "images per model call", parseCount("--batch-size", 1))
    .option("-w, --num-workers <n>", "inference worker threads, 0: the main thread (default: from the cores and the runtime)", parseCount("--num-workers", 0))
    .option("-i, --install", "install the model's missing npm packages first")
    .option("--error-level <n>", "missing requirements: 0 fail, 1 warn, 2 ignore (default: the configured requirementErrorLevel)", parseErrorLevel)
    .option("--no-skip-failures", "stop at the first unreadable image")
    .option("--verify", "hash every model file again before loading (default: only files changed since verified)")
    .option("--onnx-file <path>", "hf:<repo> models: the ONNX file to run (default onnx/model.onnx; e.g. onnx/model_quantized.onnx)")
    .option("--database-uri <uri>", "postgres://… of the dataset (default: $MODELZOO_DATABASE_URI)");
}

/** The model a command names: the name itself, or `--model-name` from the source given first (registered now). */
async function modelNameOf(nameOrSource: string, modelName: string | undefined): Promise<string> {
  if (modelName === undefined) return nameOrSource;
  const known = zoo.listZooModelSources().some((s) => s.origin === nameOrSource || s.origin === path.resolve(nameOrSource));
  if (!known) {
    const src = await zoo.registerZooModelSource(nameOrSource);
    console.log(`Registered ${src.origin}.`);
  }
  return modelName;
}

async function loadForRun(nameOrSource: string, datasetName: string, opts: ModelFlags): Promise<{ name: string; model: Model; ds: Dataset }> {
  const name = await modelNameOf(nameOrSource, opts.modelName);
  const ds = await Dataset.load(datasetName, opts.databaseUri === undefined ? {} : { databaseUri: opts.databaseUri });
  const model = await zoo.loadZooModel(name, {
    ...(opts.install ? { installRequirements: true } : {}),
    ...(opts.errorLevel === undefined ? {} : { errorLevel: opts.errorLevel }),
    ...(opts.verify ? { verify: true } : {}),
    ...(opts.onnxFile ? { onnxFile: opts.onnxFile } : {}),
  });
  return { name, model, ds };
}

function reportFailures(failures: readonly { error: string }[]): void {
  if (failures.length === 0) return;
  console.warn(`${failures.length} sample(s) failed:`);
  for (const f of failures.slice(0, 10)) console.warn(`  ${f.error}`);
}

function parseErrorLevel(value: string): zoo.ErrorLevel {
  if (value === "0" || value === "1" || value === "2") return Number(value) as zoo.ErrorLevel;
  throw new InvalidArgumentError(`--error-level takes 0 (fail), 1 (warn) or 2 (ignore); got "${value}".`);
}

/** Prints a line to stderr each time a shard finishes. */
function distributedProgressLine(): (p: DistributedProgress) => void {
  let shards = -1;
  return (p) => {
    if (p.shardsDone === shards) return;
    shards = p.shardsDone;
    process.stderr.write(`shards ${p.shardsDone}/${p.shardsTotal} done, ${p.samplesDone}/${p.samplesTotal} samples stored\n`);
  };
}

function parseFloatOption(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`expected a number, got "${value}".`);
  return n;
}
