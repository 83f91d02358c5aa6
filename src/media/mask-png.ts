import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { Array2D } from "../labels/index.js";
import { ImageDecodeError, ImageNotFoundError, MediaArgumentError } from "./errors.js";

/**
 * Writes an integer mask (class ids) as a single-channel PNG: 8-bit for uint8 masks,
 * 16-bit for uint16 — lossless, so `readMaskPng` gives back the same ids. The file is
 * written next to its final name and renamed, so a crash leaves no half PNG.
 */
export async function writeMaskPng(mask: Array2D, file: string): Promise<void> {
  if (mask.dtype !== "uint8" && mask.dtype !== "uint16") {
    throw new MediaArgumentError(`Cannot write ${file}: only uint8 and uint16 masks can be written as PNG, not ${mask.dtype}. Convert the mask to class ids first.`);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const image = sharp(mask.data, { raw: { width: mask.width, height: mask.height, channels: 1 } });
  await (mask.dtype === "uint16" ? image.toColourspace("grey16") : image.toColourspace("b-w")).png().toFile(tmp);
  fs.renameSync(tmp, file);
}

/** Reads a mask PNG written by {@link writeMaskPng} (or any 8/16-bit grayscale PNG) into an `Array2D`. */
export async function readMaskPng(file: string): Promise<Array2D> {
  if (!fs.existsSync(file)) throw new ImageNotFoundError(file);
  try {
    const meta = await sharp(file).metadata();
    const deep = meta.depth === "ushort";
    const { data, info } = await sharp(file)
      .toColourspace(deep ? "grey16" : "b-w")
      .raw({ depth: deep ? "ushort" : "uchar" })
      .toBuffer({ resolveWithObject: true });
    const values = deep ? new Uint16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)) : new Uint8Array(data);
    return new Array2D(info.height, info.width, values);
  } catch (err) {
    throw new ImageDecodeError(file, (err as Error).message.split("\n")[0]!, { cause: err });
  }
}
