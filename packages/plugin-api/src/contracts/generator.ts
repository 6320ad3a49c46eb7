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
  /** Also write a later-dated customers snapshot in which this percentage of customers changed. */
  changes?: number;
  /** Base volumes at scale 1 (from config `generate:`). */
  volumes: { customers: number; products: number; transactions: number; campaigns: number };
}

/** One file a generator wrote. */
export interface GeneratedFile {
  /** Feed name, e.g. `crm_customers`. */
  feed: string;
  path: string;
  /** Data lines written (header excluded), defects included. */
  rows: number;
  /** Of those, lines deliberately malformed (they should end in stg_rejects). */
  malformedRows: number;
}

/** A test-data generator (`dq generate`). */
export interface Generator {
  /** `retail`, ... */
  readonly name: string;
  readonly description?: string;
  generate(
    options: GenerateOptions,
    ctx: { logger: Logger; onProgress?: (feed: string, rows: number) => void },
  ): Promise<GeneratedFile[]>;
}
