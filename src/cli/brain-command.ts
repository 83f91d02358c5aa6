import type { Command } from "commander";
import { Dataset, loadSimilarityIndex, type EmbeddingsSourceOptions, type SimilarityBackend, type VisualizationMethod } from "../index.js";
import { parseCount, printJson, table } from "./format.js";
import { UsageError } from "./usage-error.js";

interface EmbeddingsFlags {
  embeddings?: string;
  model?: string;
}

function embeddingsOf(flags: EmbeddingsFlags): EmbeddingsSourceOptions {
  if (!flags.embeddings && !flags.model) {
    throw new UsageError("give --embeddings <field> (stored embeddings) or --model <zoo model> (e.g. mobilenet-v2-nsfw-tfjs), or both to store the model's embeddings in the field.");
  }
  return { ...(flags.embeddings ? { embeddings: flags.embeddings } : {}), ...(flags.model ? { model: flags.model } : {}) };
}

function oneOf<T extends string>(flag: string, allowed: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(", ")}; got "${value}".`);
    return value as T;
  };
}

/** `modelzoo brain <method> <dataset> …`: FiftyOne Brain's methods on a stored dataset. */
export function addBrainCommand(program: Command): void {
  const brain = program.command("brain").description("label mistakes, hardness, uniqueness, similarity search and embeddings maps");

  brain
    .command("mistakenness")
    .description("score how likely each ground-truth label is a mistake, from a prediction field")
    .argument("<dataset>", "dataset name")
    .argument("<pred-field>", "field of predictions (Classification(s) or Detections)")
    .option("--label-field <field>", "field of ground truth", "ground_truth")
    .option("--field <field>", "field to write (also the brain key)", "mistakenness")
    .option("--missing-field <field>", "detections: possibly missing objects", "possible_missing")
    .option("--spurious-field <field>", "detections: possibly spurious objects", "possible_spurious")
    .option("--use-logits", "classifications: use the stored logits instead of the confidence")
    .option("--json", "print JSON")
    .action(async (name: string, predField: string, o: { labelField: string; field: string; missingField: string; spuriousField: string; useLogits?: boolean; json?: boolean }) => {
      const ds = await Dataset.load(name);
      const r = await ds.computeMistakenness(predField, o.labelField, {
        mistakennessField: o.field,
        missingField: o.missingField,
        spuriousField: o.spuriousField,
        useLogits: o.useLogits ?? false,
      });
      if (o.json) printJson(r);
      else console.log(`Mistakenness (${r.kind}) of ${r.scored} samples in "${o.field}"${r.kind === "detection" ? `; ${r.missing} possibly missing, ${r.spurious} possibly spurious objects` : ""}.`);
    });

  brain
    .command("hardness")
    .description("score each prediction's hardness: the entropy of its stored logits")
    .argument("<dataset>", "dataset name")
    .argument("<pred-field>", "Classification(s) field with logits")
    .option("--field <field>", "field to write (also the brain key)", "hardness")
    .option("--json", "print JSON")
    .action(async (name: string, predField: string, o: { field: string; json?: boolean }) => {
      const r = await (await Dataset.load(name)).computeHardness(predField, { hardnessField: o.field });
      if (o.json) printJson(r);
      else console.log(`Hardness of ${r.scored} samples in "${o.field}" (${r.skipped} without a prediction).`);
    });

  brain
    .command("uniqueness")
    .description("score how unlike its nearest neighbours each sample is")
    .argument("<dataset>", "dataset name")
    .option("--embeddings <field>", "field of stored embeddings (with --model: where to store them)")
    .option("--model <name>", "zoo model computing the embeddings")
    .option("--field <field>", "field to write (also the brain key)", "uniqueness")
    .option("--json", "print JSON")
    .action(async (name: string, o: EmbeddingsFlags & { field: string; json?: boolean }) => {
      const r = await (await Dataset.load(name)).computeUniqueness({ ...embeddingsOf(o), uniquenessField: o.field });
      if (o.json) printJson(r);
      else console.log(`Uniqueness of ${r.scored} samples in "${o.field}".`);
    });

  brain
    .command("similarity")
    .description("build a similarity index over the sample embeddings")
    .argument("<dataset>", "dataset name")
    .requiredOption("--brain-key <key>", "key to store the index under")
    .option("--embeddings <field>", "field of stored embeddings (with --model: where to store them)")
    .option("--model <name>", "zoo model computing the embeddings (a CLIP model also embeds text queries)")
    .option("--backend <backend>", "exact or usearch (default: exact below 200,000 samples)", oneOf<SimilarityBackend>("--backend", ["exact", "usearch"]))
    .option("--patches-field <field>", "index the objects of this Detections/Polylines field (--embeddings then names the label attribute)")
    .option("--connectivity <n>", "usearch graph: neighbours per vector (default 32)", parseCount("--connectivity", 2))
    .option("--expansion-add <n>", "usearch graph: candidates while building (default 256)", parseCount("--expansion-add", 2))
    .option("--expansion-search <n>", "usearch graph: candidates per query (default 640)", parseCount("--expansion-search", 2))
    .option("--json", "print JSON")
    .action(async (name: string, o: EmbeddingsFlags & { brainKey: string; backend?: SimilarityBackend; patchesField?: string; connectivity?: number; expansionAdd?: number; expansionSearch?: number; json?: boolean }) => {
      const graph = { connectivity: o.connectivity, expansionAdd: o.expansionAdd, expansionSearch: o.expansionSearch };
      const ix = await (await Dataset.load(name)).computeSimilarity({
        ...embeddingsOf(o),
        brainKey: o.brainKey,
        ...(o.backend ? { backend: o.backend } : {}),
        ...(o.patchesField ? { patchesField: o.patchesField } : {}),
        ...(Object.values(graph).some((v) => v !== undefined) ? { graph } : {}),
      });
      const summary = { brainKey: ix.key, backend: ix.backend, size: ix.size, dim: ix.dim, modelName: ix.modelName ?? null, promptQueries: ix.promptModel, patchesField: ix.patchesField ?? null };
      if (o.json) printJson(summary);
      else console.log(`Similarity index "${ix.key}" (${ix.backend}) over ${ix.size} ${ix.patchesField ? `objects of "${ix.patchesField}"` : "samples"}, ${ix.dim}-d${ix.promptModel ? "; text prompts can query it" : ""}.`);
    });

  brain
    .command("sort-by-similarity")
    .description("list the samples most similar to a sample id (or the objects most similar to a label id, for a patches index), or to a text prompt (CLIP indexes)")
    .argument("<dataset>", "dataset name")
    .argument("<query>", "a sample id, a label id (patches index) or a text prompt")
    .option("--brain-key <key>", "the similarity index (needed when there are several)")
    .option("-k, --k <n>", "how many samples", parseCount("--k", 1), 10)
    .option("--json", "print JSON")
    .action(async (name: string, query: string, o: { brainKey?: string; k: number; json?: boolean }) => {
      const ds = await Dataset.load(name);
      const opts = { k: o.k, ...(o.brainKey ? { brainKey: o.brainKey } : {}) };
      const index = await loadSimilarityIndex(ds, o.brainKey);
      if (index.patchesField !== undefined) {
        const { matches } = await ds.sortPatchesBySimilarity(query, opts);
        if (o.json) printJson(matches);
        else console.log(table(["#", "sample id", "label id", "distance"], matches.map((m, i) => [String(i + 1), m.sampleId, m.labelId, m.distance.toFixed(4)])));
        return;
      }
      const view = await ds.sortBySimilarity(query, opts);
      const rows: { id: string; filepath: string }[] = [];
      for await (const s of view) rows.push({ id: s.id, filepath: s.filepath });
      if (o.json) printJson(rows);
      else console.log(table(["#", "id", "filepath"], rows.map((r, i) => [String(i + 1), r.id, r.filepath])));
    });

  brain
    .command("visualization")
    .description("compute 2-D coordinates of the embeddings (UMAP or PCA) for the app's embeddings panel")
    .argument("<dataset>", "dataset name")
    .requiredOption("--brain-key <key>", "key to store the coordinates under")
    .option("--embeddings <field>", "field of stored embeddings (with --model: where to store them)")
    .option("--model <name>", "zoo model computing the embeddings")
    .option("--method <method>", "umap, pca or tsne", oneOf<VisualizationMethod>("--method", ["umap", "pca", "tsne"]), "umap")
    .option("--json", "print JSON")
    .action(async (name: string, o: EmbeddingsFlags & { brainKey: string; method: VisualizationMethod; json?: boolean }) => {
      const r = await (await Dataset.load(name)).computeVisualization({ ...embeddingsOf(o), brainKey: o.brainKey, method: o.method });
      if (o.json) printJson({ brainKey: r.key, method: r.method, ids: r.ids, points: r.points });
      else console.log(`Visualization "${r.key}" (${r.method}) of ${r.ids.length} samples.`);
    });

  brain
    .command("list")
    .description("list the brain runs of a dataset")
    .argument("<dataset>", "dataset name")
    .option("--json", "print JSON")
    .action(async (name: string, o: { json?: boolean }) => {
      const runs = await (await Dataset.load(name)).listBrainRuns();
      if (o.json) printJson(runs);
      else if (runs.length === 0) console.log(`Dataset "${name}" has no brain runs.`);
      else console.log(table(["key", "method", "time"], runs.map((r) => [r.key, r.method, r.timestamp])));
    });

  brain
    .command("delete")
    .description("forget a brain run and delete its stored results (fields it wrote stay)")
    .argument("<dataset>", "dataset name")
    .argument("<brain-key>", "the run's key")
    .action(async (name: string, key: string) => {
      await (await Dataset.load(name)).deleteBrainRun(key);
      console.log(`Deleted brain run "${key}" of dataset "${name}".`);
    });
}
