import { MediaArgumentError } from "./errors.js";

/**
 * A decoded image: 8-bit sRGB pixels, row-major, channels interleaved (HWC), no alpha.
 * Pixel (x, y) starts at byte `(y * width + x) * 3`.
 */
export interface RgbImage {
  /** `height * width * 3` bytes: R, G, B of each pixel, row by row from the top. */
  data: Uint8Array;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** Always 3. */
  channels: 3;
}

/**
 * Throws a {@link MediaArgumentError} unless `image` is a well-formed {@link RgbImage}
 * (positive integer size, 3 channels, exactly `width * height * 3` bytes). The
 * helpers call it first so that a bad buffer fails here, not as garbage pixels.
 *
 * @param image - the value to check
 * @param caller - the function name, for the message
 */
export function assertRgbImage(image: RgbImage, caller: string): void {
  const { width, height } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new MediaArgumentError(`${caller} needs an RgbImage with a positive integer width and height, got ${String(width)}×${String(height)}.`);
  }
  if (image.channels !== 3) {
    throw new MediaArgumentError(`${caller} needs an RgbImage with 3 channels, got ${String(image.channels)}. Decode images with decodeImage().`);
  }
  if (!(image.data instanceof Uint8Array) || image.data.length !== width * height * 3) {
    const got = image.data instanceof Uint8Array ? `${image.data.length} bytes` : typeof image.data;
    throw new MediaArgumentError(`${caller} needs ${width}×${height}×3 = ${width * height * 3} bytes of RGB data, got ${got}.`);
  }
}
