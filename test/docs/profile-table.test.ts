import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { PROFILE_MODELS } from "../../bench/profile/profile.js";
import { profileResults, readmeWithProfile } from "../../scripts/profile-table.js";
import { repoRoot } from "../support/env.js";

test("README's Where the time goes table is generated from bench/results/profile.json (npm run readme:profile)", () => {
  const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const results = profileResults();
  // Every model of the issue, on both photo sets, with every stage measured.
  for (const model of PROFILE_MODELS) {
    for (const photos of ["portraits", "scenes"]) {
      const c = results.cases.find((k) => k.model === model && k.photos === photos);
      assert.ok(c, `${model} (${photos}) profiled`);
      for (const [stage, v] of Object.entries(c.cpuMsPerPhoto)) assert.ok(Number.isFinite(v) && v >= 0, `${model} ${stage}: ${v}`);
      assert.ok(c.cpuMsPerPhoto.inference > 0 && c.applyModel.imagesPerSecond > 0 && c.bareImagesPerSecond > 0, `${model}: measured`);
    }
  }
  assert.equal(readme, readmeWithProfile(readme, results), "README.md's Where the time goes table is stale: run npm run readme:profile");
});
