/** A decoded image: 8-bit RGB pixels, row-major, channels interleaved (HWC). */
export interface RgbImage {
  /** `height * width * 3` bytes: R, G, B of each pixel, row by row. */
  data: Uint8Array;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** Always 3. */
  channels: 3;
}
