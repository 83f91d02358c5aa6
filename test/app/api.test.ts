import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import sharp from "sharp";
import { AppOptionsError, AppPortError, Dataset, Detection, Detections, launchApp, Sample } from "../../src/index.js";
import { type AppSession } from "../../src/app/index.js";
import type { EmbeddingsResponse, FramesResponse, SamplesResponse, ViewInfo } from "../../src/app/api-types.js";
import { demoPhotos, repoRoot, tempDir, useTempHome } from "../support/env.js";
import { makeSlideshowVideo } from "../support/videos.js";

/*
 * The app's HTTP API over real HTTP: pages, filters, schema, media with Range and
 * thumbnails with ETags, the media route's refusal of anything but the dataset's
 * files, embeddings, frames, and `modelzoo app`.
 */

const home = useTempHome();
const dir = tempDir("modelzoo-app-api-");
let session: AppSession;
let dataset: Dataset;
let video: string;
const names = ["sample1.jpg", "sample2.jpg", "sample3.jpg", "sample4.jpg", "sample5.jpg", "sample6.jpg"];

const post = async <T>(url: string, body: unknown): Promise<T> => {
  const res = await fetch(new URL(url, session.url), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()) as T;
};
const get = (url: string, headers: Record<string, string> = {}) => fetch(new URL(url, session.url), { headers });
const media = (p: string) => `media?filepath=${encodeURIComponent(p)}`;
const base = (s: { filepath: string }) => path.basename(s.filepath);

/**
 * A raw GET, sent as written: fetch would normalize `..` away, and adds
 * `Cache-Control: no-cache` to conditional requests (as the Fetch standard says),
 * which a browser revalidating its cache does not.
 */
