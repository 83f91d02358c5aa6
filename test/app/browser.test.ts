import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import sharp from "sharp";
import { Array2D, Classification, Dataset, Detection, Detections, Keypoint, Keypoints, Polyline, Polylines, Regression, Sample, Segmentation, zoo } from "../../src/index.js";
import { type AppSession } from "../../src/app/index.js";
import { openAppInBrowser, screenshotDir, type AppInBrowser } from "../support/browser.js";
import { demoPhotos, tempDir, useTempHome } from "../support/env.js";
import { makeSlideshowVideo } from "../support/videos.js";

/*
 * The app in a real browser (Debian's Chromium through playwright-core): a dataset of
 * the six demo photos with CenterNet's (COCO) predictions from the zoo, plus a video
 * whose frames carry the predictions of the photos it shows.
 */

/** The DOM calls made by the functions that run inside the page (Node's typecheck has no DOM library). */
interface PageElement {
  clientWidth: number;
  naturalWidth: number;
  naturalHeight: number;
  width: number;
  readyState: number;
  currentTime: number;
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  getContext(kind: "2d"): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
  play(): Promise<void>;
}
declare const document: { querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): { length: number } };

useTempHome();
const shots = screenshotDir();
const dir = tempDir("modelzoo-app-browser-");
const FPS = 5;
const FRAMES_EACH = 5;

let session: AppSession;
let app: AppInBrowser | undefined;
let page: Page;
let dataset: Dataset;
/** Confidences of CenterNet's boxes per photo file name. */
const confidences = new Map<string, number[]>();
const labels = new Map<string, string[]>();

