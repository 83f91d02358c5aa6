import { z } from "zod";
import { resolveClasses, type ClassesOption } from "./class-lists.js";
import { activate } from "./classifier.js";
import { finishDetections, type RawDetection } from "./detections-builder.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { ProcessorOptionsError } from "./errors.js";
import { classesOption, fraction, outputName, registerProcessor } from "./registry.js";

/** Options of {@link DetrProcessor}. */
export interface DetrOptions {
  /** Output of class logits, `[N, Q, C + 1]` (the last column is "no object"). Default `"logits"`. */
  logitsOutput?: string;
  /** Output of boxes, `[N, Q, 4]`: centre x, centre y, width, height relative to the input. Default `"pred_boxes"`. */
  boxesOutput?: string;
  /** Class names by logit column, without the "no object" column (or a built-in list's name, e.g. `"coco-91"`). */
  classes: ClassesOption;
  /** Queries below this confidence are dropped. Default 0.5. */
  minScore?: number;
  /**
   * How logits become confidences: `"softmax"` over the classes and a last "no object"
   * column (DETR, YOLOS; default), or `"sigmoid"` per class with no "no object" column
   * (RT-DETR, trained with a focal loss; as Python transformers decodes it, every class of a
   * query above the threshold is a detection, at most as many as there are queries).
   */
  scoring?: "softmax" | "sigmoid";
}

/**
 * DETR-style set prediction (DETR, YOLOS, RT-DETR exports with Hugging Face's output
 * names): each query is one object or "no object"; softmax over the classes (or a
 * sigmoid per class for RT-DETR), keep queries whose best real class is confident
 * enough. Boxes are centre x, centre y, width, height relative to the input. No NMS —
 * the model's one-to-one matching loss already prevents duplicates.
 */
export class DetrProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];
  private readonly logitsName: string;
  private readonly boxesName: string;
  private readonly classes: readonly string[];

  /** @param options - outputs, classes, threshold */
  constructor(private readonly options: DetrOptions) {
    this.classes = resolveClasses(options.classes, "DetrProcessor");
    this.logitsName = options.logitsOutput ?? "logits";
    this.boxesName = options.boxesOutput ?? "pred_boxes";
    this.outputNames = [this.logitsName, this.boxesName];
  }

  /** Detections of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext) {
    const logits = requireOutput(outputs, this.logitsName, "DetrProcessor");
    const boxes = requireOutput(outputs, this.boxesName, "DetrProcessor");
    const queries = logits.dims[1]!;
    const columns = logits.dims[2]!; // softmax: classes + "no object"; sigmoid: classes
    const sigmoid = this.options.scoring === "sigmoid";
    const real = sigmoid ? columns : columns - 1;
    if (real !== this.classes.length) {
      throw new ProcessorOptionsError(`DetrProcessor: the model scores ${real} classes${sigmoid ? "" : ' + "no object"'}, but ${this.classes.length} class names were given. Fix the class list.`);
    }
    const minScore = this.options.minScore ?? 0.5;
    const raw: RawDetection[] = [];
    for (let q = 0; q < queries; q++) {
      const off = (ctx.index * queries + q) * columns;
      const probs = activate(Float32Array.from({ length: columns }, (_, c) => logits.data[off + c]!), sigmoid ? "sigmoid" : "softmax");
      const b = (ctx.index * queries + q) * 4;
      const [cx, cy, w, h] = [boxes.data[b]!, boxes.data[b + 1]!, boxes.data[b + 2]!, boxes.data[b + 3]!];
      if (sigmoid) {
        // RT-DETR (Python transformers' RTDetrImageProcessor): every (query, class) pair is a candidate, so one box may carry several classes.
        for (let c = 0; c < real; c++) if (probs[c]! >= minScore) raw.push({ corners: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], score: probs[c]!, classIndex: c });
        continue;
      }
      let best = 0;
      for (let c = 1; c < real; c++) if (probs[c]! > probs[best]!) best = c;
      if (probs[best]! < minScore) continue;
      raw.push({ corners: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], score: probs[best]!, classIndex: best });
    }
    // RT-DETR keeps the `queries` best pairs (its top-k), then the threshold.
    if (sigmoid && raw.length > queries) raw.splice(0, raw.length, ...raw.sort((a, b) => b.score - a.score).slice(0, queries));
    return finishDetections(raw, ctx, { classes: this.classes });
  }
}

/** The options of {@link DetrProcessor} as a manifest gives them (`processor.type: "detr"`). */
export const DetrOptionsSchema: z.ZodType<DetrOptions> = z.strictObject({ logitsOutput: outputName.optional(), boxesOutput: outputName.optional(), classes: classesOption, minScore: fraction.optional(), scoring: z.enum(["softmax", "sigmoid"]).optional() });

registerProcessor({ type: "detr", options: DetrOptionsSchema, create: (options) => new DetrProcessor(options) });
