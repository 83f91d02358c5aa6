import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, describe, test } from "node:test";
import { Dataset, InvalidNameError, Sample } from "../../src/index.js";
import { buildServer } from "../../src/app/server.js";
import { ViewState } from "../../src/app/view-state.js";
import { demoPhotos, tempDir, useTempHome } from "../support/env.js";
import { PROTOTYPE_FIELD_NAMES } from "./cases.js";

/*
 * Field names that every JavaScript object already has. Before: a "__proto__" field
 * reported success but was not saved; "constructor" / "toString" / "valueOf" were
 * saved but could not be queried (SqliteError "no such column: undefined", HTTP 500
 * in the app). Now each is refused with an InvalidNameError naming it, and reading an
 * absent field of such a name gives undefined, not a function.
 */

useTempHome();
const refused = (name: string) => (e: unknown) => e instanceof InvalidNameError && e.message.includes(`"${name}"`) && /Object\.prototype/.test(e.message);

describe("field names that clash with Object.prototype", () => {
  const photo = demoPhotos()[0]!;

  for (const name of PROTOTYPE_FIELD_NAMES) {
    test(`"${name}" is refused by sample.set, new Sample, JSON import and deleteSampleField; nothing is stored`, async () => {
      const ds = await Dataset.create(`fields-${name.replace(/_/g, "")}`);
      await ds.addSample(new Sample({ filepath: photo, ok: 1 }));
      const sample = (await ds.first())!;
      assert.throws(() => sample.set(name, 7), refused(name));
      assert.throws(() => new Sample({ filepath: photo, ...(JSON.parse(`{${JSON.stringify(name)}: 7}`) as object) }), refused(name));
      assert.throws(() => Sample.fromJSON(JSON.parse(`{"filepath": ${JSON.stringify(photo)}, ${JSON.stringify(name)}: {"x": 1}}`) as Record<string, unknown>), refused(name));
      await assert.rejects(() => ds.deleteSampleField(name), refused(name));
      // Reading such a name finds nothing stored (no function from the prototype, no SQL error).
      assert.equal(sample.get(name), undefined);
      assert.equal(sample.get(`ok.${name}`), undefined);
      assert.deepEqual(await ds.values(name), [undefined]);
      assert.deepEqual((await ds.getFieldSchema()).map((f) => f.name).filter((n) => n === name), []);
      await ds.delete();
    });
  }

  test("a nested key named __proto__ inside a dict field is stored as data, not as a prototype", async () => {
    const ds = await Dataset.create("fields-nested");
    const value = JSON.parse('{"__proto__": {"polluted": true}, "plain": 1}') as Record<string, unknown>;
    await ds.addSample(new Sample({ filepath: photo, info: value }));
    const back = (await ds.first())!.get("info") as Record<string, unknown>;
    assert.deepEqual(Object.keys(back), ["__proto__", "plain"]);
    assert.equal(Object.getPrototypeOf(back), Object.prototype);
    assert.equal((back as { polluted?: boolean }).polluted, undefined);
    assert.equal(({} as { polluted?: boolean }).polluted, undefined, "no global prototype pollution");
  });

  test("the app answers a filter on such a name without a 500", async () => {
    const ds = await Dataset.create("fields-app");
    await ds.addSample(new Sample({ filepath: photo }));
    const page = tempDir("modelzoo-page-");
    fs.writeFileSync(path.join(page, "index.html"), "<!doctype html>");
    const { app } = await buildServer(new ViewState(ds), page);
    after(() => app.close());
    for (const name of PROTOTYPE_FIELD_NAMES) {
      const res = await app.inject({
        method: "POST",
        url: "/api/samples",
        headers: { host: "localhost:80" },
        payload: { offset: 0, limit: 10, filter: { labels: { [name]: { classes: ["person"] } } } },
      });
      assert.ok(res.statusCode < 500, `${name}: ${res.statusCode} ${res.body}`);
    }
  });
});
