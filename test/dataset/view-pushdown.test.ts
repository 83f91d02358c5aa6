/**
 * Views run in SQL must give what the in-memory stages give: random views (match,
 * exists, sortBy, limit, skip, matchTags) over random samples, run once by the store
 * and once in memory (`exclude([])` first: a stage no store runs, so every later
 * stage runs in JavaScript), compared on ids, order, count and countValues. Run on
 * SQLite here and on PostgreSQL by postgres.test.ts.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { Classification, Dataset, Detection, Detections, Sample, type FieldFilter, type SampleCollection } from "../../src/index.js";
import { seededRandom } from "../../src/brain/math.js";
import { useTempHome } from "../support/env.js";

if (!process.env.MODELZOO_HOME) useTempHome();

const rand = seededRandom(20261130);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const maybe = (p: number) => rand() < p;
const SCALARS = [0, 1, 2, 2.5, -1, 7, "cat", "dog", "a", "", "Émile", 'qu"ote', true, false] as const;
const LABELS = ["cat", "dog", "person"];

function scalar(): unknown {
  return maybe(0.1) ? null : pick(SCALARS);
}

/** A small JSON value: scalars, lists (some of lists), objects with `b` / `c` keys. */
function value(depth: number): unknown {
  const r = rand();
  if (depth <= 0 || r < 0.45) return scalar();
  if (r < 0.75) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth - 1));
  const o: Record<string, unknown> = {};
  for (const k of ["b", "c"]) if (maybe(0.7)) o[k] = value(depth - 1);
  return o;
}

function sample(i: number): Sample {
  const fields: Record<string, unknown> = {};
  if (maybe(0.8)) fields.n = maybe(0.15) ? null : pick([0, 1, 2, 2.5, -1, 7, 10]);
  // "ｚ" (U+FF5A) and "😀" (U+1F600) order differently by UTF-16 unit and by code point: sorting must use code points.
  if (maybe(0.8)) fields.s = maybe(0.1) ? null : pick(["cat", "dog", "a", "", "Émile", 'qu"ote', "ｚ", "😀", "😀a"]);
  if (maybe(0.7)) fields.flag = maybe(0.5);
  if (maybe(0.6)) fields.list = Array.from({ length: Math.floor(rand() * 4) }, () => (maybe(0.2) ? [scalar()] : scalar()));
  if (maybe(0.7)) fields.obj = { a: value(2), b: value(3) };
  if (maybe(0.7)) {
    fields.det = new Detections({
      detections: Array.from({ length: Math.floor(rand() * 4) }, () =>
        new Detection({ label: pick(LABELS), boundingBox: [0, 0, 0.5, 0.5], confidence: Math.round(rand() * 10) / 10, ...(maybe(0.3) ? { tags: [pick(["x", "y"])] } : {}) }),
      ),
    });
  }
  if (maybe(0.5)) fields.cls = new Classification({ label: pick(LABELS), confidence: Math.round(rand() * 10) / 10 });
  if (maybe(0.2)) fields.v = Float32Array.from([rand(), rand()]);
  return new Sample({
    filepath: `/img/${String(i).padStart(3, "0")}.jpg`,
    tags: ["a", "b", "c"].filter(() => maybe(0.4)),
    metadata: maybe(0.5) ? { width: pick([10, 20, 30]), height: pick([10, 20]) } : null,
    ...fields,
  });
}

const PATHS = ["n", "s", "flag", "list", "tags", "obj", "obj.a", "obj.b", "obj.a.b", "obj.b.c", "obj.b.b.c", "det", "det.detections", "det.detections.label", "det.detections.confidence", "det.detections.tags", "cls.label", "cls.confidence", "metadata.width", "filepath", "mediaType", "v", "missing", "missing.x"];

