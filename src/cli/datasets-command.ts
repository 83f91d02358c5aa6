import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { Dataset } from "../index.js";
import { addDatasetsZooCommand } from "./datasets-zoo-command.js";
import { commaList, parseCount, printJson, table } from "./format.js";
import { UsageError } from "./usage-error.js";

interface CreateOptions {
  fromDir?: string;
  fromCoco?: string;
  fromJsonl?: string;
  imagesDir?: string;
  labelField: string;
  recursive: boolean;
  overwrite?: boolean;
  metadata: boolean;
  tags?: string[];
  skipMissingImages?: boolean;
  mediaTypes?: string[];
}

/** `modelzoo datasets ...`: list, info, create, head, export, delete. */
export function addDatasetsCommand(program: Command): void {
  const datasets = program.command("datasets").description("create, inspect, export and delete datasets");

  datasets
    .command("list")
    .description("list datasets with their sample counts")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      const rows = [];
      for (const name of await Dataset.list()) {
        const ds = await Dataset.load(name);
        rows.push({ name, samples: await ds.count(), persistent: ds.persistent, createdAt: ds.createdAt.toISOString() });
      }
      if (opts.json) return printJson(rows);
      if (rows.length === 0) return console.log("No datasets yet. Create one with: modelzoo datasets create <name> --from-dir <dir>");
      console.log(table(["name", "samples", "persistent", "created"], rows.map((r) => [r.name, String(r.samples), r.persistent ? "yes" : "no", r.createdAt])));
    });

  datasets
    .command("info")
    .description("show a dataset's size, fields, tags and metadata")
    .argument("<name>", "dataset name")
    .option("--json", "print JSON")
    .action(async (name: string, opts: { json?: boolean }) => {
      const ds = await Dataset.load(name);
      const info = {
        name: ds.name,
        persistent: ds.persistent,
        createdAt: ds.createdAt.toISOString(),
        samples: await ds.count(),
        mediaTypes: Object.fromEntries(await ds.countValues("mediaType")) as Record<string, number>,
        tags: Object.fromEntries(await ds.countSampleTags()) as Record<string, number>,
        fields: (await ds.getFieldSchema()).map((f) => ({ name: f.name, type: f.type })),
        frameFields: (await ds.getFieldSchema({ frames: true })).filter((f) => f.frame).map((f) => ({ name: f.name, type: f.type })),
        frames: await frameCounts(ds),
        info: ds.info,
      };
      if (opts.json) return printJson(info);
      console.log(`Name:        ${info.name}`);
      console.log(`Persistent:  ${info.persistent ? "yes" : "no"}`);
      console.log(`Created:     ${info.createdAt}`);
      console.log(`Samples:     ${info.samples}${describeCounts(info.mediaTypes)}`);
      console.log(`Tags:        ${Object.keys(info.tags).length === 0 ? "none" : describeCounts(info.tags).slice(2, -1)}`);
      if (info.frames.videos > 0) {
        const total = info.frames.total === null ? "unknown until computeMetadata" : String(info.frames.total);
        console.log(`Frames:      ${total} in ${info.frames.videos} video${info.frames.videos === 1 ? "" : "s"}, ${info.frames.withFields} with frame-level fields`);
      }
      console.log("Fields:");
      for (const f of info.fields) console.log(`  ${f.name.padEnd(24)} ${f.type}`);
      if (info.frameFields.length > 0) {
        console.log("Frame fields:");
        for (const f of info.frameFields) console.log(`  ${f.name.padEnd(24)} ${f.type}`);
      }
    });

  datasets
    .command("create")
    .description("create a persistent dataset from a folder of images, a COCO file or a JSON-lines export")
    .argument("<name>", "dataset name")
    .option("--from-dir <dir>", "a folder of images and videos (searched recursively)")
    .option("--media-types <a,b>", "with --from-dir: which media to pick up (image, video)", commaList)
    .option("--from-coco <annotations.json>", "a COCO detection JSON file (with --images-dir)")
    .option("--from-jsonl <file>", "a JSON-lines file written by `datasets export --format jsonl`")
    .option("--images-dir <dir>", "the images folder of --from-coco")
    .option("--label-field <field>", "field for --from-coco labels", "ground_truth")
    .option("--no-recursive", "with --from-dir: only the folder itself, not subfolders")
    .option("--tags <a,b>", "tags for every new sample", commaList)
    .option("--no-metadata", "skip reading image sizes and types")
    .option("--skip-missing-images", "with --from-coco: leave out images whose file is missing")
    .option("--overwrite", "replace a dataset of the same name")
    .action(async (name: string, opts: CreateOptions) => {
      const sources = [opts.fromDir, opts.fromCoco, opts.fromJsonl].filter((s) => s !== undefined);
      if (sources.length !== 1) {
        throw new UsageError(
          `datasets create needs exactly one source: --from-dir <dir>, --from-coco <file> --images-dir <dir>, or --from-jsonl <file>. ` +
            `Example: modelzoo datasets create ${name} --from-dir ./images`,
        );
      }
      if (opts.fromCoco && !opts.imagesDir) {
        throw new UsageError(`--from-coco needs --images-dir <dir>, the folder its file_name entries are relative to.`);
      }
      const base = { persistent: true, overwrite: opts.overwrite ?? false };
      const ds = opts.fromDir
        ? await Dataset.fromDir(name, opts.fromDir, {
            ...base,
            recursive: opts.recursive,
            tags: opts.tags ?? [],
            ...(opts.mediaTypes ? { mediaTypes: parseMediaTypes(opts.mediaTypes) } : {}),
            onSkipped: (e) => console.warn(`Warning: skipped ${e.path}: ${e.reason}.`),
          })
        : opts.fromCoco
          ? await Dataset.fromCoco(name, opts.imagesDir!, opts.fromCoco, {
              ...base,
              labelField: opts.labelField,
              skipMissingImages: opts.skipMissingImages ?? false,
            })
          : await Dataset.fromJsonl(name, opts.fromJsonl!, base);
      const n = await ds.count();
      console.log(`Created dataset "${name}" with ${n} sample${n === 1 ? "" : "s"}.`);
      if (n === 0) console.warn(`Warning: no media files were found. Supported image types are listed in the README.`);
      if (opts.metadata && n > 0) {
        const result = await ds.computeMetadata();
        if (result.failures.length > 0) {
          console.warn(`Warning: ${result.failures.length} file(s) could not be read:`);
          for (const f of result.failures.slice(0, 10)) console.warn(`  ${f.error}`);
          if (result.failures.length > 10) console.warn(`  ... and ${result.failures.length - 10} more`);
        }
      }
    });

  datasets
    .command("head")
    .description("print the first samples of a dataset")
    .argument("<name>", "dataset name")
    .option("-n, --num <n>", "how many samples", parseCount("--num", 1), 3)
    .option("--json", "print JSON")
    .action(async (name: string, opts: { num: number; json?: boolean }) => {
      const samples = await (await Dataset.load(name)).head(opts.num);
      const json = samples.map((s) => s.toJSON());
      if (opts.json) return printJson(json);
      for (const s of json) console.log(JSON.stringify(s, summarizeLongArrays, 2));
    });

  datasets
    .command("export")
    .description("write a dataset as JSON lines (all fields) or COCO detection JSON (one field)")
    .argument("<name>", "dataset name")
    .requiredOption("--out <file>", "output file")
    .option("--format <format>", "jsonl or coco", parseFormat, "jsonl")
    .option("--field <field>", "with --format coco: the Detections field to export")
    .action(async (name: string, opts: { out: string; format: "jsonl" | "coco"; field?: string }) => {
      const ds = await Dataset.load(name);
      if (opts.format === "coco") {
        if (!opts.field) throw new UsageError(`--format coco needs --field <field>, the Detections field to export (see: modelzoo datasets info ${name}).`);
        const r = await ds.exportCoco(opts.out, opts.field);
        console.log(`Wrote ${r.images} images and ${r.annotations} annotations to ${opts.out}.`);
      } else {
        const n = await ds.exportJsonl(opts.out);
        console.log(`Wrote ${n} samples to ${opts.out}.`);
      }
    });

  datasets
    .command("delete")
    .description("delete a dataset (its stored labels; media files are not touched)")
    .argument("<name>", "dataset name")
    .action(async (name: string) => {
      await Dataset.delete(name);
      console.log(`Deleted dataset "${name}".`);
    });

  addDatasetsZooCommand(datasets);
}

