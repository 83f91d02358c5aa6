import { z } from "zod";
import { Classification } from "../labels/index.js";
import { resolveClasses, type ClassesOption } from "./class-lists.js";
import { activate } from "./classifier.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { ProcessorOptionsError, ProcessorOutputError } from "./errors.js";
import { classesOption, outputName, registerProcessor } from "./registry.js";

/** Options of {@link zeroShotClassify}. */
export interface ZeroShotOptions {
  /** Multiplier of the cosine similarities (CLIP learns ≈ 100; SigLIP's is the exp of its `logit_scale` weight). Default 100 for softmax. */
  logitScale?: number;
  /** Added to the scaled similarities (SigLIP's `logit_bias` weight). Default 0. */
  logitBias?: number;
  /**
   * `"softmax"` over the prompts (CLIP; default), or `"sigmoid"` of each prompt's logit on its
   * own (SigLIP, trained with a sigmoid loss: each class scored independently). With
   * `"sigmoid"`, the confidence needs both `logitScale` and `logitBias` (the model's weights);
   * without them the label is still the best prompt's (the arg-max of sigmoid(scale·cos + bias)
   * for any positive scale) and no confidence is given.
   */
  scoring?: "softmax" | "sigmoid";
  /** Keep the scaled similarities as `logits`. Default false. */
  storeLogits?: boolean;
}

/**
 * Zero-shot classification from embeddings (CLIP's recipe): the cosine similarity of
 * the image embedding to each prompt's embedding, scaled and softmaxed over the
 * prompts; the best prompt's class wins. SigLIP's recipe (`scoring: "sigmoid"`): each
 * prompt's probability is sigmoid(scale · cosine + bias), as transformers.js'
 * zero-shot pipeline scores `logits_per_image` for `model_type` "siglip".
 */
export function zeroShotClassify(
  image: Float32Array,
  prompts: readonly Float32Array[],
  classes: readonly string[],
  options: ZeroShotOptions = {},
): Classification {
  if (prompts.length !== classes.length || prompts.length === 0) {
    throw new ProcessorOutputError(`zeroShotClassify needs one prompt embedding per class; got ${prompts.length} embeddings for ${classes.length} classes.`);
  }
  if (options.scoring === "sigmoid" && (options.logitScale === undefined || options.logitBias === undefined)) {
    // Without the model's scale and bias only the ranking is known: the best cosine similarity wins.
    const sims = Float32Array.from(prompts, (p) => cosine(image, p));
    let top = 0;
    for (let i = 1; i < sims.length; i++) if (sims[i]! > sims[top]!) top = i;
    return new Classification({ label: classes[top]!, ...(options.storeLogits ? { logits: sims } : {}) });
  }
  const scale = options.logitScale ?? 100;
  const bias = options.logitBias ?? 0;
  const logits = Float32Array.from(prompts, (p) => scale * cosine(image, p) + bias);
  const probs = options.scoring === "sigmoid" ? logits.map((v) => 1 / (1 + Math.exp(-v))) : activate(logits, "softmax");
  let best = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i]! > probs[best]!) best = i;
  return new Classification({ label: classes[best]!, confidence: probs[best]!, ...(options.storeLogits ? { logits } : {}) });
}

/** Cosine similarity of two vectors of one length (0 when either is zero). */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new ProcessorOutputError(`cosine: vectors of ${a.length} and ${b.length} values cannot be compared.`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** Options of {@link ZeroShotProcessor}. */
export interface ZeroShotProcessorOptions {
  /** Output holding the image embedding, `[N, D]`. Default `"image_embeds"`. */
  output?: string;
  /** The classes to choose from, or a built-in list's name. */
  classes: ClassesOption;
  /** How a class becomes a prompt: `{}` is replaced by the class name. Default `"a photo of a {}"` (CLIP's template). */
  promptTemplate?: string;
  /** Multiplier of the cosine similarities. Default 100 (CLIP's learned scale) for softmax. */
  logitScale?: number;
  /** Added to the scaled similarities (SigLIP's learned bias). Default 0. */
  logitBias?: number;
  /** `"softmax"` over the prompts (CLIP; default) or `"sigmoid"` per prompt (SigLIP); see {@link ZeroShotOptions.scoring}. */
  scoring?: "softmax" | "sigmoid";
}

/**
 * Zero-shot classification for prompt models (CLIP): it holds one text prompt per class
 * (the class name put into a template); the model embeds them once at load time and
 * hands the embeddings over with `setPromptEmbeddings`; each image's embedding is then
 * classified by {@link zeroShotClassify}.
 */
export class ZeroShotProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];
  /** Class names, in prompt order. */
  readonly classes: readonly string[];
  /** One text prompt per class. */
  readonly prompts: readonly string[];
  private promptEmbeddings: readonly Float32Array[] | undefined;

  /** @param options - embedding output, classes, prompt template, logit scale */
  constructor(private readonly options: ZeroShotProcessorOptions) {
    this.outputNames = [options.output ?? "image_embeds"];
    this.classes = resolveClasses(options.classes, "ZeroShotProcessor");
    if (this.classes.length === 0) throw new ProcessorOptionsError("ZeroShotProcessor needs at least one class; pass classes, e.g. { classes: [\"cat\", \"dog\"] }.");
    const template = options.promptTemplate ?? "a photo of a {}";
    if (!template.includes("{}")) throw new ProcessorOptionsError(`ZeroShotProcessor: the prompt template "${template}" has no "{}" where the class name goes.`);
    this.prompts = this.classes.map((c) => template.replaceAll("{}", c));
  }

  /** Takes the embedding of each prompt, in the order of {@link prompts}. */
  setPromptEmbeddings(embeddings: readonly Float32Array[]): void {
    if (embeddings.length !== this.prompts.length) {
      throw new ProcessorOutputError(`ZeroShotProcessor: got ${embeddings.length} prompt embeddings for ${this.prompts.length} prompts.`);
    }
    this.promptEmbeddings = embeddings;
  }

  /** The classification of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): Classification {
    if (!this.promptEmbeddings) throw new ProcessorOutputError("ZeroShotProcessor has no prompt embeddings yet: it runs inside a prompt model, which embeds the prompts when it loads.");
    const t = requireOutput(outputs, this.outputNames[0]!, "ZeroShotProcessor");
    const dim = t.dims[t.dims.length - 1]!; // [N, D]
    const image = Float32Array.from({ length: dim }, (_, i) => t.data[ctx.index * dim + i]!);
    return zeroShotClassify(image, this.promptEmbeddings, this.classes, {
      ...(this.options.logitScale === undefined ? {} : { logitScale: this.options.logitScale }),
      ...(this.options.logitBias === undefined ? {} : { logitBias: this.options.logitBias }),
      ...(this.options.scoring === undefined ? {} : { scoring: this.options.scoring }),
      storeLogits: ctx.storeLogits,
    });
  }
}

/** The options of {@link ZeroShotProcessor} as a manifest gives them (`processor.type: "zero-shot"`). */
export const ZeroShotProcessorOptionsSchema: z.ZodType<ZeroShotProcessorOptions> = z.strictObject({ output: outputName.optional(), classes: classesOption, promptTemplate: z.string().includes("{}", { message: "must hold {} where the class name goes" }).optional(), logitScale: z.number().positive().optional(), logitBias: z.number().optional(), scoring: z.enum(["softmax", "sigmoid"]).optional() });

registerProcessor({ type: "zero-shot", options: ZeroShotProcessorOptionsSchema, create: (options) => new ZeroShotProcessor(options) });
