import type { Logger } from './logger.js';

/** What `dq generate` asks a generator for. */
export interface GenerateOptions {
  /** Directory to write the files into (created if missing). */
  outDir: string;
  /** Multiplies the base volumes (1 = seed volumes). */
  scale: number;
  /** Same seed (and date) gives byte-identical files. */
  seed: number;
  /** The feed date, YYYYMMDD: file names carry it and no generated date lies after it. */
  date: string;
  /** Add malformed and dirty rows for loads and rules to catch. */
  defects: boolean;
  /**
   * Also write a later-dated customers snapshot in which this percentage of customers changed;
   * with `days`, the percentage that changes from each day to the next.
   */
  changes?: number;
  /**
   * Write one dated set of feeds per day for this many days, ending on `date`, instead of one set
   * holding the whole history (`dq generate --days N`).
   */
  days?: number;
  /**
   * Known incidents to inject into the days, as typed after `--incident`: `DAY:KIND[:TARGET][=AMOUNT]`
   * (the generator documents its kinds, targets and defaults). Requires `days`.
   */
  incidents?: readonly string[];
  /** Base volumes at scale 1 (from config `generate:`). */
  volumes: { customers: number; products: number; transactions: number; campaigns: number };
}

/** One file a generator wrote. */
export interface GeneratedFile {
  /** Feed name, e.g. `crm_customers`. */
  feed: string;
  path: string;
  /** The date stamp in the file name, YYYYMMDD. */
  date?: string;
  /** Data lines written (header excluded), defects included. */
  rows: number;
  /** Of those, lines deliberately malformed (they should end in stg_rejects). */
  malformedRows: number;
}

/** What a generator wrote. */
export interface GenerateResult {
  files: GeneratedFile[];
  /** A JSON file beside the feeds describing the days and every injected incident ({@link GenerateManifest}). */
  manifest?: string;
}

/** An incident a generator injected on one day, as recorded in the manifest. */
export interface InjectedIncident {
  /** 1-based day of the window. */
  day: number;
  /** The day, YYYY-MM-DD. */
  date: string;
  kind: 'volume_drop' | 'null_spike' | 'late_feed' | 'dropped_column';
  /** The feed it hits, e.g. `ecom_transactions`. */
  feed: string;
  /** The column it hits (null_spike, dropped_column). */
  column?: string;
  /** The size: percent of rows dropped or emptied, days late. */
  amount?: number;
  /** One sentence on what was done. */
  description: string;
  /** The files (relative to the manifest) that carry it. */
  files: string[];
  /**
   * Rows it touched: left out (volume_drop), emptied (null_spike), repeated from the earlier
   * delivery (late_feed), or every row of the file (dropped_column).
   */
  rows: number;
  /** late_feed of an event feed: the rows of the late days, which arrive later. */
  delayedRows?: number;
  /** late_feed: the day (YYYY-MM-DD) whose file brings the late rows; absent when none does in the window. */
  arrivesOn?: string;
}

/** The manifest of a multi-day generation (`--days`), written beside the feeds. */
export interface GenerateManifest {
  generator: string;
  seed: number;
  scale: number;
  defects: boolean;
  changes?: number;
  /** The window, YYYY-MM-DD, both ends inclusive. */
  window: { days: number; first: string; last: string };
  /** Per day, the file (relative to the manifest) and data lines of each feed. */
  days: {
    day: number;
    date: string;
    feeds: Record<string, { file: string; rows: number; malformedRows: number }>;
  }[];
  incidents: InjectedIncident[];
}

/** A test-data generator (`dq generate`). */
export interface Generator {
  /** `retail`, ... */
  readonly name: string;
  readonly description?: string;
  generate(
    options: GenerateOptions,
    ctx: { logger: Logger; onProgress?: (feed: string, rows: number) => void },
  ): Promise<GenerateResult>;
}
