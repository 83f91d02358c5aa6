import { isPromptedProcessor, l2normalize, ModelCapabilityError, type PromptModel, type TensorData } from "../../models/index.js";
import { TextTokenizer } from "../text/text-tokenizer.js";
import { OnnxImageModel, type OnnxImageModelConfig } from "./onnx-image-model.js";
import { OnnxRuntime } from "./onnx-runtime.js";
import { registerImageRuntime } from "../runtime-registry.js";

/** The text side of an {@link OnnxPromptModel}. */
export interface TextEncoderConfig {
  /** The text encoder's .onnx file. */
  modelPath: string;
  /** The Hugging Face `tokenizer.json`. */
  tokenizerPath: string;
  /** The `tokenizer_config.json` (pad token, lower-casing...), if any. */
  tokenizerConfigPath?: string;
  /** Output holding one embedding per text, `[N, D]` (CLIP: `"text_embeds"`). */
  output: string;
  /** Longest token sequence the encoder takes (CLIP: 77). */
  maxLength: number;
  /** Pad every prompt to `maxLength` (graphs with a fixed sequence length). Default false. */
  padToMaxLength?: boolean;
  /** Token-id input name. Default `"input_ids"`. */
  idsInput?: string;
  /** Attention-mask input name, fed when the graph has it. Default `"attention_mask"`. */
  maskInput?: string;
}

/** Configuration of an {@link OnnxPromptModel}: an ONNX image model plus its text encoder. */
export interface OnnxPromptModelConfig extends OnnxImageModelConfig {
  /** The text encoder and tokenizer. */
  text: TextEncoderConfig;
}

/**
 * FiftyOne's PromptMixin on ONNX: an image encoder and a text encoder that embed into
 * one space (CLIP). `embedPrompt` embeds text; with a zero-shot processor the class
 * prompts are embedded once at load time, and `predict` picks the closest class.
 */
export class OnnxPromptModel extends OnnxImageModel implements PromptModel {
  readonly canEmbedPrompts = true;
  private readonly text: TextEncoderConfig;
  private textRuntime: OnnxRuntime | undefined;
  private tokenizer: TextTokenizer | undefined;

  /** @param config - image model, text encoder and tokenizer */
  constructor(config: OnnxPromptModelConfig) {
    super(config);
    this.text = config.text;
  }

  protected override async doLoad(): Promise<void> {
    await super.doLoad();
    try {
      this.tokenizer = await TextTokenizer.load(this.text.tokenizerPath, this.text.tokenizerConfigPath);
      this.textRuntime = await OnnxRuntime.load(this.text.modelPath, this.threadOptions);
      const idsInput = this.text.idsInput ?? "input_ids";
      if (!this.textRuntime.inputs.some((i) => i.name === idsInput)) {
        throw new ModelCapabilityError(`The text encoder of "${this.name}" has no input "${idsInput}"; its inputs are ${this.textRuntime.inputs.map((i) => i.name).join(", ")}.`);
      }
      const processor = this.config.processor;
      if (isPromptedProcessor(processor)) processor.setPromptEmbeddings(await this.runText(processor.prompts));
    } catch (err) {
      await this.doDispose();
      throw err;
    }
  }

  protected override async doDispose(): Promise<void> {
    await this.textRuntime?.dispose();
    this.textRuntime = undefined;
    this.tokenizer = undefined;
    await super.doDispose();
  }

  /** The embedding of one text prompt. */
  async embedPrompt(prompt: string): Promise<Float32Array> {
    return (await this.embedPrompts([prompt]))[0]!;
  }

  /** The embeddings of several prompts (one encoder run), normalized like the image embeddings. */
  async embedPrompts(prompts: readonly string[]): Promise<Float32Array[]> {
    await this.load();
    return this.runText(prompts);
  }

  private async runText(prompts: readonly string[]): Promise<Float32Array[]> {
    if (prompts.length === 0) return [];
    const runtime = this.textRuntime!;
    const batch = this.tokenizer!.encodeBatch(prompts, { maxLength: this.text.maxLength, ...(this.text.padToMaxLength ? { padToMaxLength: true } : {}) });
    const dims = [batch.count, batch.length];
    const feeds: Record<string, TensorData> = { [this.text.idsInput ?? "input_ids"]: { data: batch.ids, dims } };
    const maskInput = this.text.maskInput ?? "attention_mask";
    if (runtime.inputs.some((i) => i.name === maskInput)) feeds[maskInput] = { data: batch.attentionMask, dims };
    const out = (await runtime.run(feeds, [this.text.output]))[this.text.output]!;
    const dim = out.data.length / batch.count; // [N, D]
    return Array.from({ length: batch.count }, (_, i) => {
      const v = Float32Array.from(out.data.subarray(i * dim, (i + 1) * dim));
      return this.config.embeddings?.normalize ? l2normalize(v) : v;
    });
  }
}

registerImageRuntime({ name: "onnx-prompts", framework: "onnx", priority: 10, accepts: (spec) => spec.text !== undefined && !spec.network, create: (config, spec) => new OnnxPromptModel({ ...config, text: spec.text! }) });