/** A 24-bin colour histogram (8 per channel) of an image: a real, cheap vector to project. */
async function colourHistogram(file: string): Promise<Float32Array> {
  const { data, info } = await sharp(file).resize(64, 64, { fit: "fill" }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const h = new Float32Array(24);
  for (let i = 0; i < data.length; i++) h[(i % info.channels) * 8 + (data[i]! >> 5)]! += 1 / (64 * 64);
  return h;
}

function card(name: string) {
  return page.locator(`.card[data-filename="${name}"]`);
}

async function waitForBoxes(expected: Map<string, number>): Promise<void> {
  await page.waitForFunction(
    (want) => want.every(([name, n]) => document.querySelector(`.card[data-filename="${name}"][data-drawn="true"]`)?.getAttribute("data-boxes") === String(n)),
    [...expected.entries()],
  );
}

before(async () => {
  const photos = demoPhotos();
  for (const p of photos) fs.copyFileSync(p, path.join(dir, path.basename(p)));
  dataset = await Dataset.fromDir("app-browser", dir);
  const model = await zoo.loadZooModel("centernet-coco-tfjs");
  try {
    await dataset.applyModel(model, { labelField: "centernet", confidenceThresh: 0.3 });
  } finally {
    await model.dispose();
  }
  for await (const s of dataset) {
    const dets = (s.get("centernet") as Detections | undefined)?.detections ?? [];
    confidences.set(path.basename(s.filepath), dets.map((d) => d.confidence!));
    labels.set(path.basename(s.filepath), dets.map((d) => d.label).sort());
    s.set("histogram", await colourHistogram(s.filepath));
    await s.save();
  }
  // A video of sample1, sample2, sample3 (five frames each); each frame carries its photo's boxes.
  const video = makeSlideshowVideo(photos.slice(0, 3), path.join(dir, "slideshow.webm"), { fps: FPS, framesEach: FRAMES_EACH, width: 480, height: 320 });
  const clip = new Sample({ filepath: video, metadata: { frameRate: FPS, width: 480, height: 320 } });
  const byName = new Map((await dataset.head(6)).map((s) => [path.basename(s.filepath), s.get("centernet") as Detections]));
  for (let f = 1; f <= 3 * FRAMES_EACH; f++) {
    const photo = `sample${Math.floor((f - 1) / FRAMES_EACH) + 1}.jpg`;
    clip.frames.merge({ [f]: { objects: byName.get(photo)! } });
  }
  await dataset.addSample(clip);

  app = await openAppInBrowser(dataset);
  ({ session, page } = app);
});

after(async () => {
  await app?.close();
});

describe("the app in Chromium", () => {
  test("each card draws its own photo's boxes, with the right classes", async () => {
    await page.waitForFunction(() => document.querySelectorAll('.card[data-drawn="true"]').length === 7);
    const expected = new Map([...confidences].map(([name, cs]) => [name, cs.length]));
    await waitForBoxes(expected);
    for (const [name, want] of labels) {
      assert.equal(await card(name).getAttribute("data-box-labels").then((s) => s!.split(",").filter(Boolean).sort().join(",")), want.join(","), name);
    }
    // The group photos show people: sample1 three, sample6 four (the detector finds most).
    for (const name of ["sample1.jpg", "sample6.jpg"]) assert.ok(labels.get(name)!.filter((l) => l === "person").length >= 3, `${name}: people found`);
    // And the boxes are really on the canvas: the top edge of each of sample1's boxes has coloured pixels.
    const painted = await page.evaluate(async (name) => {
      const el = document.querySelector(`.card[data-filename="${name}"]`)!;
      const img = el.querySelector("img")!;
      const canvas = el.querySelector("canvas")!;
      const res = await fetch("api/samples", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ offset: 0, limit: 10 }) });
      const sample = ((await res.json()) as { samples: { filepath: string; centernet: { detections: { boundingBox: number[] }[] } }[] }).samples.find((s) => s.filepath.endsWith(name))!;
      const size = el.clientWidth;
      const scale = Math.min(size / img.naturalWidth, size / img.naturalHeight);
      const [w, h] = [img.naturalWidth * scale, img.naturalHeight * scale];
      const [ox, oy] = [(size - w) / 2, (size - h) / 2];
      const dpr = canvas.width / size;
      const ctx = canvas.getContext("2d")!;
      return sample.centernet.detections.map((d) => {
        const [bx, by, bw] = d.boundingBox as [number, number, number];
        const x = Math.round((ox + (bx + bw * 0.75) * w) * dpr);
        const y = Math.round((oy + by * h) * dpr);
        return ctx.getImageData(x, y, 1, 1).data[3]!;
      });
    }, "sample1.jpg");
    assert.ok(painted.length >= 3 && painted.every((a) => a > 0), `box edges painted: ${painted.join(", ")}`);
    await page.screenshot({ path: path.join(shots, "grid.png") });
  });

  test("the confidence slider hides the boxes below it", async () => {
    const all = [...confidences.values()].flat().sort((a, b) => a - b);
    const threshold = Math.round(all[Math.floor(all.length / 2)]! * 100) / 100;
    const expected = new Map([...confidences].map(([name, cs]) => [name, cs.filter((c) => c >= threshold).length]));
    const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    assert.ok(total(expected) < all.length, `some boxes lie below ${threshold}`);
    await page.getByTestId("confidence-slider").fill(String(threshold));
    await waitForBoxes(expected);
    await page.screenshot({ path: path.join(shots, `grid-confidence-${threshold}.png`) });
    await page.getByTestId("confidence-slider").fill("0");
    await waitForBoxes(new Map([...confidences].map(([name, cs]) => [name, cs.length])));
  });

  test("the sidebar hides a field, and filters by class", async () => {
    await page.getByTestId("field-toggle-centernet").uncheck();
    await waitForBoxes(new Map([...confidences.keys()].map((name) => [name, 0])));
    await page.getByTestId("field-toggle-centernet").check();
    const withCup = [...labels].filter(([, ls]) => ls.includes("cup")).map(([name]) => name);
    assert.ok(withCup.length > 0 && withCup.length < 6, `some photos have a cup: ${withCup.join(", ")}`);
    await page.getByTestId("class-filter-centernet-cup").check();
    await page.waitForFunction((n) => document.querySelector('[data-testid="grid"]')?.getAttribute("data-total") === String(n), withCup.length);
    // Only the cups stay drawn on the matching photos.
    await waitForBoxes(new Map(withCup.map((name) => [name, labels.get(name)!.filter((l) => l === "cup").length])));
    await page.screenshot({ path: path.join(shots, "grid-class-cup.png") });
    await page.getByTestId("class-filter-centernet-cup").uncheck();
    await page.waitForFunction(() => document.querySelector('[data-testid="grid"]')?.getAttribute("data-total") === "7");
  });

  test("clicking a sample opens it at full size with every label listed", async () => {
    await card("sample5.jpg").click();
    const modal = page.getByTestId("sample-modal");
    await modal.waitFor();
    const id = (await dataset.match({ filepath: { $regex: "sample5\\.jpg$" } }).first())!.id;
    assert.equal(await modal.getAttribute("data-sample-id"), id);
    const n = confidences.get("sample5.jpg")!.length;
    await page.waitForFunction((want) => document.querySelector('[data-testid="modal-overlay"]')?.getAttribute("data-boxes") === String(want), n);
    assert.equal(await page.locator('[data-testid="label-list"] tr').count(), n);
    await page.screenshot({ path: path.join(shots, "modal-sample5.png") });
    await page.keyboard.press("Escape");
    await modal.waitFor({ state: "detached" });
  });

  test("a video plays with each frame's labels drawn in time", async () => {
    await card("slideshow.webm").click();
    await page.getByTestId("sample-modal").waitFor();
    const video = page.getByTestId("modal-video");
    await page.waitForFunction(() => (document.querySelector('[data-testid="modal-video"]')?.readyState ?? 0) >= 2);
    // Frame 8 (t = 1.5 s at 5 fps) shows sample2; frame 13 (t = 2.5 s) shows sample3.
    for (const [time, frame, photo] of [[1.5, 8, "sample2.jpg"], [2.5, 13, "sample3.jpg"], [0.1, 1, "sample1.jpg"]] as const) {
      await video.evaluate((v, t) => ((v as unknown as PageElement).currentTime = t), time);
      await page.waitForFunction(
        ([f, n]) => {
          const o = document.querySelector('[data-testid="modal-overlay"]');
          return o?.getAttribute("data-frame") === String(f) && o.getAttribute("data-boxes") === String(n);
        },
        [frame, confidences.get(photo)!.length] as const,
      );
      if (frame === 8) await page.screenshot({ path: path.join(shots, "modal-video-frame8.png") });
    }
    // Playing moves the drawn frame forward.
    await video.evaluate((v) => (v as unknown as PageElement).play());
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="modal-overlay"]')?.getAttribute("data-frame")) >= 4);
    await page.keyboard.press("Escape");
  });

  test("the embeddings panel plots the samples and a selection filters the grid", async () => {
    await page.getByTestId("toggle-embeddings").click();
    const plot = page.getByTestId("embeddings-plot");
    await page.waitForFunction(() => document.querySelector('[data-testid="embeddings-plot"]')?.getAttribute("data-points") === "6");
    await page.screenshot({ path: path.join(shots, "embeddings.png") });
    // Drag over the left half of the plot; the points there are those whose x is below the middle of the x range.
    const res = (await (await fetch(`${session.url}api/embeddings`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ field: "histogram" }) })).json()) as {
      points: { id: string; x: number }[];
    };
    const xs = res.points.map((p) => p.x);
    const [minX, maxX] = [Math.min(...xs, 0), Math.max(...xs, 0)];
    // The panel maps x linearly onto [16, 404] of its 420-pixel canvas (see EmbeddingsPanel.tsx).
    const toCanvas = (x: number) => 16 + ((x - minX) * 388) / (maxX - minX);
    const box = (await plot.boundingBox())!;
    const cut = 210;
    const expected = res.points.filter((p) => toCanvas(p.x) <= cut).length;
    assert.ok(expected > 0 && expected < 6, `the left half holds some points: ${expected}`);
    await page.mouse.move(box.x + 1, box.y + 1);
    await page.mouse.down();
    await page.mouse.move(box.x + (cut * box.width) / 420, box.y + box.height - 1, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction((n) => document.querySelector('[data-testid="grid"]')?.getAttribute("data-total") === String(n), expected);
    await page.screenshot({ path: path.join(shots, "embeddings-selection.png") });
    await page.getByTestId("clear-selection").click();
    await page.waitForFunction(() => document.querySelector('[data-testid="grid"]')?.getAttribute("data-total") === "7");
    await page.getByTestId("toggle-embeddings").click();
  });

  test("setting session.view updates the open page", async () => {
    session.view = dataset.match({ filepath: { $regex: "sample[12]\\.jpg$" } });
    await page.waitForFunction(() => document.querySelector('[data-testid="grid"]')?.getAttribute("data-total") === "2");
    assert.match((await page.getByTestId("sample-count").textContent()) ?? "", /2 of 2 samples/);
    session.view = dataset;
    await page.waitForFunction(() => document.querySelector('[data-testid="grid"]')?.getAttribute("data-total") === "7");
  });

  test("a view of thousands of samples keeps only the visible cards in the page", async () => {
    const many = await Dataset.create("app-many");
    const photos = [...confidences.keys()].map((name) => path.join(dir, name));
    await many.addSamples(Array.from({ length: 3000 }, (_, i) => new Sample({ filepath: photos[i % photos.length]!, tags: [`n${i}`] })));
    session.view = many;
    await page.waitForFunction(() => document.querySelector('[data-testid="grid"]')?.getAttribute("data-total") === "3000");
    await page.waitForFunction(() => document.querySelectorAll('.card[data-drawn="true"]').length > 0);
    const cards = await page.locator(".card").count();
    assert.ok(cards > 0 && cards < 120, `only the rows on screen are in the page: ${cards} cards`);
    // Scroll to the end: the last sample's card appears (its page is fetched on the way).
    const lastId = (await many.skip(2999).first())!.id;
    await page.getByTestId("grid").evaluate((el) => (el as unknown as { scrollTop: number; scrollHeight: number }).scrollTop = (el as unknown as { scrollHeight: number }).scrollHeight);
    await page.locator(`.card[data-sample-id="${lastId}"][data-drawn="true"]`).waitFor();
    assert.ok((await page.locator(".card").count()) < 120);
    await page.screenshot({ path: path.join(shots, "grid-3000-end.png") });
    await page.getByTestId("tag-filter-n1234").check();
    await page.waitForFunction(() => document.querySelector('[data-testid="grid"]')?.getAttribute("data-total") === "1");
    session.view = dataset;
    await page.waitForFunction(() => document.querySelector('[data-testid="grid"]')?.getAttribute("data-total") === "7");
  });

  test("masks, keypoints with skeleton edges, polylines and classifications are drawn", async () => {
    const shapes = await Dataset.create("app-shapes");
    const [w, h] = [40, 30];
    const seg = Array2D.zeros(h, w, "uint8");
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) seg.set(y, x, x < w / 2 ? 1 : 2);
    const mask = Array2D.zeros(10, 10, "uint8");
    for (let y = 2; y < 8; y++) for (let x = 2; x < 8; x++) mask.set(y, x, 1);
    // Hand-placed labels on sample1, one of each kind the app draws.
    await shapes.addSample(
      new Sample({
        filepath: path.join(dir, "sample1.jpg"),
        segmentation: new Segmentation({ mask: seg }),
        objects: new Detections({ detections: [new Detection({ label: "person", boundingBox: [0.1, 0.1, 0.3, 0.8], confidence: 0.9, mask })] }),
        pose: new Keypoints({
          keypoints: [
            new Keypoint({
              label: "person",
              points: Array.from({ length: 17 }, (_, i) => (i === 3 ? null : ([0.5 + 0.02 * (i % 4), 0.2 + 0.04 * i] as [number, number]))),
            }),
          ],
        }),
        lines: new Polylines({ polylines: [new Polyline({ label: "lane", points: [[[0.6, 0.9], [0.8, 0.5], [0.9, 0.9]]], closed: true, filled: true })] }),
        scene: new Classification({ label: "indoor", confidence: 0.8 }),
        age: new Regression({ value: 31.5 }),
      }),
    );
    session.view = shapes;
    const c = page.locator(".card").first();
    await page.waitForFunction(() => document.querySelectorAll('.card[data-drawn="true"]').length === 1 && document.querySelector(".card")?.getAttribute("data-keypoints") === "16");
    assert.equal(await c.getAttribute("data-boxes"), "1");
    assert.equal(await c.getAttribute("data-masks"), "2", "the semantic mask and the instance mask");
    assert.equal(await c.getAttribute("data-polylines"), "1");
    assert.deepEqual(await c.locator("[data-chip]").evaluateAll((els) => els.map((e) => (e as unknown as PageElement).getAttribute("data-chip"))), ["indoor", "age 31.5"]);
    await page.screenshot({ path: path.join(shots, "label-kinds.png") });
    session.view = dataset;
  });
});
