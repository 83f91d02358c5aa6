/*
 * A tiny CLIP-style tokenizer.json (byte-pair encoding with an end-of-word suffix,
 * lower-casing, <|startoftext|> … <|endoftext|> around each text) over a handful of
 * words, in the format of Hugging Face's `tokenizers` library, so that tests can run
 * the prompt path of a CLIP entry with @huggingface/tokenizers.
 */

/** Ids of the special tokens. */
export const START_ID = 0;
export const END_ID = 1;

/** The tokenizer.json and tokenizer_config.json of a BPE vocabulary covering `words`; returns the id of each word. */
export function fakeClipTokenizer(words: readonly string[]): { tokenizerJson: object; tokenizerConfig: object; wordIds: Map<string, number> } {
  const vocab: Record<string, number> = { "<|startoftext|>": START_ID, "<|endoftext|>": END_ID };
  const merges: string[] = [];
  const add = (t: string) => {
    vocab[t] ??= Object.keys(vocab).length;
  };
  const wordIds = new Map<string, number>();
  for (const word of words) {
    // Symbols: the characters, the last one carrying the end-of-word suffix; merged left to right.
    const symbols = [...word].map((c, i) => (i === word.length - 1 ? `${c}</w>` : c));
    for (const s of symbols) add(s);
    let acc = symbols[0]!;
    for (const next of symbols.slice(1)) {
      const merge = `${acc} ${next}`;
      if (!merges.includes(merge)) merges.push(merge);
      acc = `${acc}${next}`;
      add(acc);
    }
    wordIds.set(word, vocab[acc]!);
  }
  const special = (id: number, content: string) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  const tokenizerJson = {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: [special(START_ID, "<|startoftext|>"), special(END_ID, "<|endoftext|>")],
    normalizer: { type: "Sequence", normalizers: [{ type: "NFC" }, { type: "Lowercase" }] },
    pre_tokenizer: { type: "WhitespaceSplit" },
    post_processor: {
      type: "TemplateProcessing",
      single: [{ SpecialToken: { id: "<|startoftext|>", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "<|endoftext|>", type_id: 0 } }],
      pair: [{ SpecialToken: { id: "<|startoftext|>", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { Sequence: { id: "B", type_id: 0 } }, { SpecialToken: { id: "<|endoftext|>", type_id: 0 } }],
      special_tokens: {
        "<|startoftext|>": { id: "<|startoftext|>", ids: [START_ID], tokens: ["<|startoftext|>"] },
        "<|endoftext|>": { id: "<|endoftext|>", ids: [END_ID], tokens: ["<|endoftext|>"] },
      },
    },
    decoder: null,
    model: { type: "BPE", dropout: null, unk_token: "<|endoftext|>", continuing_subword_prefix: "", end_of_word_suffix: "</w>", fuse_unk: false, vocab, merges },
  };
  const tokenizerConfig = {
    bos_token: "<|startoftext|>",
    eos_token: "<|endoftext|>",
    pad_token: "<|endoftext|>",
    unk_token: "<|endoftext|>",
    model_max_length: 77,
    tokenizer_class: "CLIPTokenizer",
  };
  return { tokenizerJson, tokenizerConfig, wordIds };
}
