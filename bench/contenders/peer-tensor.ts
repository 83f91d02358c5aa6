import sharp from "sharp";
import type * as TfCore from "@tensorflow/tfjs-core";

/** How a "done well" peer decodes: its shorter side shrunk to `size` pixels (sharp's JPEG shrink-on-load), aspect ratio kept, so the peer's own resize only shrinks further. */
export interface TunedDecode {
  /** The model's input side in pixels. */
  size: number;
}

/** Decoded RGB pixels of a photo (EXIF-rotated), optionally shrunk to fit `size`. */
export async function decodeRgb(file: string, tuned?: TunedDecode): Promise<{ data: Buffer; width: number; height: number }> {
  let pipeline = sharp(file).rotate();
  // `fit: outside`: the peer's own resize (letterbox or stretch) then works on a small image and never enlarges.
  if (tuned) pipeline = pipeline.resize(tuned.size, tuned.size, { fit: "outside", withoutEnlargement: true });
  const { data, info } = await pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * How a Node user feeds a TF.js library without tfjs-node: read the file, decode it
 * with sharp (EXIF-rotated, RGB) and wrap the pixels in a `[height, width, 3]` tensor.
 * With `tuned`, the photo is decoded at the model's size (shrink-on-load).
 */
export async function fileToTensor(tf: typeof TfCore, file: string, tuned?: TunedDecode): Promise<TfCore.Tensor3D> {
  const { data, width, height } = await decodeRgb(file, tuned);
  return tf.tensor3d(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), [height, width, 3], "int32");
}

/**
 * Runs `infer` on every file in order. Stock: decode, infer, next. With `ahead`, the
 * next file's decode (sharp, on libuv's threads) starts before the current one infers:
 * one image decoded ahead, as modelzoo's pipeline does. Returns the sum of what `infer` found.
 */
export async function eachDecoded<T>(files: readonly string[], decode: (file: string) => Promise<T>, infer: (decoded: T) => Promise<number>, ahead: boolean): Promise<number> {
  let found = 0;
  if (!ahead) {
    for (const f of files) found += await infer(await decode(f));
    return found;
  }
  let next: Promise<T> | undefined = files.length ? decode(files[0]!) : undefined;
  for (let i = 0; i < files.length; i++) {
    const current = await next!;
    next = i + 1 < files.length ? decode(files[i + 1]!) : undefined;
    // A rejected decode ahead is awaited (and thrown) on the next turn; keep it from being reported as unhandled meanwhile.
    next?.catch(() => undefined);
    found += await infer(current);
  }
  return found;
}

/**
 * Runs `each` over `files` and sums what it returns (what a peer found): one photo at a
 * time with one lane (stock), or with `lanes` photos in flight (done well: one decodes
 * while another infers).
 */
export async function sumOverFiles(files: readonly string[], each: (file: string) => Promise<number>, lanes = 1): Promise<number> {
  let found = 0;
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const n = await each(files[next++]!); // not `found += await …`, which would read `found` before another lane adds to it
      found += n;
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return found;
}
