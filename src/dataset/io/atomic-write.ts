import fs from "node:fs";
import path from "node:path";

/**
 * Writes a file through a temporary sibling and a rename, so that a crash never
 * leaves a half-written export where a complete one is expected.
 */
export async function writeFileAtomic(file: string, write: (out: fs.WriteStream) => Promise<void>): Promise<void> {
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  const out = fs.createWriteStream(tmp);
  try {
    await write(out);
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    fs.renameSync(tmp, target);
  } catch (err) {
    out.destroy();
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** Writes a chunk, waiting for the stream to drain when its buffer is full. */
export async function writeChunk(out: fs.WriteStream, chunk: string): Promise<void> {
  if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", resolve));
}
