import assert from "node:assert/strict";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import sharp from "sharp";
import { Array2D, BaseModel, Dataset, Heatmap, Sample, Segmentation, type ModelOutput, type RgbImage } from "../../src/index.js";
import { allowedHosts } from "../../src/app/host-check.js";
import { buildServer } from "../../src/app/server.js";
import { ViewState } from "../../src/app/view-state.js";
import { demoPhotos, tempDir, useTempHome } from "../support/env.js";
import { HOSTILE_HOSTS, HOSTILE_LABEL_PATHS, HOSTILE_ORIGINS } from "./cases.js";

/*
 * The app's server against a hostile dataset and hostile pages, through fastify's
 * inject (listening on 127.0.0.1, so the port is real). Before: a label's maskPath
 * could name any file (~/.ssh/id_rsa) and /media served it; any Host and Origin were
 * answered, so a DNS-rebinding page could read /api/*.
 */

useTempHome();
const media = tempDir("modelzoo-media-");
const out = tempDir("modelzoo-outside-");
const masksOut = tempDir("modelzoo-masks-out-");
const SECRET = "-----BEGIN OPENSSH PRIVATE KEY----- not really";
let app: FastifyInstance;
let port = 0;
let good = "";
const resolvePath = (p: string) => p.replace("MEDIA", media).replace("OUT", out);

/** Marks pixels brighter than the image's mean: a real function of the pixels, enough to make mask files. */
class BrightSegmenter extends BaseModel {
  readonly name = "bright-segmenter";
  protected doLoad(): Promise<void> {
    return Promise.resolve();
  }
  protected doDispose(): Promise<void> {
    return Promise.resolve();
  }
  predict(img: RgbImage): Promise<ModelOutput> {
    const mask = Array2D.zeros(img.height, img.width, "uint8");
    let mean = 0;
    for (const v of img.data) mean += v / img.data.length;
    for (let i = 0; i < img.width * img.height; i++) mask.data[i] = img.data[i * 3]! > mean ? 1 : 0;
    return Promise.resolve(new Segmentation({ mask }));
  }
}

before(async () => {
  const [a, b] = demoPhotos();
  fs.copyFileSync(a!, path.join(media, "a.jpg"));
  fs.copyFileSync(b!, path.join(media, "b.jpg"));
  fs.mkdirSync(path.join(media, "masks"));
  await sharp({ create: { width: 4, height: 4, channels: 3, background: "#000" } }).png().toFile(path.join(media, "masks", "a.png"));
  fs.writeFileSync(path.join(media, "notes.txt"), SECRET);
  fs.writeFileSync(path.join(out, "id_rsa"), SECRET);
  await sharp({ create: { width: 4, height: 4, channels: 3, background: "#090909" } }).png().toFile(path.join(out, "elsewhere.png"));
  fs.symlinkSync(path.join(out, "id_rsa"), path.join(media, "link.png"));

  const ds = await Dataset.create("app-security");
  const hostile = HOSTILE_LABEL_PATHS.map((c, i): [string, Heatmap | Segmentation] => [
    `hostile_${i}`,
    i % 2 ? new Heatmap({ mapPath: resolvePath(c.path) }) : new Segmentation({ maskPath: resolvePath(c.path) }),
  ]);
  await ds.addSamples([
    new Sample({ filepath: path.join(media, "a.jpg"), seg: new Segmentation({ maskPath: path.join(media, "masks", "a.png") }), ...Object.fromEntries(hostile) }),
    new Sample({ filepath: path.join(media, "b.jpg") }),
  ]);
  await ds.applyModel(new BrightSegmenter(), { labelField: "bright", outputDir: masksOut });

  const page = tempDir("modelzoo-page-");
  fs.writeFileSync(path.join(page, "index.html"), "<!doctype html><title>app</title>");
  app = (await buildServer(new ViewState(ds), page, "127.0.0.1")).app;
  await app.listen({ port: 0, host: "127.0.0.1" });
  port = (app.server.address() as AddressInfo).port;
  good = `127.0.0.1:${port}`;
});
after(() => app.close());

const media_ = (filepath: string, host = good) => app.inject({ method: "GET", url: `/media?filepath=${encodeURIComponent(filepath)}`, headers: { host } });

describe("label files: only images inside the dataset's media or output folders", () => {
  test("a mask inside the media folder and the masks applyModel wrote to its outputDir are served", async () => {
    const inMedia = await media_(path.join(media, "masks", "a.png"));
    assert.equal(inMedia.statusCode, 200);
    assert.equal(inMedia.headers["content-type"], "image/png");
    const written = fs.readdirSync(path.join(masksOut, "bright")).map((f) => path.join(masksOut, "bright", f));
    assert.equal(written.length, 2);
    for (const file of written) assert.equal((await media_(file)).statusCode, 200, file);
  });

  for (const c of HOSTILE_LABEL_PATHS) {
    test(`${c.what} is not served`, async () => {
      const res = await media_(resolvePath(c.path));
      assert.equal(res.statusCode, 404, res.body);
      assert.ok(!res.body.includes(SECRET));
    });
  }
});

describe("requests for another host or from another origin (DNS rebinding, cross-site)", () => {
  test("the bound address and the loopback names with the port are answered", async () => {
    for (const host of [good, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      assert.equal((await app.inject({ method: "GET", url: "/api/view", headers: { host } })).statusCode, 200, host);
    }
    const page = await app.inject({ method: "POST", url: "/api/samples", headers: { host: good, origin: `http://${good}` }, payload: { offset: 0, limit: 1 } });
    assert.equal(page.statusCode, 200, page.body);
  });

  for (const h of HOSTILE_HOSTS) {
    test(`Host ${JSON.stringify(h)} is refused on the API, media and page`, async () => {
      const host = h.replace("PORT", String(port));
      for (const url of ["/api/view", `/media?filepath=${encodeURIComponent(path.join(media, "a.jpg"))}`, "/"]) {
        const res = await app.inject({ method: "GET", url, headers: { host } });
        assert.equal(res.statusCode, 403, `${url}: ${res.statusCode}`);
        assert.match(res.body, /not this app's address/);
      }
    });
  }

  for (const o of HOSTILE_ORIGINS) {
    test(`Origin ${JSON.stringify(o)} is refused`, async () => {
      const origin = o.replace("PORT", String(port));
      const res = await app.inject({ method: "POST", url: "/api/samples", headers: { host: good, origin }, payload: { offset: 0, limit: 1 } });
      assert.equal(res.statusCode, 403, res.body);
      assert.match(res.body, /only the app's own page/);
    });
  }

  test("bound to every interface, the machine's own names are allowed, and still no other", () => {
    const hosts = allowedHosts("0.0.0.0", 5151);
    assert.ok(hosts.has("localhost:5151") && hosts.has("127.0.0.1:5151"));
    assert.ok(!hosts.has("evil.example:5151") && !hosts.has("0.0.0.0:5151"));
    assert.ok(allowedHosts("127.0.0.1", 80).has("localhost"), "the default port may be left out");
  });
});
