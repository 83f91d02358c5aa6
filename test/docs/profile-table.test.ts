import assert from "node:assert/strict";
import { test } from "node:test";
import { PROFILE_MODELS } from "../../bench/profile/profile.js";
import type { ProfileResults } from "../../bench/profile/profile.js";
import { readJson } from "../../scripts/readme-tables.js";

test("bench/results/profile.json (README's Where the time goes) profiled every stage of every model of the issue", () => {
  const results = readJson<ProfileResults>("bench/results/profile.json");
  // Every model of the issue, on both photo sets, with every stage measured.
  for (const model of PROFILE_MODELS) {
    for (const photos of ["portraits", "scenes"]) {
      const c = results.cases.find((k) => k.model === model && k.photos === photos);
      assert.ok(c, `${model} (${photos}) profiled`);
      for (const [stage, v] of Object.entries(c.cpuMsPerPhoto)) assert.ok(Number.isFinite(v) && v >= 0, `${model} ${stage}: ${v}`);
      assert.ok(c.cpuMsPerPhoto.inference > 0 && c.applyModel.imagesPerSecond > 0 && c.bareImagesPerSecond > 0, `${model}: measured`);
    }
  }
});
