import sharp from "sharp";
import type * as TfCore from "@tensorflow/tfjs-core";

/**
 * How a Node user feeds a TF.js library without tfjs-node: read the file, decode it
 * with sharp (EXIF-rotated, RGB) and wrap the pixels in a `[height, width, 3]` tensor.
 */
export async function fileToTensor(tf: typeof TfCore, file: string): Promise<TfCore.Tensor3D> {
  const { data, info } = await sharp(file).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return tf.tensor3d(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), [info.height, info.width, 3], "int32");
}
