import { z } from "zod";
import { Classification, Regression } from "../labels/index.js";
import { activate } from "./classifier.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { outputName, registerProcessor } from "./registry.js";

/** Options of {@link AgeGenderProcessor}. */
export interface AgeGenderOptions {
  /** Output with the age in years, `[N, 1]`. Default `"age"`. */
  ageOutput?: string;
  /** Output with gender logits, `[N, 2]`. Default `"gender"`. */
  genderOutput?: string;
  /** Gender names by logit index. Default `["male", "female"]` (face-api's order). */
  genders?: readonly [string, string];
}

/**
 * Age regression plus gender classification of a face crop, as a record: `age` (a
 * `Regression`) and `gender` (a `Classification`). Run through a cascade, they become
 * attributes of each face detection (`age`, `gender`, `gender_confidence`).
 */
export class AgeGenderProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];
  private readonly ageOutput: string;
  private readonly genderOutput: string;

  /** @param options - output names and gender names */
  constructor(private readonly options: AgeGenderOptions = {}) {
    this.ageOutput = options.ageOutput ?? "age";
    this.genderOutput = options.genderOutput ?? "gender";
    this.outputNames = [this.ageOutput, this.genderOutput];
  }

  /** The age and gender of the face at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): { age: Regression; gender: Classification } {
    const age = requireOutput(outputs, this.ageOutput, "AgeGenderProcessor"); // [N, 1]
    const gender = requireOutput(outputs, this.genderOutput, "AgeGenderProcessor"); // [N, 2]
    const logits = Float32Array.from([gender.data[ctx.index * 2]!, gender.data[ctx.index * 2 + 1]!]);
    const probs = activate(logits, "softmax");
    const best = probs[0]! >= probs[1]! ? 0 : 1;
    const names = this.options.genders ?? ["male", "female"];
    return {
      age: new Regression({ value: age.data[ctx.index]! }),
      gender: new Classification({ label: names[best], confidence: probs[best]!, ...(ctx.storeLogits ? { logits } : {}) }),
    };
  }
}

/** The options of {@link AgeGenderProcessor} as a manifest gives them (`processor.type: "age-gender"`). */
export const AgeGenderOptionsSchema: z.ZodType<AgeGenderOptions> = z.strictObject({ ageOutput: outputName.optional(), genderOutput: outputName.optional(), genders: z.tuple([z.string(), z.string()]).optional() });

registerProcessor({ type: "age-gender", options: AgeGenderOptionsSchema, create: (options) => new AgeGenderProcessor(options) });
