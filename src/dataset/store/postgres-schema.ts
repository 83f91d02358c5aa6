/**
 * The tables of the PostgreSQL store: every dataset of a database shares them,
 * keyed by `dataset_id`. As in the SQLite layout, samples get an integer `seq` (the
 * join key, ordered by insertion) and field values live one row per (sample, field)
 * so that writing one field of a batch touches only those rows; labels are JSONB,
 * vectors BYTEA (little-endian float32).
 *
 * Migrations are applied in order, each once, under an advisory lock so that many
 * processes starting at the same time do not race; the applied versions are kept in
 * `modelzoo_migrations`. A database migrated by a newer modelzoo is refused.
 */

/** One schema change. */
export interface Migration {
  /** 1, 2, ...: applied in order, each once. */
  version: number;
  /** SQL run in one transaction. */
  sql: string;
}

/** The migrations this modelzoo knows; the last version is the newest layout it reads. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE modelzoo_datasets (
  id         BIGSERIAL PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  record     JSONB NOT NULL,
  owner_host TEXT
);
CREATE TABLE modelzoo_samples (
  seq        BIGSERIAL PRIMARY KEY,
  dataset_id BIGINT NOT NULL REFERENCES modelzoo_datasets (id) ON DELETE CASCADE,
  id         TEXT NOT NULL,
  filepath   TEXT NOT NULL,
  media_type TEXT NOT NULL CHECK (media_type IN ('image', 'video')),
  tags       JSONB NOT NULL DEFAULT '[]',
  metadata   JSONB,
  UNIQUE (dataset_id, id)
);
CREATE TABLE modelzoo_sample_fields (
  sample_seq BIGINT NOT NULL REFERENCES modelzoo_samples (seq) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  dataset_id BIGINT NOT NULL REFERENCES modelzoo_datasets (id) ON DELETE CASCADE,
  json       JSONB,
  blob       BYTEA,
  PRIMARY KEY (sample_seq, name)
);
CREATE INDEX modelzoo_sample_fields_by_name ON modelzoo_sample_fields (dataset_id, name, sample_seq);
CREATE TABLE modelzoo_frames (
  sample_seq   BIGINT NOT NULL REFERENCES modelzoo_samples (seq) ON DELETE CASCADE,
  frame_number INTEGER NOT NULL CHECK (frame_number >= 1),
  name         TEXT NOT NULL,
  dataset_id   BIGINT NOT NULL REFERENCES modelzoo_datasets (id) ON DELETE CASCADE,
  json         JSONB,
  blob         BYTEA,
  PRIMARY KEY (sample_seq, frame_number, name)
);
CREATE INDEX modelzoo_frames_by_name ON modelzoo_frames (dataset_id, name);
CREATE TABLE modelzoo_field_schema (
  dataset_id BIGINT NOT NULL REFERENCES modelzoo_datasets (id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  frame      BOOLEAN NOT NULL,
  type       TEXT NOT NULL,
  ord        BIGSERIAL,
  PRIMARY KEY (dataset_id, name, frame)
);
`,
  },
  {
    version: 2,
    sql: `
CREATE TABLE modelzoo_applied (
  key        TEXT NOT NULL,
  sample_seq BIGINT NOT NULL REFERENCES modelzoo_samples (seq) ON DELETE CASCADE,
  dataset_id BIGINT NOT NULL REFERENCES modelzoo_datasets (id) ON DELETE CASCADE,
  PRIMARY KEY (key, sample_seq)
);
CREATE INDEX modelzoo_applied_by_sample ON modelzoo_applied (sample_seq);
`,
  },
  {
    // Runs recorded with a dataset (brain runs: similarity indexes, visualizations), so
    // every machine sharing the database sees them; binary parts as BYTEA.
    version: 3,
    sql: `
CREATE TABLE modelzoo_runs (
  dataset_id BIGINT NOT NULL REFERENCES modelzoo_datasets (id) ON DELETE CASCADE,
  key        TEXT NOT NULL,
  info       JSONB NOT NULL,
  PRIMARY KEY (dataset_id, key)
);
CREATE TABLE modelzoo_run_parts (
  dataset_id BIGINT NOT NULL,
  run_key    TEXT NOT NULL,
  name       TEXT NOT NULL,
  data       BYTEA NOT NULL,
  PRIMARY KEY (dataset_id, run_key, name),
  FOREIGN KEY (dataset_id, run_key) REFERENCES modelzoo_runs (dataset_id, key) ON DELETE CASCADE
);
`,
  },
];

/** The newest layout this modelzoo reads. */
export const PG_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Key of the advisory lock held while migrating (any constant shared by all modelzoo processes). */
export const MIGRATION_LOCK = 0x6d6f64656c7a;
