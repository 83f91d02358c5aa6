import { assertRgbImage, type RgbImage } from "./rgb-image.js";

/**
 * The image mirrored left to right (a copy): for models trained on one side only, such
 * as MediaPipe's iris model, which sees left eyes and is given mirrored right eyes.
 *
 * @throws MediaArgumentError for a malformed image
 */
export function mirrorImage(image: RgbImage): RgbImage {
  assertRgbImage(image, "mirrorImage");
  const { width, height } = image;
  const data = new Uint8Array(image.data.length);
  for (let y = 0; y < height; y++) {
    const row = y * width * 3;
    for (let x = 0; x < width; x++) {
      const from = row + (width - 1 - x) * 3;
      data[row + x * 3] = image.data[from]!;
      data[row + x * 3 + 1] = image.data[from + 1]!;
      data[row + x * 3 + 2] = image.data[from + 2]!;
    }
  }
  return { data, width, height, channels: 3 };
}
