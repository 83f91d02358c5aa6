import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import yazl from "yazl";

/** A local static file server standing in for a dataset host (127.0.0.1, a free port). */
export interface Mirror {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Requests per path. */
  hits: Map<string, number>;
  /** Range headers received per path. */
  ranges: Map<string, string[]>;
  /** Paths whose next answer sends half the body, then drops the connection. */
  dropOnce: Set<string>;
  /** Milliseconds to wait before answering (a slow host). Default 0. */
  delayMs: number;
  /** Requests to paths starting with `prefix`. */
  count(prefix: string): number;
  /** Stops the server. */
  close(): Promise<void>;
}

/**
 * Serves the files under `root` with Range support (206 answers, 416 past the end)
 * and 404 for anything else, counting requests so that tests can tell what was
 * downloaded and what was resumed.
 */
export async function startMirror(root: string): Promise<Mirror> {
  const hits = new Map<string, number>();
  const ranges = new Map<string, string[]>();
  const dropOnce = new Set<string>();
  const mirror = { delayMs: 0 };
  const server = http.createServer((req, res) => {
    if (mirror.delayMs > 0) setTimeout(() => answer(req, res), mirror.delayMs);
    else answer(req, res);
  });
  const answer = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = decodeURIComponent((req.url ?? "/").split("?")[0]!);
    hits.set(url, (hits.get(url) ?? 0) + 1);
    const file = path.join(root, url);
    if (!file.startsWith(root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return res.writeHead(404).end();
    const body = fs.readFileSync(file);
    if (req.headers.range) ranges.set(url, [...(ranges.get(url) ?? []), req.headers.range]);
    if (dropOnce.delete(url)) {
      res.writeHead(200, { "content-length": body.length });
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    const from = Number(/bytes=(\d+)-/.exec(req.headers.range ?? "")?.[1] ?? 0);
    if (from >= body.length && from > 0) return res.writeHead(416, { "content-range": `bytes */${body.length}` }).end();
    res.writeHead(from > 0 ? 206 : 200, {
      "content-length": body.length - from,
      ...(from > 0 ? { "content-range": `bytes ${from}-${body.length - 1}/${body.length}` } : {}),
    });
    res.end(body.subarray(from));
  };
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return Object.assign(mirror, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    ranges,
    dropOnce,
    count: (prefix: string) => [...hits].filter(([p]) => p.startsWith(prefix)).reduce((n, [, k]) => n + k, 0),
    close: () => new Promise<void>((r) => server.close(() => r())),
  });
}

/** Writes a zip file holding `entries` (name → content), deflated unless `compress` is false. */
export async function writeZip(file: string, entries: Record<string, string | Buffer>, compress = true): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(entries)) zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name, { compress });
  zip.end();
  await new Promise<void>((resolve, reject) => {
    zip.outputStream.pipe(fs.createWriteStream(file)).on("close", resolve).on("error", reject);
  });
}

/** The quickstart's hand-drawn person boxes (relative), by photo name. */
export function quickstartBoxes(): Record<string, [number, number, number, number][]> {
  const file = path.resolve(import.meta.dirname, "../../src/zoo/datasets/sources/quickstart-ground-truth.json");
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as { images: Record<string, { boundingBox: [number, number, number, number] }[]> };
  return Object.fromEntries(Object.entries(json.images).map(([k, v]) => [k, v.map((o) => o.boundingBox)]));
}

/** Pixel sizes of the six demo photos (width, height). */
export const DEMO_SIZES: [number, number][] = [
  [1920, 1280],
  [1920, 1367],
  [1920, 1350],
  [1920, 1448],
  [1920, 1398],
  [1920, 1537],
];
