import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { tempDir } from "./env.js";

/**
 * A local stand-in for the Hugging Face hub on 127.0.0.1 (a free port): files put with
 * {@link HfMirror.put} are served at `/<repo>/resolve/<revision>/<path>` with a
 * Content-Length, as the hub's resolve URLs answer; anything else is a 404. Point
 * `HF_ENDPOINT` at {@link HfMirror.endpoint} to download from it.
 */
export class HfMirror {
  /** Requests per URL path. */
  readonly hits = new Map<string, number>();
  private readonly root = tempDir("modelzoo-hf-mirror-");
  private readonly server = http.createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? "").split("?")[0]!);
    this.hits.set(url, (this.hits.get(url) ?? 0) + 1);
    const m = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url);
    const file = m ? path.join(this.root, m[1]!, m[2]!, m[3]!) : undefined;
    if (!file || !fs.existsSync(file)) return res.writeHead(404).end("Entry not found");
    const body = fs.readFileSync(file);
    res.writeHead(200, { "content-length": body.length, "content-type": "application/octet-stream" });
    res.end(body);
  });
  /** `http://127.0.0.1:<port>` once started. */
  endpoint = "";

  /** Starts listening on a free port of 127.0.0.1. */
  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Serves `data` as `file` of `repo` at `revision`. */
  put(repo: string, revision: string, file: string, data: Uint8Array | string): void {
    const to = path.join(this.root, repo, revision, file);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.writeFileSync(to, data);
  }

  /** Requests for one file of a repo so far. */
  hitsOf(repo: string, revision: string, file: string): number {
    return this.hits.get(`/${repo}/resolve/${revision}/${file}`) ?? 0;
  }

  /** Stops the server. */
  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}
