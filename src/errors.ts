/**
 * The root of every error modelzoo throws. Each layer defines its own subclasses
 * (`LabelValidationError`, `ImageDecodeError`, `DatasetNotFoundError`, ...) whose
 * message names the thing that went wrong and how to fix it.
 *
 * This file depends on nothing, so every layer may import it.
 */
export class ModelzooError extends Error {
  /** A stable machine-readable code, e.g. `"IMAGE_DECODE"`. */
  readonly code: string;

  /**
   * @param code - stable identifier of the error kind
   * @param message - what went wrong, naming the thing and the fix
   * @param options - standard `ErrorOptions` (`cause`)
   */
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * A write that failed because the disk (or the user's quota) is full (code
 * `DISK_FULL`): errno `ENOSPC` / `EDQUOT`, or SQLite's `SQLITE_FULL`. Names the
 * folder written to and, when known, how much space the operation needed.
 */
export class DiskFullError extends ModelzooError {
  /** The folder that was written to. */
  readonly folder: string;
  /** Bytes the operation needed in all, when known. */
  readonly neededBytes: number | undefined;

  /**
   * @param folder - the folder written to
   * @param neededBytes - bytes the operation needed in all, when known
   * @param options - `cause`: the original error
   */
  constructor(folder: string, neededBytes?: number, options?: ErrorOptions) {
    const needed = neededBytes !== undefined && neededBytes > 0 ? ` (this needs about ${formatBytes(neededBytes)} there)` : "";
    super(
      "DISK_FULL",
      `The disk holding ${folder} is full${needed}. Free some space there, or point MODELZOO_HOME at a disk with more room, and try again.`,
      options,
    );
    this.folder = folder;
    this.neededBytes = neededBytes;
  }
}

/**
 * The {@link DiskFullError} that `err` means — errno `ENOSPC` / `EDQUOT` or SQLite
 * code `SQLITE_FULL`, on the error itself or on its `cause` chain — or undefined when
 * it is another error. The one place where a full disk is recognized.
 */
export function diskFullError(err: unknown, folder: string, neededBytes?: number): DiskFullError | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof DiskFullError) return e;
    const code = (e as { code?: unknown }).code;
    if (code === "ENOSPC" || code === "EDQUOT" || code === "SQLITE_FULL") return new DiskFullError(folder, neededBytes, { cause: err });
  }
  return undefined;
}

function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${n} bytes`;
}

/**
 * A " Did you mean "a" or "b"?" sentence naming up to two of `known` within a small
 * edit distance of `name` (or starting with it: a name typed in part), or "" when
 * none is close. Used by not-found errors.
 */
export function didYouMean(name: string, known: readonly string[]): string {
  const limit = Math.max(2, Math.floor(name.length / 3));
  const lower = name.toLowerCase();
  const near = known
    .map((k) => ({ k, d: k.toLowerCase().startsWith(lower) && lower.length >= 3 ? 0.5 : editDistance(lower, k.toLowerCase()) }))
    .filter(({ d }) => d <= limit)
    .sort((a, b) => a.d - b.d)
    .slice(0, 2)
    .map(({ k }) => `"${k}"`);
  return near.length > 0 ? ` Did you mean ${near.join(" or ")}?` : "";
}

/** Levenshtein distance, two rows at a time. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
