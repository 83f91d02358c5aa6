import type { Command } from "commander";
import { zoo } from "../index.js";
import { commaList, parseCount, printJson, table } from "./format.js";

interface SelectionFlags {
  split?: string[];
  splits?: string[];
  maxSamples?: number;
  shuffle?: boolean;
  seed?: number;
  classes?: string[];
  labelTypes?: string[];
}

/** `modelzoo datasets zoo ...`: list, info, download, load, find, delete (the dataset zoo). */
export function addDatasetsZooCommand(datasets: Command): void {
  const group = datasets.command("zoo").description("the dataset zoo: list, inspect, download and load ready-made datasets");

  group
    .command("list")
    .description("list the zoo's datasets and what of them is downloaded")
    .option("--json", "print JSON")
    .action((opts: { json?: boolean }) => {
      const infos = zoo.listZooDatasets().map((n) => zoo.getZooDatasetInfo(n));
      if (opts.json) return printJson(infos);
      const rows = infos.map((i) => [i.name, i.splits.join(",") || "-", i.tags.join(","), downloadedText(i)]);
      console.log(table(["name", "splits", "tags", "downloaded"], rows));
    });

  group
    .command("info")
    .description("show a zoo dataset's description, splits, label types, source and downloads")
    .argument("<name>", "zoo dataset name, e.g. coco-2017")
    .option("--json", "print JSON")
    .action((name: string, opts: { json?: boolean }) => {
      const i = zoo.getZooDatasetInfo(name);
      if (opts.json) return printJson(i);
      console.log(`Name:         ${i.name}`);
      console.log(`Description:  ${i.description}`);
      console.log(`Tags:         ${i.tags.join(", ")}`);
      console.log(`Splits:       ${i.splits.join(", ") || "none"}`);
      console.log(`Label types:  ${i.labelTypes.join(", ")}`);
      console.log(`Full size:    ${i.fullSize}`);
      console.log(`License:      ${i.license}`);
      console.log(`Homepage:     ${i.homepage}`);
      if (i.mirrorEnv) console.log(`Mirror:       set ${i.mirrorEnv} to download from a mirror`);
      console.log(`Directory:    ${i.dir}`);
      console.log(`Downloaded:   ${downloadedText(i)}`);
    });

  withSelection(
    group
      .command("download")
      .description("download a zoo dataset's annotations and the images a selection needs")
      .argument("<name>", "zoo dataset name"),
  ).action(async (name: string, opts: SelectionFlags) => {
    const result = await zoo.downloadZooDataset(name, selection(opts));
    for (const s of result.splits) {
      console.log(`${name}${s.split ? ` ${s.split}` : ""}: ${s.images} images in ${s.dir} (${s.fetched} downloaded now).`);
    }
  });

  withSelection(
    group
      .command("load")
      .description("download what is missing and make a persistent dataset from a zoo dataset")
      .argument("<name>", "zoo dataset name")
      .option("--dataset-name <name>", "name of the dataset to make (default like coco-2017-validation-50)")
      .option("--label-field <field>", "field for the ground truth (default ground_truth)")
      .option("--overwrite", "replace a dataset of that name"),
  ).action(async (name: string, opts: SelectionFlags & { datasetName?: string; labelField?: string; overwrite?: boolean }) => {
    const ds = await zoo.loadZooDataset(name, {
      ...selection(opts),
      ...(opts.datasetName ? { datasetName: opts.datasetName } : {}),
      ...(opts.labelField ? { labelField: opts.labelField } : {}),
      overwrite: opts.overwrite ?? false,
      persistent: true,
    });
    const n = await ds.count();
    console.log(`Dataset "${ds.name}" has ${n} sample${n === 1 ? "" : "s"} from zoo dataset ${name}.`);
  });

  addFindDelete(group);
}

function addFindDelete(group: Command): void {
  group
    .command("find")
    .description("print the folder of a downloaded zoo dataset (or of one split)")
    .argument("<name>", "zoo dataset name")
    .option("-s, --split <split>", "the folder of this split")
    .action((name: string, opts: { split?: string }) => {
      console.log(zoo.findZooDataset(name, opts.split === undefined ? {} : { split: opts.split }));
    });

  group
    .command("delete")
    .description("delete a zoo dataset's download (or one split's); datasets made from it lose their images")
    .argument("<name>", "zoo dataset name")
    .option("-s, --split <split>", "only this split")
    .action(async (name: string, opts: { split?: string }) => {
      await zoo.deleteZooDataset(name, opts.split === undefined ? {} : { split: opts.split });
      console.log(`Deleted the download of ${name}${opts.split === undefined ? "" : ` (${opts.split})`}.`);
    });
}

function withSelection(cmd: Command): Command {
  return cmd
    .option("--split <split>", "a split (repeatable)", (v: string, prev: string[] = []) => [...prev, v])
    .option("--splits <a,b>", "several splits", commaList)
    .option("--max-samples <n>", "at most this many images per split", parseCount("--max-samples", 1))
    .option("--shuffle", "pick images at random (see --seed)")
    .option("--seed <n>", "seed of --shuffle", parseCount("--seed", 0))
    .option("--classes <a,b>", "only images with objects of these classes", commaList)
    .option("--label-types <a,b>", "label types, e.g. detections,segmentations", commaList);
}

function selection(opts: SelectionFlags): zoo.LoadZooDatasetOptions {
  const splits = [...(opts.split ?? []), ...(opts.splits ?? [])];
  return {
    ...(splits.length > 0 ? { splits } : {}),
    ...(opts.maxSamples === undefined ? {} : { maxSamples: opts.maxSamples }),
    ...(opts.shuffle ? { shuffle: true } : {}),
    ...(opts.seed === undefined ? {} : { seed: opts.seed }),
    ...(opts.classes ? { classes: opts.classes } : {}),
    ...(opts.labelTypes ? { labelTypes: opts.labelTypes } : {}),
  };
}

function downloadedText(i: zoo.ZooDatasetInfo): string {
  const parts = i.downloaded.filter((d) => d.images > 0).map((d) => `${d.images} images${d.split ? ` (${d.split})` : ""}`);
  return parts.length > 0 ? parts.join(", ") : "no";
}
