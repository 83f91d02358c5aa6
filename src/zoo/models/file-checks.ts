import { createHash } from "node:crypto";
import fs from "node:fs";
import { ChecksumMismatchError } from "../errors.js";
import type { RemoteModelFile } from "./manifest-schema.js";

/** The sha256 of a file, streamed (model files can be large). */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** What a file was found to be. */
export interface FileFacts {
  /** Lowercase hex sha256. */
  sha256: string;
  /** Size in bytes. */
  size: number;
}

/**
 * Throws {@link ChecksumMismatchError} unless `file` has the expected size and sha256
 * (each checked when known; `reference` names where the expected values come from);
 * returns the file's actual size and sha256.
 */
export async function verifyFile(file: string, expected: RemoteModelFile, reference = "the manifest"): Promise<FileFacts> {
  const size = fs.statSync(file).size;
  if (expected.size !== undefined && size !== expected.size) throw new ChecksumMismatchError(file, "size", expected.size, size, reference);
  const sha = await sha256File(file);
  if (expected.sha256 !== undefined && sha !== expected.sha256) throw new ChecksumMismatchError(file, "sha256", expected.sha256, sha, reference);
  return { sha256: sha, size };
}
