import fs from "node:fs";
import { ModelFileError } from "../model-file-error.js";
import { importPeer } from "../missing-package.js";

/** Token ids of several texts, padded to one length: `[count, length]` row-major. */
export interface TokenizedBatch {
  /** Token ids. */
  ids: Int32Array;
  /** 1 for a real token, 0 for padding. */
  attentionMask: Int32Array;
  /** Number of texts. */
  count: number;
  /** Tokens per row. */
  length: number;
}

/** The part of @huggingface/tokenizers' `Tokenizer` used here (its published types re-export through paths TypeScript cannot follow). */
interface HfTokenizer {
  encode(text: string): { ids: number[] };
  token_to_id(token: string): number | undefined;
}

/** `new Tokenizer(tokenizerJson, tokenizerConfig)`. */
type HfTokenizerConstructor = new (tokenizer: object, config: object) => HfTokenizer;

/** Options of {@link TextTokenizer.encodeBatch}. */
export interface EncodeBatchOptions {
  /** Longest row; longer texts are cut, keeping their final (end-of-text) token. */
  maxLength: number;
  /** Pad every row to `maxLength` instead of to the longest text. Default false. */
  padToMaxLength?: boolean;
}

/**
 * A Hugging Face tokenizer (`tokenizer.json` + `tokenizer_config.json`) run by
 * `@huggingface/tokenizers` (pure JavaScript, an optional peer dependency needed only
 * by prompt models): texts → padded token-id batches for a text encoder.
 */
export class TextTokenizer {
  private constructor(
    private readonly tokenizer: HfTokenizer,
    private readonly padId: number,
  ) {}

  /** Reads the tokenizer files. */
  static async load(tokenizerPath: string, configPath?: string): Promise<TextTokenizer> {
    const module: unknown = await importPeer("@huggingface/tokenizers", "^0.2.0", "Embedding text prompts", () => import("@huggingface/tokenizers"));
    const Tokenizer = (module as { Tokenizer: HfTokenizerConstructor }).Tokenizer;
    const json = readJson(tokenizerPath) as { padding?: { pad_id?: number } | null; added_tokens?: { id: number; content: string }[] };
    const config = configPath ? (readJson(configPath) as Record<string, unknown>) : {};
    let tokenizer: HfTokenizer;
    try {
      tokenizer = new Tokenizer(json, config);
    } catch (err) {
      throw new ModelFileError(`${tokenizerPath} is not a tokenizer @huggingface/tokenizers can read: ${(err as Error).message}.`, { cause: err });
    }
    // The pad id: the tokenizer's own padding setting, else the config's pad token (CLIP pads with <|endoftext|>), else 0.
    const padToken = typeof config.pad_token === "string" ? config.pad_token : (config.pad_token as { content?: string } | undefined)?.content;
    const padId = json.padding?.pad_id ?? (padToken === undefined ? undefined : tokenizer.token_to_id(padToken)) ?? 0;
    return new TextTokenizer(tokenizer, padId);
  }

  /** Token ids of one text, special tokens included. */
  encode(text: string): number[] {
    return this.tokenizer.encode(text).ids;
  }

  /** Token ids of several texts, cut to `maxLength` and padded to one length. */
  encodeBatch(texts: readonly string[], options: EncodeBatchOptions): TokenizedBatch {
    const rows = texts.map((t) => {
      const ids = this.encode(t);
      return ids.length <= options.maxLength ? ids : [...ids.slice(0, options.maxLength - 1), ids[ids.length - 1]!];
    });
    const length = options.padToMaxLength ? options.maxLength : Math.max(1, ...rows.map((r) => r.length));
    const ids = new Int32Array(texts.length * length).fill(this.padId);
    const attentionMask = new Int32Array(texts.length * length);
    rows.forEach((r, i) => {
      ids.set(r, i * length);
      attentionMask.fill(1, i * length, i * length + r.length);
    });
    return { ids, attentionMask, count: texts.length, length };
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new ModelFileError(`Cannot read tokenizer file ${file}: ${(err as Error).message}. Download the model again.`, { cause: err });
  }
}
