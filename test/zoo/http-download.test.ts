import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { ChecksumMismatchError, DownloadError, zoo, type ZooModelEntry } from "../../src/index.js";
import { downloadEntry } from "../../src/zoo/models/download.js";
import { downloadFile } from "../../src/zoo/models/sources/http-source.js";
import { tempDir, useTempHome } from "../support/env.js";

const home = useTempHome();
const dir = tempDir("modelzoo-http-");
const body = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7) % 251));
const file = { path: "w.bin", size: body.length, sha256: createHash("sha256").update(body).digest("hex") };
const hits = new Map<string, number>();
let base = "";
let lastRange: string | undefined;

/** A local file server with one misbehaviour per path. */
const server = http.createServer((req, res) => {
  const url = req.url ?? "";
  const n = (hits.get(url) ?? 0) + 1;
  hits.set(url, n);
  const range = /bytes=(\d+)-/.exec(req.headers.range ?? "");
  const from = range ? Number(range[1]) : 0;
  if (url.startsWith("/ok/") || (url.startsWith("/drop/") && n > 1) || (url.startsWith("/flaky/") && n > 1) || (url.startsWith("/short/") && n > 1)) {
    lastRange = req.headers.range;
    res.writeHead(from > 0 ? 206 : 200, { "content-length": body.length - from, ...(from > 0 ? { "content-range": `bytes ${from}-${body.length - 1}/${body.length}` } : {}) });
    return res.end(body.subarray(from));
  }
  if (url.startsWith("/drop/")) {
    // First attempt: half the body, then the connection drops.
    res.writeHead(200, { "content-length": body.length });
    res.write(body.subarray(0, 100_000));
    return setTimeout(() => res.socket?.destroy(), 20);
  }
  if (url.startsWith("/short/")) {
    // First attempt: a body shorter than the file, with a content-length that says so.
    res.writeHead(200, { "content-length": 50_000 });
    return res.end(body.subarray(0, 50_000));
  }
  if (url.startsWith("/flaky/")) return res.writeHead(503).end("busy");
  if (url.startsWith("/moved/")) return res.writeHead(302, { location: "/ok/w.bin" }).end();
  if (url.startsWith("/private/")) return res.writeHead(401).end();
  res.writeHead(404).end();
});

before(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

const fast = { backoffMs: 10, retries: 3 };

describe("HTTP downloads", () => {
  test("a dropped connection resumes with a Range request", async () => {
    const dest = path.join(dir, "drop.bin");
    await downloadFile(`${base}/drop/w.bin`, dest, file, fast);
    assert.deepEqual(fs.readFileSync(dest), body);
    assert.equal(hits.get("/drop/w.bin"), 2);
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(lastRange ?? "")?.[1]);
    assert.ok(resumedAt > 0 && resumedAt <= 100_000, `only the missing part was asked for (${lastRange})`);
  });

  test("a truncated body is completed on the next attempt", async () => {
    const dest = path.join(dir, "short.bin");
    await downloadFile(`${base}/short/w.bin`, dest, file, fast);
    assert.deepEqual(fs.readFileSync(dest), body);
    assert.equal(lastRange, "bytes=50000-");
  });

  test("500s are retried, redirects followed", async () => {
    await downloadFile(`${base}/flaky/w.bin`, path.join(dir, "flaky.bin"), file, fast);
    assert.equal(hits.get("/flaky/w.bin"), 2);
    await downloadFile(`${base}/moved/w.bin`, path.join(dir, "moved.bin"), file, fast);
    assert.deepEqual(fs.readFileSync(path.join(dir, "moved.bin")), body);
  });

  test("404 and 401 fail at once with the URL; the hint for 401 names HF_TOKEN", async () => {
    await assert.rejects(() => downloadFile(`${base}/nope/w.bin`, path.join(dir, "x.bin"), file, fast), (e: unknown) => e instanceof DownloadError && /\/nope\/w\.bin answered 404/.test(e.message));
    assert.equal(hits.get("/nope/w.bin"), 1, "not retried");
    await assert.rejects(() => downloadFile(`${base}/private/w.bin`, path.join(dir, "y.bin"), file, fast), /HF_TOKEN/);
  });

  test("an http-sourced model is verified; a wrong checksum keeps nothing", async () => {
    const entry: ZooModelEntry = structuredClone(zoo.getZooModel("paddleocr-mobile-v2-cls-ch-onnx"));
    entry.name = "http-test-onnx";
    entry.source = { type: "http", baseUrl: `${base}/ok/`, files: [file] };
    const target = await downloadEntry(entry);
    assert.deepEqual(fs.readFileSync(path.join(target, "w.bin")), body);
    const bad: ZooModelEntry = structuredClone(entry);
    bad.name = "http-bad-onnx";
    bad.source.files[0]!.sha256 = "f".repeat(64);
    await assert.rejects(() => downloadEntry(bad), ChecksumMismatchError);
    assert.ok(!fs.existsSync(path.join(home, "models", "http-bad-onnx")));
    assert.deepEqual(fs.readdirSync(path.join(home, "models")).filter((f) => f.startsWith(".")), [], "no staging folder left");
  });

  test("a Hugging Face source resolves to /<repo>/resolve/<revision>/<file> with the token", async () => {
    let auth: string | undefined;
    let seenUrl: string | undefined;
    const hf = http.createServer((req, res) => {
      auth = req.headers.authorization;
      seenUrl = req.url;
      res.end(body);
    });
    await new Promise<void>((r) => hf.listen(0, "127.0.0.1", r));
    process.env.HF_ENDPOINT = `http://127.0.0.1:${(hf.address() as AddressInfo).port}`;
    process.env.HF_TOKEN = "hf_test_token";
    try {
      const entry: ZooModelEntry = structuredClone(zoo.getZooModel("paddleocr-mobile-v2-cls-ch-onnx"));
      entry.name = "hf-test-onnx";
      entry.source = { type: "hf", repo: "someone/model", revision: "abc123", files: [{ ...file, path: "onnx/w.bin" }] };
      await downloadEntry(entry);
      assert.equal(seenUrl, "/someone/model/resolve/abc123/onnx/w.bin");
      assert.equal(auth, "Bearer hf_test_token");
    } finally {
      delete process.env.HF_ENDPOINT;
      delete process.env.HF_TOKEN;
      hf.close();
    }
  });
});
