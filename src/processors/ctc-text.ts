import { z } from "zod";
import { Classification } from "../labels/index.js";
import { ProcessorOptionsError, ProcessorOutputError } from "./errors.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { outputName, registerProcessor } from "./registry.js";

/** Options of {@link CtcTextProcessor}. */
export interface CtcTextOptions {
  /** Output with per-timestep class probabilities, `[N, T, C]`. */
  output: string;
  /**
   * The characters: class `i` (for `i ≥ 1`) is `dictionary[i - 1]`; class 0 is the CTC
   * blank. The zoo fills it from the entry's `dictionaryFile` (one character a line).
   */
  dictionary: readonly string[];
  /** Append a space as the last class, as PaddleOCR's `use_space_char` does. Default true. */
  spaceChar?: boolean;
}

/**
 * Greedy CTC decoding (PaddleOCR's `CTCLabelDecode` in `ppocr/postprocess/rec_postprocess.py`):
 * the best class per timestep, repeats collapsed, blanks (class 0) dropped. `probs` is
 * row-major `[T, C]`. Returns the text and the mean of the kept steps' probabilities
 * (0 when nothing is kept).
 */
export function ctcGreedyDecode(probs: ArrayLike<number>, offset: number, steps: number, classes: number, characters: readonly string[]): { text: string; confidence: number } {
  let text = "";
  let sum = 0;
  let kept = 0;
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    const row = offset + t * classes;
    let best = 0;
    let bestP = probs[row]!;
    for (let c = 1; c < classes; c++) {
      const v = probs[row + c]!;
      if (v > bestP) {
        best = c;
        bestP = v;
      }
    }
    if (best !== 0 && best !== previous) {
      text += characters[best - 1] ?? "";
      sum += bestP;
      kept++;
    }
    previous = best;
  }
  return { text, confidence: kept > 0 ? sum / kept : 0 };
}

/**
 * Text recognition with a CTC head (PaddleOCR's CRNN/SVTR recognizers): reads one text
 * line and returns it as a `Classification` whose label is the text, confidence the mean
 * probability of its characters; `null` when nothing is read.
 */
export class CtcTextProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];
  private readonly characters: readonly string[];

  /** @param options - output name and dictionary */
  constructor(private readonly options: CtcTextOptions) {
    if (typeof options.output !== "string") throw new ProcessorOptionsError(`CtcTextProcessor needs the name of the probabilities output ("output"), got ${JSON.stringify(options.output)}.`);
    if (!Array.isArray(options.dictionary) || options.dictionary.length === 0 || options.dictionary.some((c) => typeof c !== "string")) {
      throw new ProcessorOptionsError(`CtcTextProcessor needs "dictionary", a list of characters (or a manifest "dictionaryFile"), got ${JSON.stringify(options.dictionary)?.slice(0, 80)}.`);
    }
    this.outputNames = [options.output];
    const dictionary: readonly string[] = options.dictionary;
    this.characters = options.spaceChar === false ? dictionary : dictionary.concat(" ");
  }

  /** The text of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): Classification | null {
    const t = requireOutput(outputs, this.options.output, "CtcTextProcessor");
    // t: [N, T, C] probabilities, C = blank + characters.
    const [, steps, classes] = t.dims as [number, number, number];
    if (classes !== this.characters.length + 1) {
      throw new ProcessorOutputError(`CtcTextProcessor: the output has ${classes} classes but the dictionary gives ${this.characters.length + 1} (blank + characters). Check the dictionary file and spaceChar.`);
    }
    const { text, confidence } = ctcGreedyDecode(t.data, ctx.index * steps * classes, steps, classes, this.characters);
    const trimmed = text.trim();
    return trimmed ? new Classification({ label: trimmed, confidence }) : null;
  }
}

/**
 * The options of {@link CtcTextProcessor} as a manifest gives them (`processor.type:
 * "ctc-text"`): the characters inline (`dictionary`) or, usually, as a side file of the
 * model (`dictionaryFile`, one character a line, e.g. PaddleOCR's `ppocr_keys_v1.txt`).
 */
export const CtcTextManifestOptionsSchema = z
  .strictObject({
    output: outputName,
    dictionary: z.array(z.string()).min(1).optional(),
    dictionaryFile: z.string().min(1).optional(),
    spaceChar: z.boolean().optional(),
  })
  .refine((o) => (o.dictionary === undefined) !== (o.dictionaryFile === undefined), { message: 'give exactly one of "dictionary" and "dictionaryFile"', path: ["dictionaryFile"] });

/** PaddleOCR's dictionaries: one character a line, "\n" or "\r\n" line ends, no trailing empty line. */
function dictionaryLines(text: string): string[] {
  return text.replace(/\r?\n$/, "").split(/\r?\n/);
}

registerProcessor({
  type: "ctc-text",
  options: CtcTextManifestOptionsSchema,
  files: (o) => (o.dictionaryFile === undefined ? [] : [o.dictionaryFile]),
  create: ({ dictionary, dictionaryFile, ...o }, files) => new CtcTextProcessor({ ...o, dictionary: dictionary ?? dictionaryLines(files.text(dictionaryFile!)) }),
});
