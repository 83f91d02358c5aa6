// Makes the derived corpus images (test/corpus/derived-*) from real photos of the corpus:
// EXIF-rotated copies, tiny and large resizes, a PNG with an alpha channel.
// Run once: npx tsx bench/agreement/make-derived.ts (the outputs are committed).
import path from "node:path";
import { createRequire } from "node:module";
import sharp from "sharp";

const dir = path.join(import.meta.dirname, "..", "..", "test", "corpus");
const faceApiDemo = path.join(path.dirname(createRequire(import.meta.url).resolve("@vladmandic/face-api/package.json")), "demo");

// EXIF orientation 6: the pixels are stored rotated 90° counter-clockwise; a viewer (and decodeImage) turns them upright.
await sharp(path.join(dir, "skimage-astronaut.png")).rotate(-90).jpeg({ quality: 92 }).withMetadata({ orientation: 6 }).toFile(path.join(dir, "derived-astronaut-exif6.jpg"));
// Orientation 3: stored upside down.
await sharp(path.join(faceApiDemo, "sample3.jpg")).rotate(180).jpeg({ quality: 92 }).withMetadata({ orientation: 3 }).toFile(path.join(dir, "derived-sample3-exif3.jpg"));
// Orientation 8: stored rotated 90° clockwise.
await sharp(path.join(dir, "opencv-home.jpg")).rotate(90).jpeg({ quality: 92 }).withMetadata({ orientation: 8 }).toFile(path.join(dir, "derived-home-exif8.jpg"));
// Tiny: under 200 px.
await sharp(path.join(dir, "skimage-chelsea.png")).resize(160).png().toFile(path.join(dir, "derived-chelsea-tiny.png"));
await sharp(path.join(faceApiDemo, "sample2.jpg")).resize(190).jpeg({ quality: 90 }).toFile(path.join(dir, "derived-sample2-tiny.jpg"));
// Large: no free photo over 4,000 px is in the sources, so a street photo upscaled (lanczos) to 4,800 px wide.
await sharp(path.join(dir, "opencv-leuvenA.jpg")).resize(4800, undefined, { kernel: "lanczos3" }).jpeg({ quality: 80 }).toFile(path.join(dir, "derived-leuven-large.jpg"));
// PNG with alpha: the coffee photo with a transparent border fading in (an elliptic alpha mask).
const coffee = sharp(path.join(dir, "skimage-coffee.png"));
const { width = 600, height = 400 } = await coffee.metadata();
const mask = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><radialGradient id="g"><stop offset="0.7" stop-color="#fff"/><stop offset="1" stop-color="#000"/></radialGradient></defs><ellipse cx="${width / 2}" cy="${height / 2}" rx="${width / 2}" ry="${height / 2}" fill="url(#g)"/></svg>`);
const alpha = await sharp(mask).resize(width, height).greyscale().raw().toBuffer();
const rgb = await coffee.removeAlpha().raw().toBuffer();
const rgba = Buffer.alloc(width * height * 4);
for (let i = 0; i < width * height; i++) {
  rgb.copy(rgba, 4 * i, 3 * i, 3 * i + 3);
  rgba[4 * i + 3] = alpha[i]!;
}
await sharp(rgba, { raw: { width, height, channels: 4 } }).png().toFile(path.join(dir, "derived-coffee-alpha.png"));
console.log("derived corpus images written to", dir);
