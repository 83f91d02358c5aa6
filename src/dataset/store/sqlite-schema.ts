/**
 * The tables of a dataset file. Samples get an integer `seq` (SQLite's rowid) used
 * as the join key — compact and ordered by insertion — while `id` is the public id.
 * Field values live one row per (field, sample) so that writing one field of a
 * batch touches only those rows, and vectors can be BLOBs.
 */
/** Version of the table layout, kept in SQLite's `user_version`; newer files are refused. */
export const SCHEMA_VERSION = 2;

/**
 * Runs recorded with the dataset (brain runs): the info as JSON, the binary parts
 * (vectors, index graphs, coordinates) as BLOBs. Added in format 2; opening a format-1
 * file adds them.
 */
export const RUN_TABLES = `
CREATE TABLE IF NOT EXISTS runs (
  key  TEXT PRIMARY KEY,
  info TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS run_parts (
  run_key TEXT NOT NULL REFERENCES runs (key) ON DELETE CASCADE,
  name    TEXT NOT NULL,
  data    BLOB NOT NULL,
  PRIMARY KEY (run_key, name)
) WITHOUT ROWID;
`;

/** DDL of a new dataset file (idempotent). */
export const CREATE_TABLES = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS samples (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT NOT NULL UNIQUE,
  filepath   TEXT NOT NULL,
  media_type TEXT NOT NULL CHECK (media_type IN ('image', 'video')),
  tags       TEXT NOT NULL DEFAULT '[]',
  metadata   TEXT
);
CREATE TABLE IF NOT EXISTS sample_fields (
  name       TEXT NOT NULL,
  sample_seq INTEGER NOT NULL REFERENCES samples (seq) ON DELETE CASCADE,
  json       TEXT,
  blob       BLOB,
  PRIMARY KEY (name, sample_seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sample_fields_by_sample ON sample_fields (sample_seq);
CREATE TABLE IF NOT EXISTS frames (
  sample_seq   INTEGER NOT NULL REFERENCES samples (seq) ON DELETE CASCADE,
  frame_number INTEGER NOT NULL CHECK (frame_number >= 1),
  name         TEXT NOT NULL,
  json         TEXT,
  blob         BLOB,
  PRIMARY KEY (sample_seq, frame_number, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS field_schema (
  name  TEXT NOT NULL,
  frame INTEGER NOT NULL,
  type  TEXT NOT NULL,
  PRIMARY KEY (name, frame)
);
${RUN_TABLES}`;