function rawGet(pathAndQuery: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: session.port, path: pathAndQuery, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

before(async () => {
  demoPhotos().forEach((p) => fs.copyFileSync(p, path.join(dir, path.basename(p))));
  video = makeSlideshowVideo(demoPhotos().slice(0, 2), path.join(dir, "clip.webm"), { fps: 2, framesEach: 2, width: 320, height: 240 });
  dataset = await Dataset.create("app-api");
  // Every photo has a confident person; the odd-numbered ones also an unsure dog.
  // Vectors lie along one direction (i, 2i, -i) plus a little spread, so PCA's first axis orders them by i.
  await dataset.addSamples(
    names.map((name, i) => {
      const dets = [new Detection({ label: "person", boundingBox: [0.1, 0.1, 0.3, 0.6], confidence: 0.9 })];
      if (i % 2 === 0) dets.push(new Detection({ label: "dog", boundingBox: [0.5, 0.5, 0.2, 0.2], confidence: 0.2 }));
      return new Sample({
        filepath: path.join(dir, name),
        tags: i < 2 ? ["train"] : ["val"],
        ground_truth: new Detections({ detections: dets }),
        vec: Float32Array.from([i, 2 * i, -i, (i % 2) * 0.1]),
      });
    }),
  );
  const clip = new Sample({ filepath: video, metadata: { frameRate: 2 } });
  clip.frames.merge({
    1: { objects: new Detections({ detections: [new Detection({ label: "person", boundingBox: [0, 0, 0.5, 0.5], confidence: 0.8 })] }) },
    2: { objects: new Detections({ detections: [new Detection({ label: "person", boundingBox: [0.5, 0.5, 0.5, 0.5], confidence: 0.3 })] }) },
  });
  await dataset.addSample(clip);
  session = await launchApp(dataset, { port: 0 });
});

after(async () => {
  await session?.close();
});

describe("the app's JSON API", () => {
  test("the page is served from the package, bound to 127.0.0.1", async () => {
    assert.match(session.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await get("");
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<div id="root">/);
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html);
    assert.ok(script, "the page loads its bundled script, no CDN");
    assert.equal((await get(script[1]!)).status, 200);
    assert.doesNotMatch(html, /https?:\/\//);
  });

  test("samples come in pages, in view order", async () => {
    const first = await post<SamplesResponse>("api/samples", { offset: 0, limit: 4 });
    const second = await post<SamplesResponse>("api/samples", { offset: 4, limit: 4 });
    assert.equal(first.total, 7);
    assert.deepEqual(first.samples.map(base), names.slice(0, 4));
    assert.deepEqual(second.samples.map(base), [...names.slice(4), "clip.webm"]);
    assert.equal(first.samples[0]!.vec, undefined, "vectors are not sent with samples");
    assert.equal((first.samples[0]!.ground_truth as { _cls: string })._cls, "Detections");
    const bad = await fetch(new URL("api/samples", session.url), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ offset: -1, limit: 4 }) });
    assert.equal(bad.status, 400);
  });

  test("filters by class, confidence, tags and ids", async () => {
    const dogs = await post<SamplesResponse>("api/samples", { offset: 0, limit: 10, filter: { labels: { ground_truth: { classes: ["dog"] } } } });
    assert.deepEqual(dogs.samples.map(base), ["sample1.jpg", "sample3.jpg", "sample5.jpg"]);
    for (const s of dogs.samples) assert.deepEqual((s.ground_truth as Detections).detections.map((d) => d.label), ["dog"], "other classes are filtered out");

    const confident = await post<SamplesResponse>("api/samples", { offset: 0, limit: 10, filter: { labels: { ground_truth: { minConfidence: 0.5 } } } });
    assert.equal(confident.total, 7, "a confidence range alone hides labels, not samples");
    for (const s of confident.samples.slice(0, 6)) assert.deepEqual((s.ground_truth as Detections).detections.map((d) => d.label), ["person"]);

    const dogsAbove = await post<SamplesResponse>("api/samples", { offset: 0, limit: 10, filter: { labels: { ground_truth: { classes: ["dog"], minConfidence: 0.5 } } } });
    assert.equal(dogsAbove.total, 0);

    const val = await post<SamplesResponse>("api/samples", { offset: 0, limit: 10, filter: { tags: ["val"] } });
    assert.deepEqual(val.samples.map(base), names.slice(2));

    const ids = (await post<SamplesResponse>("api/samples", { offset: 0, limit: 10 })).samples.map((s) => s.id);
    const picked = await post<SamplesResponse>("api/samples", { offset: 0, limit: 10, filter: { ids: [ids[5]!, ids[1]!], tags: ["train"] } });
    assert.deepEqual(picked.samples.map(base), ["sample2.jpg"]);
  });

  test("the view: count, schema with class counts, tags; session.view changes it", async () => {
    const view = (await (await get("api/view")).json()) as ViewInfo;
    assert.equal(view.dataset, "app-api");
    assert.equal(view.count, 7);
    assert.deepEqual(view.fields.find((f) => f.name === "ground_truth"), {
      name: "ground_truth",
      type: "Detections",
      frame: false,
      classes: [
        { label: "person", count: 6 },
        { label: "dog", count: 3 },
      ],
    });
    assert.ok(view.fields.some((f) => f.name === "objects" && f.frame && f.type === "Detections"));
    assert.deepEqual(view.tags, [
      { tag: "train", count: 2 },
      { tag: "val", count: 4 },
    ]);

    const before = view.version;
    session.view = dataset.matchTags("train");
    const changed = (await (await get("api/view")).json()) as ViewInfo;
    assert.equal(changed.count, 2);
    assert.ok(changed.version > before);
    assert.match(changed.stages, /matchTags/);
    assert.equal((await post<SamplesResponse>("api/samples", { offset: 0, limit: 10 })).total, 2);
    session.view = dataset;
  });

  test("images with ETag and Range; videos with Range", async () => {
    const photo = path.join(dir, "sample1.jpg");
    const full = await get(media(photo));
    assert.equal(full.status, 200);
    assert.equal(full.headers.get("content-type"), "image/jpeg");
    assert.equal(full.headers.get("accept-ranges"), "bytes");
    const etag = full.headers.get("etag")!;
    assert.ok(etag);
    assert.deepEqual(Buffer.from(await full.arrayBuffer()), fs.readFileSync(photo));
    assert.equal(await rawGet(`/${media(photo)}`, { "if-none-match": etag }), 304);

    const bytes = fs.readFileSync(video);
    const part = await get(media(video), { range: "bytes=100-1123" });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get("content-range"), `bytes 100-1123/${bytes.length}`);
    assert.equal(part.headers.get("content-type"), "video/webm");
    assert.deepEqual(Buffer.from(await part.arrayBuffer()), bytes.subarray(100, 1124));
    const tail = await get(media(video), { range: "bytes=-16" });
    assert.deepEqual(Buffer.from(await tail.arrayBuffer()), bytes.subarray(bytes.length - 16));
    assert.equal((await get(media(video), { range: `bytes=${bytes.length + 10}-` })).status, 416);
  });

  test("thumbnails are made once, cached on disk, and revalidated by ETag", async () => {
    const photo = path.join(dir, "sample2.jpg");
    const url = `media/thumbnail?filepath=${encodeURIComponent(photo)}&size=256`;
    const res = await get(url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "image/jpeg");
    assert.match(res.headers.get("cache-control")!, /max-age=\d+/);
    const etag = res.headers.get("etag")!;
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    // sample2 is 1920×1367: the longest side becomes 256, the aspect stays.
    assert.equal(meta.width, 256);
    assert.equal(meta.height, Math.round((1367 * 256) / 1920));
    const cached = fs.readdirSync(path.join(home, "app", "thumbnails"), { recursive: true }).filter((f) => String(f).endsWith(".jpg"));
    assert.equal(cached.length, 1);
    assert.equal(await rawGet(`/${url}`, { "if-none-match": etag }), 304);
    assert.equal((await get(url)).headers.get("etag"), etag, "the same thumbnail from the cache");
    assert.equal((await get(`media/thumbnail?filepath=${encodeURIComponent(photo)}&size=77`)).status, 400);
  });

  test("the media route serves only the dataset's files: traversal, other files and symlinks get 404", async () => {
    fs.writeFileSync(path.join(dir, "secret.txt"), "not a sample");
    fs.symlinkSync("/etc", path.join(dir, "etc-link"));
    fs.symlinkSync("/etc/passwd", path.join(dir, "passwd.jpg"));
    const other = await Dataset.create("app-api-other");
    const otherDir = tempDir("modelzoo-app-other-");
    fs.copyFileSync(demoPhotos()[0]!, path.join(otherDir, "elsewhere.jpg"));
    await other.addImages([path.join(otherDir, "elsewhere.jpg")]);
    const refused = [
      `${dir}/../${path.basename(dir)}/sample1.jpg`, // resolves to a sample, but through ".."
      `${dir}/./sample1.jpg`,
      "/etc/passwd",
      "sample1.jpg",
      "../../../../etc/passwd",
      path.join(dir, "secret.txt"),
      path.join(dir, "etc-link", "passwd"),
      path.join(dir, "passwd.jpg"),
      path.join(otherDir, "elsewhere.jpg"),
      `${path.join(dir, "sample1.jpg")}\0.txt`,
      "",
    ];
    for (const p of refused) {
      assert.equal((await get(media(p))).status, 404, p);
      assert.equal((await get(`media/thumbnail?filepath=${encodeURIComponent(p)}`)).status, 404, `thumbnail of ${p}`);
    }
    assert.equal((await get("media")).status, 404);
    for (const raw of ["/media/../../../etc/passwd", "/media/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd", "/assets/../../../../etc/passwd"]) {
      assert.equal(await rawGet(raw), 404, raw);
    }
    assert.equal((await get(media(path.join(dir, "sample1.jpg")))).status, 200, "while the real sample is served");
  });

  test("embeddings are projected by PCA and coloured by a label field", async () => {
    const res = await post<EmbeddingsResponse>("api/embeddings", { field: "vec", colorBy: "ground_truth" });
    assert.equal(res.points.length, 6);
    assert.equal(res.missing, 1, "the video has no vector");
    assert.ok(res.explainedVariance![0] > 0.99, `one direction carries the variance: ${res.explainedVariance!.join(", ")}`);
    const ids = (await post<SamplesResponse>("api/samples", { offset: 0, limit: 6 })).samples.map((s) => s.id);
    const xs = ids.map((id) => res.points.find((p) => p.id === id)!.x);
    const steps = xs.slice(1).map((x, i) => x - xs[i]!);
    assert.ok(steps.every((d) => d > 0) || steps.every((d) => d < 0), `x follows i: ${xs.join(", ")}`);
    assert.ok(res.points.every((p) => p.label === "person"), "the most confident label colours a point");

    const bad = await fetch(new URL("api/embeddings", session.url), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ field: "ground_truth" }) });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /no embeddings field "ground_truth" \(it holds Detections\).*vec/);
  });

  test("a video's frames, with their labels filtered", async () => {
    const clip = (await post<SamplesResponse>("api/samples", { offset: 6, limit: 1 })).samples[0]!;
    const all = await post<FramesResponse>(`api/samples/${clip.id}/frames`, {});
    assert.deepEqual(Object.keys(all.frames), ["1", "2"]);
    const confident = await post<FramesResponse>(`api/samples/${clip.id}/frames`, { filter: { labels: { "frames.objects": { minConfidence: 0.5 } } } });
    assert.equal((confident.frames["1"]!.objects as Detections).detections.length, 1);
    assert.equal((confident.frames["2"]!.objects as Detections).detections.length, 0);
    const missing = await fetch(new URL("api/samples/0123456789abcdef01234567/frames", session.url), { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    assert.equal(missing.status, 404);
  });

  test("the dataset list, and switching to another dataset", async () => {
    const list = (await (await get("api/datasets")).json()) as { datasets: string[]; current: string };
    assert.deepEqual(list, { datasets: ["app-api", "app-api-other"], current: "app-api" });
    const res = await fetch(new URL("api/dataset", session.url), { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "app-api-othr" }) });
    assert.equal(res.status, 404);
    assert.match(((await res.json()) as { error: string }).error, /Did you mean "app-api-other"/);
  });

  test("launchApp refuses a taken port and a bad one with clear errors", async () => {
    await assert.rejects(launchApp(dataset, { port: session.port }), (e: unknown) => e instanceof AppPortError && e.message.includes(`127.0.0.1:${session.port}`) && /already in use/.test(e.message));
    await assert.rejects(launchApp(dataset, { port: 70000 }), AppOptionsError);
  });
});

