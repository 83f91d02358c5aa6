import { z } from "zod";
import type { Label } from "../labels/index.js";
import { CLASS_LISTS } from "./class-lists.js";
import { ProcessorOptionsError } from "./errors.js";
import type { DecodeContext, OutputTensor } from "./processor-types.js";

/**
 * The registry of output-processor families. Each processor module registers its
 * family when it is loaded: the type name a manifest uses, a zod schema of its options,
 * the side files those options name (read from the model's folder), and its factory.
 * The manifest schema validates `processor.options` through this registry when the
 * catalog loads, so a bad option is reported with the entry and the field before any
 * model runs. Adding a family is one module that calls {@link registerProcessor} (and is
 * imported by `processors/index.ts`), plus manifest entries that name its type.
 */

/** What a processor returns for one image (the models layer's `ModelOutput`, declared here structurally). */
export type ProcessorOutput =
  | Label
  | Readonly<Record<string, Label | null>>
  | ReadonlyMap<number, Label | Readonly<Record<string, Label | null>> | null>
  | null;

/** A processor as the registry builds it (structurally the models layer's `OutputProcessor`). */
export interface RegisteredProcessor {
  /** The output tensor names the processor reads (all when omitted). */
  readonly outputNames?: readonly string[];
  /** Labels for the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): ProcessorOutput;
}

/** Reads a side file named by a processor's options, from the model's folder. */
export interface ProcessorFiles {
  /** The text of `file` (a path relative to the model's folder, one of the entry's files). */
  text(file: string): string;
}

/** One processor family: see the module comment. */
export interface ProcessorFamily<O> {
  /** The type name manifests use, e.g. `"yolo"`. */
  readonly type: string;
  /** The schema of the options as they appear in a manifest (JSON); its output is what `create` takes. */
  readonly options: z.ZodType<O>;
  /** The side files the (parsed) options name, relative to the model's folder (e.g. a dictionary). */
  readonly files?: (options: O) => readonly string[];
  /** Builds the processor from parsed options; `files` reads the side files. */
  create(options: O, files: ProcessorFiles): RegisteredProcessor;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- families of every option type share the map
const FAMILIES = new Map<string, ProcessorFamily<any>>();

/** Registers a processor family (see the module comment). Registering another family under a taken type name throws. */
export function registerProcessor<O>(family: ProcessorFamily<O>): void {
  const existing = FAMILIES.get(family.type);
  if (existing !== undefined && existing !== family) {
    throw new ProcessorOptionsError(`A processor family called "${family.type}" is already registered; pick another type name.`);
  }
  FAMILIES.set(family.type, family);
}

/** The registered family called `type`, or undefined. */
export function processorFamily(type: string): ProcessorFamily<unknown> | undefined {
  return FAMILIES.get(type);
}

/** The registered type names, sorted. */
export function processorTypes(): string[] {
  return [...FAMILIES.keys()].sort();
}

/** A problem with a processor spec: where (`path` inside the spec) and what. */
export interface ProcessorSpecIssue {
  /** Path inside `{ type, options }`, e.g. `["options", "format"]`. */
  path: (string | number)[];
  /** What is wrong and what is accepted. */
  message: string;
}

/** Problems of `{ type, options }` (empty when the family exists and accepts the options). */
export function processorSpecIssues(type: string, options: unknown): ProcessorSpecIssue[] {
  const family = FAMILIES.get(type);
  if (!family) return [{ path: ["type"], message: `no processor family is called "${type}"; registered: ${processorTypes().join(", ")}` }];
  const parsed = family.options.safeParse(options ?? {});
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => ({ path: ["options", ...i.path.map((p) => (typeof p === "symbol" ? String(p) : p))], message: i.message }));
}

/**
 * Builds the processor of family `type` from manifest options: they are parsed by the
 * family's schema (a bad one is a {@link ProcessorOptionsError} naming the option), and
 * the side files they name are read through `files`.
 */
export function createProcessor(type: string, options: unknown, files: ProcessorFiles = noFiles(type)): RegisteredProcessor {
  const family = FAMILIES.get(type);
  if (!family) throw new ProcessorOptionsError(`No processor family is called "${type}"; registered: ${processorTypes().join(", ")}.`);
  const parsed = family.options.safeParse(options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ProcessorOptionsError(`Processor "${type}": option ${issue.path.map(String).join(".") || "(all)"}: ${issue.message}.`);
  }
  return family.create(parsed.data, files);
}

function noFiles(type: string): ProcessorFiles {
  return {
    text(file) {
      throw new ProcessorOptionsError(`Processor "${type}" needs the file ${file}, but no model folder was given to read it from; build it through the zoo.`);
    },
  };
}

/*
 * Schemas of options shared by many families. Numbers are checked here once; the
 * processors keep their own checks for callers that construct them directly.
 */

/** A fraction in [0, 1] (scores, IoU thresholds). */
export const fraction = z.number().min(0).max(1);
/** A count of 1 or more. */
export const count = z.number().int().positive();
/** A tensor name. */
export const outputName = z.string().min(1);
/** Class names, or the name of a built-in list (`"coco"`, `"imagenet-1k"`, ...). */
export const classesOption = z.union([z.array(z.string()).min(1), z.enum(Object.keys(CLASS_LISTS) as [keyof typeof CLASS_LISTS, ...(keyof typeof CLASS_LISTS)[]])]);
/** `minScore`, `iouThreshold`, `maxDetections` of a detector. */
export const detectionLimits = { minScore: fraction.optional(), iouThreshold: fraction.optional(), maxDetections: count.optional() };
/** `"nchw"` or `"nhwc"`. */
export const denseLayout = z.enum(["nchw", "nhwc"]);
