import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import sharp from "sharp";
import { Dataset, Detection, Detections, type AppSession } from "../../src/index.js";
import { openAppInBrowser, screenshotDir, type AppInBrowser } from "../support/browser.js";
import { demoPhotos, tempDir, useTempHome } from "../support/env.js";

/*
 * The brain in the app, in a real browser: the six demo photos plus a half-size copy of
 * sample1 (made with sharp), with colour-histogram embeddings (real, cheap vectors), a
 * similarity index, a stored UMAP map and uniqueness scores; and two boxes per photo (the
 * same two relative boxes on each), each with the colour histogram of its crop, indexed by a
 * patches similarity index.
 */

interface PageElement {
  textContent: string | null;
  getAttribute(name: string): string | null;
}
declare const document: { querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): ArrayLike<PageElement> };

useTempHome();
const shots = screenshotDir();
const dir = tempDir("modelzoo-app-brain-");
let session: AppSession;
let app: AppInBrowser | undefined;
let page: Page;
let dataset: Dataset;

/** A 24-bin colour histogram (8 per channel) of an image. */
async function colourHistogram(file: string | Buffer): Promise<Float32Array> {
  const { data, info } = await sharp(file).resize(64, 64, { fit: "fill" }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const h = new Float32Array(24);
  for (let i = 0; i < data.length; i++) h[(i % info.channels) * 8 + (data[i]! >> 5)]! += 1 / (64 * 64);
  return h;
}

/** The 24-bin colour histogram of the region `box` (relative [x, y, w, h]) of an image. */
async function cropHistogram(file: string, box: readonly number[]): Promise<number[]> {
  const { width = 0, height = 0 } = await sharp(file).metadata();
  const region = { left: Math.round(box[0]! * width), top: Math.round(box[1]! * height), width: Math.round(box[2]! * width), height: Math.round(box[3]! * height) };
  return Array.from(await colourHistogram(await sharp(file).extract(region).toBuffer()));
}
const BOXES = [
  [0.05, 0.1, 0.4, 0.45],
  [0.5, 0.45, 0.45, 0.5],
] as const;

/** File names of the grid's cards, in order, once there are `n`. */
async function gridOrder(n: number): Promise<string[]> {
  await page.waitForFunction((count) => document.querySelectorAll(".card[data-filename]").length === count, n);
  return page.evaluate(() => Array.from(document.querySelectorAll(".card[data-filename]"), (e) => e.getAttribute("data-filename") ?? ""));
}

before(async () => {
  for (const p of demoPhotos()) fs.copyFileSync(p, path.join(dir, path.basename(p)));
  await sharp(demoPhotos()[0]).resize(300).toFile(path.join(dir, "sample1-small.jpg"));
  dataset = await Dataset.fromDir("app-brain", dir);
  for await (const s of dataset) {
    s.set("histogram", await colourHistogram(s.filepath));
    const objects = await Promise.all(BOXES.map(async (b, i) => new Detection({ label: i === 0 ? "left" : "right", boundingBox: [...b], attributes: { hist: await cropHistogram(s.filepath, b) } })));
    s.set("objects", new Detections({ detections: objects }));
    await s.save();
  }
  await dataset.computeSimilarity({ embeddings: "hist", patchesField: "objects", brainKey: "obj_sim" });
  await dataset.computeSimilarity({ embeddings: "histogram", brainKey: "sim" });
  await dataset.computeVisualization({ embeddings: "histogram", brainKey: "map", method: "umap" });
  await dataset.computeUniqueness({ embeddings: "histogram" });
  app = await openAppInBrowser(dataset);
  ({ session, page } = app);
});

after(async () => {
  await app?.close();
});

describe("brain runs in the app (Chromium)", () => {
  test("the grid sorts by uniqueness, most unique first", async () => {
    const files = (await dataset.values("filepath")) as string[];
    const u = (await dataset.values("uniqueness")) as number[];
    const want = files.map((f, i) => ({ f: path.basename(f), u: u[i]! })).sort((a, b) => b.u - a.u).map((r) => r.f);
    assert.equal((await gridOrder(7)).length, 7);
    await page.getByTestId("sort-by").selectOption("uniqueness");
    await page.waitForFunction((first) => document.querySelector(".card[data-filename]")?.getAttribute("data-filename") === first, want[0]!);
    assert.deepEqual(await gridOrder(7), want);
    await page.getByTestId("sort-by").selectOption("");
  });

  test("'Show similar' on a sample sorts the grid by similarity to it: its resized copy comes next", async () => {
    await page.locator('.card[data-filename="sample1.jpg"]').click();
    await page.getByTestId("show-similar").click();
    await page.getByTestId("similar-chip").waitFor();
    await page.waitForFunction(() => document.querySelectorAll(".card[data-filename]")[1]?.getAttribute("data-filename") === "sample1-small.jpg");
    assert.deepEqual((await gridOrder(7)).slice(0, 2), ["sample1.jpg", "sample1-small.jpg"]);
    await page.screenshot({ path: path.join(shots, "brain-similar.png") });
    await page.getByTestId("clear-similar").click();
    await page.getByTestId("sort-by").waitFor();
    // Back in the view order (by path), "sample1-small.jpg" sorts before "sample1.jpg".
    await page.waitForFunction(() => document.querySelector(".card[data-filename]")?.getAttribute("data-filename") === "sample1-small.jpg");
    assert.deepEqual(await gridOrder(7), [...(await gridOrder(7))].sort(), "back to the view order (by file name)");
  });

  test("'Similar' on an object shows a patches view: one card per object, most similar first — the object, then its twin in the resized copy", async () => {
    const byName = new Map((await dataset.values("filepath")).map((f, i) => [path.basename(f as string), i]));
    const objects = (await dataset.values("objects")) as Detections[];
    const own = objects[byName.get("sample1.jpg")!]!.detections[1]!.id;
    const twin = objects[byName.get("sample1-small.jpg")!]!.detections[1]!.id;
    await page.locator('.card[data-filename="sample1.jpg"]').click();
    await page.locator(`[data-testid="similar-objects"][data-label-id="${own}"]`).click();
    await page.getByTestId("similar-objects-chip").waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="grid"]')?.getAttribute("data-total") === "14");
    await page.waitForFunction(() => document.querySelectorAll(".card.patch[data-drawn='true']").length === document.querySelectorAll(".card.patch").length);
    assert.match((await page.getByTestId("sample-count").textContent()) ?? "", /^14 objects in 7 samples/);
    const cards = await page.evaluate(() =>
      Array.from(document.querySelectorAll(".card.patch"), (e) => ({ label: e.getAttribute("data-label-id"), file: e.getAttribute("data-filename"), d: Number(e.getAttribute("data-distance")) })),
    );
    assert.deepEqual(
      cards.slice(0, 2).map((c) => [c.label, c.file]),
      [
        [own, "sample1.jpg"],
        [twin, "sample1-small.jpg"],
      ],
    );
    assert.ok(cards.every((c, i) => i === 0 || c.d >= cards[i - 1]!.d), "distances ascend");
    // The same order as the API's sortPatchesBySimilarity.
    const { matches } = await dataset.sortPatchesBySimilarity(own, { brainKey: "obj_sim" });
    assert.deepEqual(cards.map((c) => c.label), matches.slice(0, cards.length).map((m) => m.labelId));
    await page.screenshot({ path: path.join(shots, "brain-similar-objects.png") });
    await page.getByTestId("clear-similar-objects").click();
    await page.getByTestId("sort-by").waitFor();
    assert.equal((await gridOrder(7)).length, 7, "back to one card per sample");
  });

  test("the embeddings panel shows the stored UMAP map, coloured by a numeric field", async () => {
    await page.getByTestId("toggle-embeddings").click();
    assert.equal(await page.getByTestId("embeddings-field").inputValue(), "brain:map", "a stored map is shown first");
    await page.waitForFunction(() => document.querySelector('[data-testid="embeddings-plot"]')?.getAttribute("data-points") === "7");
    await page.getByTestId("embeddings-color-by").selectOption("uniqueness");
    await page.getByTestId("embeddings-legend").getByText("→").waitFor();
    assert.match((await page.getByTestId("embeddings-panel").textContent()) ?? "", /stored umap map/);
    await page.screenshot({ path: path.join(shots, "brain-embeddings.png") });
  });

  test("a lasso drawn around the three leftmost points of the map selects them", async () => {
    const res = (await (await fetch(`${session.url}api/embeddings`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ brainKey: "map" }) })).json()) as {
      points: { x: number }[];
    };
    // The panel's mapping: 420 × 340 canvas, 16 px padding, the range including 0.
    const xs = res.points.map((p) => p.x);
    const [minX, maxX] = [Math.min(...xs, 0), Math.max(...xs, 0)];
    const canvasX = (v: number) => 16 + ((v - minX) * (420 - 32)) / (maxX - minX || 1);
    // Cut between the 3rd and 4th point from the left.
    const sorted = xs.map(canvasX).sort((a, b) => a - b);
    const cut = (sorted[2]! + sorted[3]!) / 2;
    const expected = sorted.filter((x) => x < cut).length;
    assert.equal(expected, 3);
    await page.getByTestId("embeddings-lasso").check();
    const box = (await page.getByTestId("embeddings-plot").boundingBox())!;
    const at = (cx: number, cy: number): [number, number] => [box.x + (cx * box.width) / 420, box.y + (cy * box.height) / 340];
    await page.mouse.move(...at(2, 2));
    await page.mouse.down();
    for (const [cx, cy] of [
      [cut, 2],
      [cut, 338],
      [2, 338],
      [2, 4],
    ] as const)
      await page.mouse.move(...at(cx, cy), { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction((n) => document.querySelector('[data-testid="sample-count"]')?.textContent?.startsWith(`${n} of 7`) ?? false, expected);
    await page.screenshot({ path: path.join(shots, "brain-lasso.png") });
  });
});
