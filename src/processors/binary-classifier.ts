import { z } from "zod";
import { Classification } from "../labels/index.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { ProcessorOptionsError, ProcessorOutputError } from "./errors.js";
import { outputName, registerProcessor } from "./registry.js";

/** Options of {@link BinaryClassifierProcessor}. */
export interface BinaryClassifierOptions {
  /** Output holding the score, `[N, 1]` or `[N, K]`. */
  output: string;
  /** Column of the score in each row. Default 0. */
  column?: number;
  /** Names of the two answers: `[below threshold, at or above it]`. */
  classes: readonly [string, string];
  /** `"none"` when the score is a probability already, `"sigmoid"` for a logit. Default `"none"`. */
  activation?: "none" | "sigmoid";
  /** Threshold on the probability. Default 0.5. */
  threshold?: number;
}

/**
 * One probability → one of two labels, with the probability of the label given as its
 * confidence (e.g. SSR-Net's gender score, an anti-spoofing "real" score).
 */
export class BinaryClassifierProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];

  /** @param options - output, column, class names, threshold */
  constructor(private readonly options: BinaryClassifierOptions) {
    if (!Array.isArray(options.classes) || options.classes.length !== 2) {
      throw new ProcessorOptionsError(`BinaryClassifierProcessor needs two class names [negative, positive], got ${JSON.stringify(options.classes)}.`);
    }
    this.outputNames = [options.output];
  }

  /** The label of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): Classification {
    const t = requireOutput(outputs, this.options.output, "BinaryClassifierProcessor"); // [N, K]
    const width = t.data.length / t.dims[0]!;
    const column = this.options.column ?? 0;
    if (column >= width) throw new ProcessorOutputError(`BinaryClassifierProcessor: column ${column} is outside output ${this.options.output} of shape ${JSON.stringify(t.dims)}.`);
    const raw = t.data[ctx.index * width + column]!;
    const p = this.options.activation === "sigmoid" ? 1 / (1 + Math.exp(-raw)) : raw;
    const positive = p >= (this.options.threshold ?? 0.5);
    return new Classification({ label: this.options.classes[positive ? 1 : 0], confidence: positive ? p : 1 - p });
  }
}

/** The options of {@link BinaryClassifierProcessor} as a manifest gives them (`processor.type: "binary-classifier"`). */
export const BinaryClassifierOptionsSchema: z.ZodType<BinaryClassifierOptions> = z.strictObject({ output: outputName, column: z.number().int().nonnegative().optional(), classes: z.tuple([z.string(), z.string()]), activation: z.enum(["none", "sigmoid"]).optional(), threshold: z.number().optional() });

registerProcessor({ type: "binary-classifier", options: BinaryClassifierOptionsSchema, create: (options) => new BinaryClassifierProcessor(options) });
