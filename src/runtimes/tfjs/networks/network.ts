import type * as TfCore from "@tensorflow/tfjs-core";
import type { TensorInfo } from "../../../models/index.js";
import { ModelFileError } from "../../model-file-error.js";

/** The tensors of a loaded weights file, by their names in the weights manifest. */
export type WeightMap = Readonly<Record<string, TfCore.Tensor>>;

/**
 * A network whose architecture is code (ours) and whose weights come from a TF.js
 * weights manifest: face-api's models ship only weights, the layers live in its code.
 */
export interface TfjsNetwork {
  /** Name used in the manifest's `network` field, e.g. `"face-api-ssd-mobilenet-v1"`. */
  readonly name: string;
  /** The one input, `[N, H, W, 3]` (null for a dynamic dimension). */
  readonly input: TensorInfo;
  /** The outputs `forward` returns. */
  readonly outputs: readonly TensorInfo[];
  /** Weight names the network reads (checked at load time). */
  readonly weightNames: readonly string[];
  /** Runs the network on a prepared, normalized batch `x` (`[N, H, W, 3]`); called inside `tf.tidy`. */
  forward(tf: typeof TfCore, weights: WeightMap, x: TfCore.Tensor4D): Record<string, TfCore.Tensor>;
}

/** The weight `name`, or a {@link ModelFileError} saying which file lacks it. */
export function weight<R extends TfCore.Rank>(weights: WeightMap, name: string): TfCore.Tensor<R> {
  const t = weights[name];
  if (!t) throw new ModelFileError(`The weights have no tensor "${name}"; this is not the weights file the network expects.`);
  return t as TfCore.Tensor<R>;
}
