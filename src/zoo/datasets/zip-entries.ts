import fs from "node:fs";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { crc32 } from "node:zlib";
import yauzl from "yauzl";
import { CorruptArchiveError } from "./errors.js";

/**
 * Extracts the entries of a zip file that `pick` maps to a destination path, one
 * stream at a time (the COCO annotations archive is 250 MB: it is never read into
 * memory). Each file is written beside its destination and renamed when complete.
 * Every entry's CRC-32 is checked against the archive's directory (yauzl checks the
 * sizes). Returns the entry names extracted. A damaged archive throws
 * {@link CorruptArchiveError} after deleting the archive.
 */
export async function extractZipEntries(zipFile: string, pick: (entryName: string) => string | undefined): Promise<string[]> {
  const written: string[] = [];
  try {
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(zipFile, { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true }, (err, z) => (err ? reject(err) : resolve(z))),
    );
    await new Promise<void>((resolve, reject) => {
      zip.on("error", reject);
      zip.on("end", () => resolve());
      zip.on("entry", (entry: yauzl.Entry) => {
        const dest = entry.fileName.endsWith("/") ? undefined : pick(entry.fileName);
        if (!dest) return zip.readEntry();
        zip.openReadStream(entry, (err, stream) => {
          if (err) return reject(err);
          fs.mkdirSync(path.dirname(dest), { recursive: true });
          const tmp = `${dest}.${process.pid}.tmp`;
          pipeline(stream, crcCheck(entry), fs.createWriteStream(tmp))
            .then(() => {
              fs.renameSync(tmp, dest);
              written.push(entry.fileName);
              zip.readEntry();
            })
            .catch((e: unknown) => {
              fs.rmSync(tmp, { force: true });
              reject(e instanceof Error ? e : new Error(String(e)));
            });
        });
      });
      zip.readEntry();
    });
  } catch (err) {
    fs.rmSync(zipFile, { force: true });
    throw new CorruptArchiveError(zipFile, (err as Error).message, { cause: err });
  }
  return written;
}

/** Passes an entry's bytes through, failing at the end unless their CRC-32 is the one the archive records. */
function crcCheck(entry: yauzl.Entry): Transform {
  let crc = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      crc = crc32(chunk, crc);
      done(null, chunk);
    },
    flush(done) {
      done(crc >>> 0 === entry.crc32 >>> 0 ? null : new Error(`${entry.fileName} has CRC-32 ${crc >>> 0}, but the archive says ${entry.crc32}`));
    },
  });
}
