// Helpers shared by the media tests: temp dirs, the demo photos, tiny synthetic images.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { createRequire } from "node:module";
import type { RgbImage } from "../../src/media/index.js";

/** A fresh temporary folder for generated files (never inside the repository). */
export function mediaTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "modelzoo-media-"));
}

/** The six real JPEG photos shipped in @vladmandic/face-api's demo folder. */
export function demoPhotos(): string[] {
  const dir = path.join(path.dirname(createRequire(import.meta.url).resolve("@vladmandic/face-api/package.json")), "demo");
  return [1, 2, 3, 4, 5, 6].map((i) => path.join(dir, `sample${i}.jpg`));
}

/** A w×h image whose pixel (x, y) is [x, y, 7]: every pixel says where it came from. */
export function coordImage(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([x, y, 7], (y * width + x) * 3);
  return { data, width, height, channels: 3 };
}

/** A w×h image of one colour. */
export function solidImage(width: number, height: number, rgb: readonly [number, number, number]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) data.set(rgb, i);
  return { data, width, height, channels: 3 };
}

/** The [r, g, b] of pixel (x, y). */
export function pixelAt(image: RgbImage, x: number, y: number): number[] {
  const i = (y * image.width + x) * 3;
  return Array.from(image.data.subarray(i, i + 3));
}

/** Asserts-friendly check that two colours differ by at most `tolerance` per channel. */
export function near(actual: readonly number[], expected: readonly number[], tolerance: number): boolean {
  return actual.length === expected.length && actual.every((v, i) => Math.abs(v - expected[i]!) <= tolerance);
}

/** PNG colour types. */
export const PNG_GRAY = 0;
export const PNG_RGB = 2;
export const PNG_PALETTE = 3;
export const PNG_GRAY_ALPHA = 4;

/**
 * A PNG written byte by byte, so that tests control exactly what the file holds
 * (bit depth, colour type, palette) instead of trusting an encoder. Each row is
 * given already packed, without its filter byte (filter 0 is added).
 */
export function encodePng(
  width: number,
  height: number,
  colourType: number,
  bitDepth: number,
  rows: readonly Uint8Array[],
  extraChunks: readonly [string, Uint8Array][] = [],
): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([bitDepth, colourType, 0, 0, 0], 8);
  const scanlines = Buffer.concat(rows.flatMap((row) => [Buffer.from([0]), row]));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    ...extraChunks.map(([type, data]) => pngChunk(type, data)),
    pngChunk("IDAT", zlib.deflateSync(scanlines, { level: 9 })),
    pngChunk("IEND", new Uint8Array(0)),
  ]);
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Big-endian 16-bit samples, as a 16-bit PNG row holds them. */
export function be16(...values: number[]): Uint8Array {
  const b = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => b.writeUInt16BE(v, i * 2));
  return b;
}
