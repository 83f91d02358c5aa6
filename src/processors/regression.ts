import { z } from "zod";
import { Regression } from "../labels/index.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { ProcessorOutputError } from "./errors.js";
import { outputName, registerProcessor } from "./registry.js";

/** Options of {@link RegressionProcessor}. */
export interface RegressionProcessorOptions {
  /** Output holding the value, `[N, 1]` or `[N, K]`. */
  output: string;
  /** Column of the value in each row. Default 0. */
  column?: number;
  /** Multiplies the raw value (e.g. a normalized age back to years). Default 1. */
  scale?: number;
}

/** One number per image: a `Regression` (e.g. SSR-Net's age in years). */
export class RegressionProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];

  /** @param options - output, column, scale */
  constructor(private readonly options: RegressionProcessorOptions) {
    this.outputNames = [options.output];
  }

  /** The value of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): Regression {
    const t = requireOutput(outputs, this.options.output, "RegressionProcessor"); // [N, K]
    const width = t.data.length / t.dims[0]!;
    const column = this.options.column ?? 0;
    if (column >= width) throw new ProcessorOutputError(`RegressionProcessor: column ${column} is outside output ${this.options.output} of shape ${JSON.stringify(t.dims)}.`);
    return new Regression({ value: t.data[ctx.index * width + column]! * (this.options.scale ?? 1) });
  }
}

/** The options of {@link RegressionProcessor} as a manifest gives them (`processor.type: "regression"`). */
export const RegressionProcessorOptionsSchema: z.ZodType<RegressionProcessorOptions> = z.strictObject({ output: outputName, column: z.number().int().nonnegative().optional(), scale: z.number().optional() });

registerProcessor({ type: "regression", options: RegressionProcessorOptionsSchema, create: (options) => new RegressionProcessor(options) });
