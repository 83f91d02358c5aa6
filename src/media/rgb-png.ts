import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { MediaArgumentError } from "./errors.js";

/**
 * Writes 8-bit RGB pixels (HWC, `width·height·3` bytes) as a PNG — lossless, so reading
 * it back gives the same pixels. Written next to its final name and renamed, so a
 * crash leaves no half file.
 */
export async function writeRgbPng(image: { data: Uint8Array; width: number; height: number }, file: string): Promise<void> {
  if (image.data.length !== image.width * image.height * 3) {
    throw new MediaArgumentError(`Cannot write ${file}: ${image.data.length} bytes are not ${image.width}×${image.height} RGB pixels (${image.width * image.height * 3} bytes).`);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 }, limitInputPixels: false }).png().toFile(tmp);
  fs.renameSync(tmp, file);
}
