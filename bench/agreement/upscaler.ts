// UpscalerJS (`upscaler` running the @upscalerjs/* model definitions) against the zoo's ESRGAN
// entries: the same weights on the same pixels, compared pixel by pixel.
import sharp from "sharp";
import { zoo, type ImageOutput, type RgbImage } from "../../src/index.js";
import { upscalerReference, type UpscalerPackage } from "../../test/support/upscaler-reference.js";
import type { CorpusImage } from "./corpus.js";
import { meets, type AgreementRow } from "./rows.js";

/** The entries compared: zoo name → package and scale. */
export const UPSCALER_MODELS: Record<string, { pkg: UpscalerPackage; scale: 2 | 3 | 4 | 8 }> = Object.fromEntries(
  (["esrgan-slim", "esrgan-medium", "esrgan-thick"] as const).flatMap((size) =>
    ([2, 3, 4, 8] as const).map((scale) => [`${size}-x${scale}-div2k-tfjs`, { pkg: `@upscalerjs/${size}` as UpscalerPackage, scale }]),
  ),
);

/**
 * Super-resolution takes small images: each corpus photo is shrunk (sharp, EXIF applied,
 * alpha dropped) to at most `LONG_SIDE` px on its long side, and both sides get those
 * pixels. Windows of `PATCH` px overlapping by `PADDING` px (given to both) make
 * every image but the tiny ones several windows, so the tiling is compared too.
 */
export const LONG_SIDE = 48;
export const PATCH = 24;
export const PADDING = 4;

/** A corpus image as the super-resolution checks feed it. */
export async function smallImage(file: string, longSide = LONG_SIDE): Promise<RgbImage> {
  const { data, info } = await sharp(file)
    .rotate()
    .resize(longSide, longSide, { fit: "inside", withoutEnlargement: true })
    .removeAlpha()
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height, channels: 3 };
}

/** PSNR (dB, 100 when identical) and the largest difference of two 8-bit images, upstream's floats rounded as a PNG would store them. */
export function compareImages(ours: Uint8Array, theirs: Float32Array): { psnr: number; maxAbsDiff: number } {
  let se = 0;
  let max = 0;
  for (let i = 0; i < ours.length; i++) {
    const d = ours[i]! - Math.round(Math.min(255, Math.max(0, theirs[i]!)));
    se += d * d;
    max = Math.max(max, Math.abs(d));
  }
  const mse = se / ours.length;
  return { psnr: mse === 0 ? 100 : Math.min(100, 10 * Math.log10((255 * 255) / mse)), maxAbsDiff: max };
}

/** One row per entry: our output image against upscaler's on each image. */
export async function upscalerRows(entries: readonly string[], images: readonly CorpusImage[], log: (s: string) => void): Promise<AgreementRow[]> {
  const small = await Promise.all(images.map((i) => smallImage(i.file)));
  const rows: AgreementRow[] = [];
  for (const entry of entries) {
    const { pkg, scale } = UPSCALER_MODELS[entry]!;
    const reference = await upscalerReference(pkg, scale);
    const model = await zoo.loadZooModel(entry, { upscale: { patchSize: PATCH, padding: PADDING } });
    let worst = 100;
    let maxAbsDiff = 0;
    let identical = 0;
    try {
      for (const [k, image] of small.entries()) {
        const theirs = await reference.upscale(image, { patchSize: PATCH, padding: PADDING });
        const ours = (await model.predict(image)) as ImageOutput;
        if (ours.width !== theirs.width || ours.height !== theirs.height) throw new Error(`${entry} ${images[k]!.name}: ours ${ours.width}×${ours.height}, upscaler ${theirs.width}×${theirs.height}`);
        const c = compareImages(ours.image!.data, theirs.data);
        if (c.psnr >= 100) identical++;
        if (c.psnr >= 100) log(`  ${entry} ${images[k]!.name} (${image.width}×${image.height}): identical`);
        else log(`  ${entry} ${images[k]!.name} (${image.width}×${image.height}): PSNR ${c.psnr.toFixed(1)} dB, max difference ${c.maxAbsDiff}`);
        worst = Math.min(worst, c.psnr);
        maxAbsDiff = Math.max(maxAbsDiff, c.maxAbsDiff);
      }
    } finally {
      await model.dispose();
      await reference.dispose();
    }
    const values = { worstPsnr: Number(worst.toFixed(2)), maxAbsDiff, identical: identical / small.length };
    rows.push({ model: entry, upstream: "upscaler", measure: "image", images: images.length, values, pass: meets("image", values) });
  }
  return rows;
}
