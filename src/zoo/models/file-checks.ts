import { createHash } from "node:crypto";
import fs from "node:fs";
import { ChecksumMismatchError } from "../errors.js";
import type { ModelFile } from "./manifest-schema.js";

/** The sha256 of a file, streamed (model files can be large). */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Throws {@link ChecksumMismatchError} unless `file` has the manifest's size and sha256. */
export async function verifyFile(file: string, expected: ModelFile): Promise<void> {
  const size = fs.statSync(file).size;
  if (size !== expected.size) throw new ChecksumMismatchError(file, "size", expected.size, size);
  const sha = await sha256File(file);
  if (sha !== expected.sha256) throw new ChecksumMismatchError(file, "sha256", expected.sha256, sha);
}
