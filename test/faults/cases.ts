/*
 * The fault suite's cases, as data: each test file of test/faults/ runs every case of
 * its tables, and scripts/fault-counts.ts counts them for the README's Reliability
 * section (test/faults/readme.test.ts checks that the README shows these counts).
 */

/** Field names that every JavaScript object already has: each is refused by `sample.set`, `new Sample` and JSON import. */
export const PROTOTYPE_FIELD_NAMES = [
  "__proto__",
  "constructor",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
] as const;

/** `Host` headers the app refuses (`PORT` stands for its port): other names, other ports, none. */
export const HOSTILE_HOSTS = ["evil.example:PORT", "attacker.localhost.evil.example:PORT", "127.0.0.1.nip.io:PORT", "localhost:1", "127.0.0.1", ""] as const;

/** `Origin` headers the app refuses on an otherwise good request. */
export const HOSTILE_ORIGINS = ["http://evil.example", "http://evil.example:PORT", "https://localhost:PORT", "null", "file://"] as const;

/**
 * Label file paths (`maskPath` / `mapPath`) the app must not serve, relative to a
 * scratch folder outside the dataset (`OUT`) or to the dataset's media folder (`MEDIA`).
 */
export const HOSTILE_LABEL_PATHS = [
  { what: "a private key outside the dataset", path: "OUT/id_rsa" },
  { what: "an image outside the dataset's folders", path: "OUT/elsewhere.png" },
  { what: "a non-image file inside the media folder", path: "MEDIA/notes.txt" },
  { what: "a .png symlink in the media folder to a file outside", path: "MEDIA/link.png" },
  { what: "a relative path", path: "media/mask.png" },
  { what: "a path with ..", path: "MEDIA/../OUT/elsewhere.png" },
] as const;

/** Folder entries `Dataset.fromDir` must skip, naming them, without failing. */
export const BAD_FOLDER_ENTRIES = [
  { what: "a link to itself", name: "self.jpg", target: "self.jpg" },
  { what: "two links pointing at each other", name: "a.jpg", target: "b.jpg", partner: { name: "b.jpg", target: "a.jpg" } },
  { what: "a link loop in a subfolder", name: "sub/loop.png", target: "loop.png" },
] as const;

/** Images this user may not read: reported as "permission denied", not corrupt. */
export const UNREADABLE_IMAGES = [
  { what: "a file with mode 000", mode: 0o000 },
  { what: "a file in a folder without search permission", mode: 0o644, folderMode: 0o600 },
] as const;

/** Changes to a downloaded model's files that must be detected before the model is used. */
export const TAMPERINGS = [
  { what: "one byte flipped, same size, mtime changed", flip: true, keepMtime: false, detectedBy: "load" },
  { what: "one byte flipped, same size, mtime restored", flip: true, keepMtime: true, detectedBy: "verify" },
  { what: "one byte flipped, same size, mtime restored", flip: true, keepMtime: true, detectedBy: "download" },
  { what: "the file truncated", truncate: true, keepMtime: true, detectedBy: "load" },
  { what: "the file deleted", remove: true, detectedBy: "load" },
] as const;

/** Points at which a model download is SIGKILLed; the next download (and `models delete`) must leave no staging folder. */
export const KILL_POINTS = [
  { what: "mid-body, then the next download of the model", cleanup: "download" },
  { what: "mid-body, then models delete", cleanup: "delete" },
] as const;

/** Manifest entries that lie or reach outside the model's folder; each download is refused and keeps nothing. */
export const HOSTILE_MANIFESTS = [
  { what: "a pinned sha256 that the file does not have", change: "sha256" },
  { what: "a pinned size that the file does not have", change: "size" },
  { what: "an assembled file that would land outside the model's folder", change: "assemble-escape" },
  { what: "an assembled file made from a file the source does not list", change: "assemble-unlisted" },
  { what: "an http server sending more bytes than the manifest pins", change: "http-oversize" },
] as const;

/** Writes that hit a full disk: each is a DiskFullError naming the folder. */
export const DISK_FULL_WRITES = [
  { what: "a model download", target: "models" },
  { what: "adding samples to a dataset (SQLITE_FULL)", target: "dataset" },
  { what: "creating a dataset", target: "create" },
] as const;

/** The figures of the README's Reliability section. */
export function faultCounts(): { badInputs: number; kills: number; tamperings: number; hostileManifests: number; diskFull: number } {
  return {
    badInputs:
      PROTOTYPE_FIELD_NAMES.length + HOSTILE_HOSTS.length + HOSTILE_ORIGINS.length + HOSTILE_LABEL_PATHS.length + BAD_FOLDER_ENTRIES.length + UNREADABLE_IMAGES.length,
    kills: KILL_POINTS.length,
    tamperings: TAMPERINGS.length,
    hostileManifests: HOSTILE_MANIFESTS.length,
    diskFull: DISK_FULL_WRITES.length,
  };
}
