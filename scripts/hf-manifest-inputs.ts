/**
 * Rewrites the `input` of every hub entry in src/zoo/models/manifest-hf.json from its
 * repository's preprocessor_config.json (test/fixtures/hf-repos, see SOURCES.md there),
 * through the same reader `hf:<repo>` uses; test/hf-models/verify-transformers.test.ts
 * checks that the two agree.
 *
 *   npx tsx scripts/hf-manifest-inputs.ts
 */
import fs from "node:fs";
import path from "node:path";
import { imageInputFromPreprocessorConfig } from "../src/zoo/models/hf-config.js";

const manifestFile = path.join(import.meta.dirname, "..", "src", "zoo", "models", "manifest-hf.json");
const repos = path.join(import.meta.dirname, "..", "test", "fixtures", "hf-repos");
const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as { models: { name: string; source: { repo: string }; input: Record<string, unknown> }[] };
for (const entry of manifest.models) {
  const pre = JSON.parse(fs.readFileSync(path.join(repos, entry.source.repo, "preprocessor_config.json"), "utf8")) as Record<string, unknown>;
  const input = imageInputFromPreprocessorConfig(pre, entry.source.repo) as Record<string, unknown>;
  if (entry.input.name === undefined) delete input.name;
  entry.input = input;
}
fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`rewrote the input of ${manifest.models.length} entries`);