function parseMediaTypes(values: readonly string[]): ("image" | "video")[] {
  for (const v of values) if (v !== "image" && v !== "video") throw new UsageError(`--media-types takes image and/or video, got "${v}".`);
  return values as ("image" | "video")[];
}

/**
 * Frame counts of a dataset's videos: the total from their metadata (null when some
 * video has none yet), and how many frames hold frame-level fields.
 */
async function frameCounts(ds: Dataset): Promise<{ videos: number; total: number | null; withFields: number }> {
  const videos = ds.match({ mediaType: "video" });
  const metadata = await videos.values("metadata");
  let total: number | null = 0;
  for (const m of metadata) {
    const n = (m as { totalFrameCount?: unknown } | null | undefined)?.totalFrameCount;
    total = typeof n === "number" && total !== null ? total + n : null;
  }
  return { videos: metadata.length, total: metadata.length === 0 ? 0 : total, withFields: await videos.countFrames() };
}

function parseFormat(value: string): "jsonl" | "coco" {
  if (value !== "jsonl" && value !== "coco") throw new InvalidArgumentError(`use "jsonl" or "coco".`);
  return value;
}

function describeCounts(counts: Record<string, number>): string {
  const parts = Object.entries(counts).map(([k, n]) => `${n} ${k}`);
  return parts.length === 0 ? "" : ` (${parts.join(", ")})`;
}

/** Keeps `head` readable: long number arrays (logits, embeddings, masks) are summarized. */
function summarizeLongArrays(_key: string, value: unknown): unknown {
  if (Array.isArray(value) && value.length > 16 && value.every((v) => typeof v === "number")) return `[${value.length} numbers]`;
  if (typeof value === "string" && value.length > 200) return `${value.slice(0, 60)}… (${value.length} chars)`;
  return value;
}
