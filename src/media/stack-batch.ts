import { TensorShapeError } from "./errors.js";

/**
 * Concatenates equal-length tensors (one per image, e.g. from {@link toFloat32}) into
 * one batch buffer, in order. An empty list gives an empty array. To skip this copy,
 * fill a batch buffer directly with `toFloat32(image, { out, offset })`.
 *
 * @throws TensorShapeError when the tensors differ in length
 */
export function stackBatch(tensors: readonly Float32Array[]): Float32Array {
  const size = tensors[0]?.length ?? 0;
  const out = new Float32Array(size * tensors.length);
  tensors.forEach((t, i) => {
    if (t.length !== size) {
      throw new TensorShapeError(`stackBatch needs tensors of one size; tensor ${i} has ${t.length} values, tensor 0 has ${size}. Resize every image to the model's input size first.`);
    }
    out.set(t, i * size);
  });
  return out;
}
