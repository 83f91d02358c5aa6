import { z } from "zod";
import { Classification, Classifications } from "../labels/index.js";
import { resolveClasses, type ClassesOption } from "./class-lists.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { ProcessorOptionsError } from "./errors.js";
import { classesOption, count, outputName, registerProcessor } from "./registry.js";

/** Options of {@link ClassifierProcessor}. */
export interface ClassifierOptions {
  /** Output with one score per class, `[N, numClasses]`. Default: the graph's only output. */
  output?: string;
  /** Class names by index, or a built-in list's name (`"imagenet-1k"`). */
  classes: ClassesOption;
  /**
   * How scores become confidences: `"softmax"` over raw logits (single-label),
   * `"sigmoid"` per class (multi-label), or `"none"` when the graph already outputs
   * probabilities. Default `"softmax"`.
   */
  activation?: "softmax" | "sigmoid" | "none";
  /** Return the best `topK` classes as `Classifications`; default 1 gives one `Classification`. */
  topK?: number;
}

/**
 * Image classification: scores → the top class (or top-k) with confidences. With
 * `storeLogits`, the raw scores of every class are kept as `logits` (FiftyOne's
 * LogitsMixin), for mistakenness and hardness measures.
 */
export class ClassifierProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[] | undefined;
  private readonly classes: readonly string[];

  /** @param options - output name, classes, activation, top-k */
  constructor(private readonly options: ClassifierOptions) {
    this.outputNames = options.output === undefined ? undefined : [options.output];
    this.classes = resolveClasses(options.classes, "ClassifierProcessor");
  }

  /** The classification of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): Classification | Classifications {
    const t = this.options.output === undefined ? onlyOutput(outputs) : requireOutput(outputs, this.options.output, "ClassifierProcessor");
    const n = t.dims[t.dims.length - 1]!; // [N, numClasses]
    if (n !== this.classes.length) {
      throw new ProcessorOptionsError(`ClassifierProcessor: the model scores ${n} classes but ${this.classes.length} class names were given. Fix the class list.`);
    }
    const logits = Float32Array.from({ length: n }, (_, i) => t.data[ctx.index * n + i]!);
    const probs = activate(logits, this.options.activation ?? "softmax");
    const order = [...probs.keys()].sort((a, b) => probs[b]! - probs[a]!);
    const make = (i: number, withLogits: boolean) =>
      new Classification({ label: this.classes[i]!, confidence: probs[i]!, ...(withLogits ? { logits } : {}) });
    const k = this.options.topK ?? 1;
    if (k <= 1) return make(order[0]!, ctx.storeLogits);
    return new Classifications({ classifications: order.slice(0, k).map((i) => make(i, false)), ...(ctx.storeLogits ? { logits } : {}) });
  }
}

/** The one output of a single-output graph; with several, the caller must name one. */
function onlyOutput(outputs: Readonly<Record<string, OutputTensor>>): OutputTensor {
  const all = Object.values(outputs);
  if (all.length !== 1) throw new ProcessorOptionsError(`ClassifierProcessor: the model has outputs ${Object.keys(outputs).join(", ")}; name the one with the scores in the "output" option.`);
  return all[0]!;
}

/** Softmax (numerically stable), sigmoid, or identity. */
export function activate(scores: Float32Array, activation: "softmax" | "sigmoid" | "none"): Float32Array {
  if (activation === "none") return scores.slice();
  if (activation === "sigmoid") return scores.map((v) => 1 / (1 + Math.exp(-v)));
  const max = Math.max(...scores);
  const exp = scores.map((v) => Math.exp(v - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((v) => v / sum);
}

/** The options of {@link ClassifierProcessor} as a manifest gives them (`processor.type: "classifier"`). */
export const ClassifierOptionsSchema: z.ZodType<ClassifierOptions> = z.strictObject({ output: outputName.optional(), classes: classesOption, activation: z.enum(["softmax", "sigmoid", "none"]).optional(), topK: count.optional() });

registerProcessor({ type: "classifier", options: ClassifierOptionsSchema, create: (options) => new ClassifierProcessor(options) });