function condition(): unknown {
  switch (Math.floor(rand() * 8)) {
    case 0:
      return pick(SCALARS);
    case 1:
      return { $ne: pick(SCALARS) };
    case 2:
      return { $in: [pick(SCALARS), pick(SCALARS)] };
    case 3:
      return { $nin: [pick(SCALARS)] };
    case 4:
      return { [pick(["$gt", "$gte", "$lt", "$lte"])]: pick([0, 1, 2.5, 0.5]) };
    case 5:
      return { $gte: pick([0, 0.3]), $lt: pick([0.7, 2, 7]) };
    case 6:
      return { $exists: maybe(0.5) };
    default:
      return { $eq: pick(SCALARS) };
  }
}

function filter(depth = 1): FieldFilter {
  if (depth > 0 && maybe(0.2)) return { [pick(["$and", "$or"])]: [filter(depth - 1), filter(depth - 1)] };
  const f: FieldFilter = { [pick(PATHS)]: condition() };
  if (maybe(0.2)) f[pick(PATHS)] = condition();
  return f;
}

type Step = (c: SampleCollection) => SampleCollection;

function view(): { steps: Step[]; text: string } {
  const steps: Step[] = [];
  const text: string[] = [];
  const n = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) {
    const kind = Math.floor(rand() * 7);
    if (kind <= 1) {
      const f = filter();
      steps.push((c) => c.match(f));
      text.push(`match(${JSON.stringify(f)})`);
    } else if (kind === 2) {
      const [p, b] = [pick(PATHS), maybe(0.5)];
      steps.push((c) => c.exists(p, b));
      text.push(`exists(${p}, ${b})`);
    } else if (kind === 3) {
      const [p, reverse] = [pick(PATHS), maybe(0.5)];
      steps.push((c) => c.sortBy(p, { reverse }));
      text.push(`sortBy(${p}, ${reverse})`);
    } else if (kind === 4) {
      const k = Math.floor(rand() * 60);
      steps.push((c) => c.limit(k));
      text.push(`limit(${k})`);
    } else if (kind === 5) {
      const k = Math.floor(rand() * 30);
      steps.push((c) => c.skip(k));
      text.push(`skip(${k})`);
    } else {
      const [tags, all] = [["a", "b", "c"].filter(() => maybe(0.5)), maybe(0.5)];
      steps.push((c) => c.matchTags(tags, { all }));
      text.push(`matchTags(${JSON.stringify(tags)}, ${all})`);
    }
  }
  return { steps, text: text.join(".") };
}

let ds: Dataset;
before(async () => {
  ds = await Dataset.create(`pushdown-${process.pid}`);
  await ds.addSamples(Array.from({ length: 120 }, (_, i) => sample(i)));
});

describe("views pushed down to SQL", () => {
  test("give the in-memory result on 300 random views: ids in order, count, countValues", async (t) => {
    const apply = (c: SampleCollection, steps: Step[]) => steps.reduce((acc, s) => s(acc), c);
    let pushed = 0;
    const total = 300;
    for (let i = 0; i < total; i++) {
      const { steps, text } = view();
      const inSql = apply(ds, steps);
      const inMemory = apply(ds.exclude([]), steps);
      const ids = await inSql.ids();
      assert.deepEqual(ids, await inMemory.ids(), text);
      assert.equal(await inSql.count(), ids.length, text);
      const path = pick(PATHS);
      assert.deepEqual([...(await inSql.countValues(path)).entries()], [...(await inMemory.countValues(path)).entries()], `${text}.countValues(${path})`);
      const store = ds.datasetStore;
      const stages = (inSql as unknown as { stages: { pushed?: never }[] }).stages.map((s) => s.pushed!);
      if ((await store.queryIds!(stages)) !== undefined) pushed++;
    }
    // Only object values, regular expressions and paths into vectors stay in memory: most views run in SQL.
    assert.ok(pushed > total * 0.6, `${pushed} of ${total} views ran in SQL`);
    t.diagnostic(`${pushed} of ${total} views ran in SQL`);
  });
});
