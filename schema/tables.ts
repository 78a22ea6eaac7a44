// Table types for Kysely: the shape of every table created by schema/migrations.
import type { ColumnType, Generated, JSONColumnType, RawBuilder } from 'kysely';
import type { SourceLocation } from '../src/core/source.js';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface CapturesTable {
  id: Generated<number>;
  source: string;
  period: string | null;
  scope: string | null;
  sha256: string;
  file_name: string | null;
  media_type: string;
  size_bytes: number;
  content: Uint8Array | null;
  archive_path: string | null;
  request: JSONColumnType<Record<string, unknown>> | null;
  metadata: JSONColumnType<Record<string, unknown>>;
  captured_at: CreatedAt;
  parsed_at: Date | null;
  parse_error: string | null;
}

export interface MetricValuesTable {
  id: Generated<number>;
  capture_id: number;
  period: string;
  unit_code: string;
  metric: string;
  source: string;
  value: number | null;
  location: JSONColumnType<SourceLocation>;
  created_at: CreatedAt;
}

export interface MetricCurrentTable {
  period: string;
  source: string;
  unit_code: string;
  metric: string;
  value: number | null;
  capture_id: number;
  metric_value_id: number;
}

export interface QuarantineTable {
  id: Generated<number>;
  capture_id: number | null;
  run_id: number | null;
  period: string | null;
  source: string;
  location: JSONColumnType<SourceLocation>;
  found: string | null;
  expected: string | null;
  reason: string;
  created_at: CreatedAt;
}

/** Which month and kind a capture was read for (0006): at most one use per (capture, month). */
export interface CaptureUsesTable {
  capture_id: number;
  period: string;
  source: string;
  metrics: number;
  /** Every problem found, including those beyond the quarantine cap. */
  problems: number;
  run_id: number | null;
  used_at: CreatedAt;
}

export interface SnapshotsTable {
  id: Generated<number>;
  framework: string;
  framework_hash: string;
  period: string;
  revision: number;
  inputs_hash: string;
  complete: boolean;
  trigger: string;
  run_id: number | null;
  unit_count: number;
  changes: JSONColumnType<unknown[]>;
  created_at: CreatedAt;
}

export interface SnapshotRowsTable {
  snapshot_id: number;
  unit_code: string;
  unit_name: string;
  rank: number;
  total: number;
  converted: number;
  classification: string;
  indicators: JSONColumnType<Record<string, unknown>>;
  missing: JSONColumnType<string[]>;
}

export interface SnapshotInputsTable {
  snapshot_id: number;
  unit_code: string;
  metric: string;
  source: string;
  value: number | null;
  capture_id: number | null;
}

export interface PublishedSnapshotsTable {
  framework: string;
  period: string;
  snapshot_id: number;
  published_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** One publication of a revision: who asked (trigger, run, actor) and why (complete, or --allow-incomplete). */
export interface SnapshotPublicationsTable {
  id: Generated<number>;
  snapshot_id: number;
  framework: string;
  period: string;
  published_at: ColumnType<Date, Date | string | undefined, Date | string>;
  trigger: string;
  run_id: number | null;
  actor: string | null;
  reason: 'complete' | 'allow-incomplete';
}

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** One stage of a run: capture per source × province, then normalise-score-snapshot. */
export interface RunStage {
  name: string;
  /** 'retrying': this attempt failed and the queue will try again at `nextAttemptAt`. */
  status: 'running' | 'retrying' | 'succeeded' | 'failed' | 'skipped';
  /** Start of the current attempt. */
  startedAt: string;
  /** Start of the first attempt (set from the second attempt on): a step's duration spans all attempts. */
  firstStartedAt?: string;
  finishedAt?: string;
  /** Duration of the current attempt. */
  ms?: number;
  detail?: Record<string, unknown>;
  error?: string;
  /** Attempt number (1-based) and how many the queue allows; absent in-process (one attempt). */
  attempt?: number;
  maxAttempts?: number;
  nextAttemptAt?: string;
  /** The previous attempt's error while a later attempt runs. */
  lastError?: string;
}

export interface RunsTable {
  id: Generated<number>;
  trigger: string;
  framework: string;
  period: string;
  status: RunStatus;
  dedupe_key: string | null;
  sources: JSONColumnType<string[]>;
  options: ColumnType<Record<string, unknown>, string | undefined, string>;
  stages: ColumnType<RunStage[], string | undefined, string>;
  job_ids: ColumnType<string[], string | undefined, string | RawBuilder<unknown>>;
  error: string | null;
  snapshot_id: number | null;
  created_at: CreatedAt;
  started_at: Date | null;
  finished_at: Date | null;
  /** host:pid of the process executing an inline run (null for queue runs; 0007). */
  owner: ColumnType<string | null, string | null | undefined, string | null>;
  /** Last sign of life of that process. */
  heartbeat_at: ColumnType<Date | null, Date | null | undefined, Date | null | RawBuilder<unknown>>;
}

export interface SourceStateTable {
  source: string;
  breaker_open: boolean;
  reason: string | null;
  opened_at: Date | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface HeartbeatsTable {
  role: string;
  instance: string;
  details: JSONColumnType<Record<string, unknown>>;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Last successful capture per (framework, month, source, province); kept by a trigger on runs (0003). */
export interface SourceFreshnessTable {
  framework: string;
  period: string;
  source: string;
  province_code: string;
  last_success_at: Date;
  run_id: number;
}

/** The one row naming this deployment; its id namespaces the queues in Redis (0005). */
export interface DeploymentTable {
  one: ColumnType<boolean, boolean | undefined, never>;
  id: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

/** A source's id of a unit (portal departmentId), learned while parsing (0011). */
export interface UnitLinksTable {
  source: string;
  external_id: string;
  external_code: string | null;
  name: string;
  province_code: string;
  kind: 'commune' | 'agency';
  unit_code: string;
  capture_id: number | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface Database {
  deployment: DeploymentTable;
  runs: RunsTable;
  source_state: SourceStateTable;
  heartbeats: HeartbeatsTable;
  source_freshness: SourceFreshnessTable;
  captures: CapturesTable;
  capture_uses: CaptureUsesTable;
  metric_values: MetricValuesTable;
  metric_current: MetricCurrentTable;
  quarantine: QuarantineTable;
  snapshots: SnapshotsTable;
  snapshot_rows: SnapshotRowsTable;
  snapshot_inputs: SnapshotInputsTable;
  published_snapshots: PublishedSnapshotsTable;
  snapshot_publications: SnapshotPublicationsTable;
  unit_links: UnitLinksTable;
}
