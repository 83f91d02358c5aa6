import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import sharp from "sharp";
import { committedFiles, corpus, corpusFolderFiles } from "../../bench/agreement/corpus.js";
import { meets } from "../../bench/agreement/rows.js";
import { readResults } from "../../scripts/agreement-table.js";
import { repoRoot } from "../support/env.js";

describe("agreement with upstream: corpus, results and README table", () => {
  test("every row's pass flag is what its values give, and a row that misses its threshold carries a reason", () => {
    const { rows } = readResults();
    assert.ok(rows.length >= 5, `${rows.length} rows`);
    for (const r of rows) {
      assert.equal(r.pass, meets(r.measure, r.values), `${r.model}/${r.measure}: pass flag matches the values`);
      if (!r.pass) assert.ok(r.reason && r.reason.length > 20, `${r.model}/${r.measure} misses its threshold without a measured reason`);
    }
  });

  test("the corpus lists exactly the committed images, at least 40 real photos covering every kind", async () => {
    assert.deepEqual([...corpusFolderFiles()].sort(), [...committedFiles()].sort());
    const images = corpus();
    assert.ok(images.length >= 40, `${images.length} images`);
    const kinds = new Set(images.flatMap((i) => i.kinds));
    for (const k of ["portrait", "group", "scene", "animal", "object", "text", "grayscale", "alpha", "exif", "tiny", "large"] as const) assert.ok(kinds.has(k), `the corpus has ${k} images`);
    // The kinds that a file's header decides are true of the files.
    for (const img of images) {
      const m = await sharp(img.file).metadata();
      if (img.kinds.includes("exif")) assert.ok((m.orientation ?? 1) > 1, `${img.name} has an EXIF orientation`);
      if (img.kinds.includes("alpha")) assert.ok(m.hasAlpha, `${img.name} has alpha`);
      if (img.kinds.includes("tiny")) assert.ok(Math.max(m.width, m.height) < 200, `${img.name} is under 200 px`);
      if (img.kinds.includes("large")) assert.ok(Math.max(m.width, m.height) > 4000, `${img.name} is over 4,000 px`);
    }
    const bytes = committedFiles().reduce((s, f) => s + fs.statSync(path.join(repoRoot, "test", "corpus", f)).size, 0);
    assert.ok(bytes < 25e6, `committed corpus is ${(bytes / 1e6).toFixed(1)} MB`);
  });
});
