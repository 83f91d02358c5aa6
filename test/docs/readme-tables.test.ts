import assert from "node:assert/strict";
import fs from "node:fs";
import { describe, test } from "node:test";
import { README_FILE, README_TABLES, readmeWith, writeReadmeTables } from "../../scripts/readme-tables.js";

describe("README's generated blocks are in step with their data (npm run readme)", () => {
  const readme = fs.readFileSync(README_FILE, "utf8");
  for (const table of README_TABLES) {
    test(`${table.name}, from ${table.source}`, () => {
      assert.equal(readme, readmeWith(readme, table), `README.md's ${table.name} block is stale: run npm run readme -- ${table.name}`);
    });
  }

  test("a block whose markers are missing, or an unknown name, is an error that names it", () => {
    assert.throws(() => readmeWith("# no markers\n", README_TABLES[0]!), /lacks the <!-- model-table:start/);
    assert.throws(() => writeReadmeTables(["no-such-table"]), /unknown README table no-such-table: known ones are model-table, /);
  });
});