describe("modelzoo app", () => {
  test("serves a dataset until interrupted", async () => {
    const ds = await Dataset.create("app-cli", { persistent: true });
    await ds.addImages([path.join(dir, "sample1.jpg")]);
    const child = spawn(process.execPath, [path.join(repoRoot, "bin", "modelzoo.js"), "app", "app-cli", "--port", "0"], {
      env: { ...process.env, MODELZOO_HOME: home },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    let out = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on("exit", () => reject(new Error(`modelzoo app exited: ${out}`)));
    });
    const view = (await (await fetch(new URL("api/view", url))).json()) as ViewInfo;
    assert.equal(view.dataset, "app-cli");
    assert.equal(view.count, 1);
    child.kill("SIGINT");
    assert.equal(await exited, 0);
  });

  test("a missing dataset fails with its name", async () => {
    const { runCli } = await import("../support/cli.js");
    const r = runCli(["app", "no-such-dataset", "--port", "0"], home);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Dataset "no-such-dataset" does not exist/);
  });
});

describe("the app's JSON API: brain runs", () => {
  test("stored visualizations, grid order by similarity and by a numeric field", async () => {
    const images = dataset.exists("vec");
    await images.computeVisualization({ embeddings: "vec", brainKey: "viz", method: "pca" });
    await images.computeSimilarity({ embeddings: "vec", brainKey: "sim" });
    await images.computeUniqueness({ embeddings: "vec" });
    assert.deepEqual(await (await get("api/brain")).json(), { similarity: [{ key: "sim", promptModel: false }], visualization: [{ key: "viz", method: "pca" }] });

    const viz = await post<EmbeddingsResponse>("api/embeddings", { brainKey: "viz", colorBy: "uniqueness" });
    assert.equal(viz.method, "pca");
    assert.equal(viz.points.length, 6);
    assert.equal(viz.missing, 1);
    assert.ok(viz.points.every((p) => typeof p.label === "number"), "a numeric field colours by value");

    const all = (await post<SamplesResponse>("api/samples", { offset: 0, limit: 7 })).samples;
    const similar = await post<SamplesResponse>("api/samples", { offset: 0, limit: 7, filter: { similar: { query: all[1]!.id, brainKey: "sim" } } });
    assert.equal(similar.total, 6, "the video has no vector, so it is not in the index");
    assert.equal(similar.samples[0]!.id, all[1]!.id, "the query sample first");
    const top2 = await post<SamplesResponse>("api/samples", { offset: 0, limit: 7, filter: { similar: { query: all[1]!.id, brainKey: "sim", k: 2 } } });
    assert.equal(top2.total, 2);

    const byUniqueness = (await post<SamplesResponse>("api/samples", { offset: 0, limit: 7, filter: { sortBy: { field: "uniqueness" } } })).samples;
    const u = byUniqueness.map((s) => s.uniqueness as number | undefined);
    assert.equal(u[0], 1);
    assert.ok(u.slice(0, 6).every((x, i) => i === 0 || x! <= u[i - 1]!), `highest first: ${u.join(", ")}`);
    assert.equal(base(byUniqueness[6]!), "clip.webm", "samples without a value last");

    const bad = await fetch(new URL("api/samples", session.url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ offset: 0, limit: 5, filter: { similar: { query: "a dog", brainKey: "sim" } } }),
    });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /text prompts need an index built with a prompt model/);

    // A patches view asked of an index over samples names the fix.
    const notPatches = await fetch(new URL("api/samples", session.url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ offset: 0, limit: 5, filter: { similarPatches: { query: all[0]!.id, brainKey: "sim" } } }),
    });
    assert.equal(notPatches.status, 400);
    assert.match(((await notPatches.json()) as { error: string }).error, /indexes samples, not objects; build one with computeSimilarity\(\{ patchesField/);
  });
});
