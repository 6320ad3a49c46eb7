import type { Database, SqlExecutor } from './database.js';
import type { Logger } from './logger.js';

/** How a dimension treats business keys that disappeared from the feed. */
export type HardDeletePolicy = 'ignore' | 'invalidate';

/**
 * A declarative dimension: which staging table feeds which dimension table, and how each column
 * is tracked. SCD strategies turn it into set-based SQL.
 */
export interface DimensionSpec {
  /** Dimension name, e.g. `customer`. */
  name: string;
  /** The SCD strategy type that applies it (`type1`, `type2`, ...). */
  scd: string;
  /** Dimension table, e.g. `dim_customer`. */
  table: string;
  /** Surrogate key column, e.g. `customer_key`. */
  surrogateKey: string;
  /** Staging table it reads. */
  sourceTable: string;
  /** Business key columns (as named in the dimension). */
  businessKey: string[];
  /**
   * Column name in the dimension to a SQL expression over the staging row `s`, which also
   * carries `s.dq_effective_date` (the date the row's values take effect). Business key columns
   * are included. Plugin code writes these expressions; they never come from user input.
   */
  columns: Record<string, string>;
  /**
   * Columns computed from the shaped row `src` (the `columns` above, by their dimension names,
   * plus `src.dq_effective_date`), e.g. age from date_of_birth: each staging value is parsed once.
   */
  derived?: Record<string, string>;
  /**
   * Columns whose change opens a new version (Type 2). Every other non-key column is Type 1:
   * overwritten on every version of the key.
   */
  type2Columns?: string[];
  /**
   * Where a version's effective date comes from: the date stamp (YYYYMMDD) in the row's
   * source_file name, or a SQL expression over `s`. Never the wall clock, so replaying old feeds
   * rebuilds the same history.
   */
  effectiveDate?: { from: 'feedDate' } | { from: 'column'; expression: string };
  /**
   * SQL expression over `src` (the shaped row, with the dimension's column names) for the first
   * version's valid_from, e.g. `src.registration_date`; never later than the effective date.
   */
  initialValidFrom?: string;
  /** Keys missing from the feed: `ignore` (default) or `invalidate` (close the current version). */
  hardDelete?: HardDeletePolicy;
  /** Other dimensions or loaders that must load first (rarely needed). */
  dependsOn?: string[];
}

/** Context for dimension and fact loads. */
export interface WarehouseContext {
  db: Database;
  logger: Logger;
  /** The feed date of the staged data (YYYY-MM-DD), when known. */
  feedDate?: string;
}

/** What a dimension or fact load changed. */
export interface LoadCounts {
  inserted: number;
  updated: number;
  /** Versions closed (Type 2) or rows invalidated. */
  closed?: number;
  /**
   * Rows of the target that the source no longer holds though it sent their group again (a fact
   * item its re-sent transaction lost): kept as they were, counted so a user sees them.
   */
  missing?: number;
}

/** An SCD strategy: applies a dimension spec to its table in one transaction. */
export interface ScdStrategy {
  /** The `scd:` value of specs it applies, e.g. `type2`. */
  readonly type: string;
  readonly description?: string;
  apply(spec: DimensionSpec, tx: SqlExecutor, ctx: WarehouseContext): Promise<LoadCounts>;
}

/** A fact loader: loads one fact or aggregate table, incrementally and idempotently. */
export interface FactLoader {
  /** Unique name, e.g. `fact_transactions`. */
  readonly name: string;
  /** Names of dimensions (`dim:customer`) or fact loaders it needs loaded first. */
  readonly dependsOn: readonly string[];
  /** `fact` loads run before `post` (lifetime metrics, aggregates). */
  readonly phase?: 'fact' | 'post';
  readonly description?: string;
  /** The table it loads, for `dq doctor` counts. */
  readonly table?: string;
  /** Dimension key columns whose -1 (unknown member) `dq doctor` counts. */
  readonly unknownKeyColumns?: readonly string[];
  load(tx: SqlExecutor, ctx: WarehouseContext): Promise<LoadCounts>;
}

/**
 * Where a warehouse table lives when `database.distribution` is `citus` (DESIGN section 12).
 * Plugins declare their tables; `dq db migrate` places them. Tables nobody declares (staging,
 * dq_*) stay local on the coordinator.
 */
export interface TableDistribution {
  /** The table, e.g. `fact_transactions`. */
  name: string;
  /**
   * `sharded`: split across the workers by `column`; `reference`: a full copy on every node
   * (small tables every shard joins, such as dimensions).
   */
  placement: 'sharded' | 'reference';
  /** The distribution column of a sharded table, e.g. `customer_key`. Every unique key includes it. */
  column?: string;
  /** A sharded table whose shards this one shares (joins on `column` stay on one node). */
  colocateWith?: string;
}
