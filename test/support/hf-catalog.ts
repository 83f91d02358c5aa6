import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { zoo, type ZooModelEntry } from "../../src/index.js";
import { tempDir } from "./env.js";
import type { HfMirror } from "./hf-mirror.js";

/** The hf source of a catalog entry. */
export function hfSource(name: string): Extract<ZooModelEntry["source"], { type: "hf" }> {
  const source = zoo.getZooModel(name).source;
  if (source.type !== "hf") throw new Error(`${name} is not a Hugging Face entry`);
  return source;
}

/** Serves `files` (path → bytes) on the mirror under the repo and revision of catalog entry `name`. */
export function mirrorEntry(mirror: HfMirror, name: string, files: Record<string, Uint8Array | string>): void {
  const source = hfSource(name);
  for (const f of source.files) {
    const data = files[f.path];
    if (data === undefined) throw new Error(`the test gives no ${f.path} for ${name}`);
    mirror.put(source.repo, source.revision, f.path, data);
  }
}

/**
 * Registers (as a user's manifest source) a copy of catalog entry `name` under `newName`
 * with its pinned sha256 and size removed — for entries whose real checksums a
 * generated stand-in file cannot match.
 */
export async function registerUnpinnedCopy(name: string, newName: string): Promise<void> {
  const entry = structuredClone(zoo.getZooModel(name));
  entry.name = newName;
  entry.source.files = entry.source.files.map((f) => ({ path: f.path }));
  delete entry.sizeBytes;
  const dir = tempDir("modelzoo-unpinned-");
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ models: [entry] }));
  await zoo.registerZooModelSource(dir);
}

/** Writes a solid-colour PNG. */
export async function solidImage(file: string, rgb: readonly [number, number, number], width = 64, height = 48): Promise<string> {
  await sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } }).png().toFile(file);
  return file;
}

/** Writes a PNG whose left half is red and right half blue. */
export async function redBlueImage(file: string, width: number, height: number): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width / 2}" height="${height}" fill="#ff0000"/><rect x="${width / 2}" width="${width / 2}" height="${height}" fill="#0000ff"/></svg>`;
  await sharp(Buffer.from(svg)).png().toFile(file);
  return file;
}

/** Writes a PNG whose red channel rises from 0 (left) to 255 (right). */
export async function redGradientImage(file: string, width: number, height: number): Promise<string> {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[(y * width + x) * 3] = Math.round((255 * x) / (width - 1));
  await sharp(data, { raw: { width, height, channels: 3 } }).png().toFile(file);
  return file;
}
