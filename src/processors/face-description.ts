import { z } from "zod";
import { Classification, Regression } from "../labels/index.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { outputName, registerProcessor } from "./registry.js";

/** Options of {@link FaceDescriptionProcessor}. */
export interface FaceDescriptionOptions {
  /** The probability that the face is male, `[N, 1]` (a sigmoid). Default `"gender_pred/Sigmoid:0"`. */
  gender?: string;
  /** Age as a softmax over 0–99 years, `[N, 100]`. Default `"age_pred/Softmax:0"`. */
  age?: string;
}

/**
 * HSE FaceRes (Savchenko's multi-task face network; @vladmandic/human src/face/faceres.ts)
 * on a face patch (224×224, RGB 0–255): a gender probability (≤ 0.5 female, > 0.5 male)
 * and an age distribution over 0–99 years. Gives `{ gender, age }`: a `Classification`
 * with the probability of the chosen gender, and a `Regression` with the expected age
 * (the mean of the distribution) and the probability of the most likely year as its
 * confidence. human interpolates between the two most likely years instead; the mean
 * uses the whole distribution. The face embedding is the `global_pooling/Mean` output
 * (the entry's `embeddings`).
 */
export class FaceDescriptionProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];
  private readonly gender: string;
  private readonly age: string;

  /** @param options - output names */
  constructor(options: FaceDescriptionOptions = {}) {
    this.gender = options.gender ?? "gender_pred/Sigmoid:0";
    this.age = options.age ?? "age_pred/Softmax:0";
    this.outputNames = [this.gender, this.age];
  }

  /** Gender and age of the face at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): { gender: Classification; age: Regression } {
    const male = requireOutput(outputs, this.gender, "FaceDescriptionProcessor").data[ctx.index]!; // [N, 1]
    const ages = requireOutput(outputs, this.age, "FaceDescriptionProcessor"); // [N, 100]
    const years = ages.dims[1]!;
    let mean = 0;
    let total = 0;
    let best = 0;
    for (let y = 0; y < years; y++) {
      const p = ages.data[ctx.index * years + y]!;
      mean += y * p;
      total += p;
      best = Math.max(best, p);
    }
    return {
      gender: new Classification({ label: male > 0.5 ? "male" : "female", confidence: male > 0.5 ? male : 1 - male }),
      age: new Regression({ value: total > 0 ? mean / total : 0, confidence: best }),
    };
  }
}

/** The options of {@link FaceDescriptionProcessor} as a manifest gives them (`processor.type: "face-description"`). */
export const FaceDescriptionOptionsSchema: z.ZodType<FaceDescriptionOptions> = z.strictObject({ gender: outputName.optional(), age: outputName.optional() });

registerProcessor({ type: "face-description", options: FaceDescriptionOptionsSchema, create: (options) => new FaceDescriptionProcessor(options) });
