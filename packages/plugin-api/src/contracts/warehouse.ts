import type { Database, SqlExecutor } from './database.js';
import type { Logger } from './logger.js';

/** How a dimension treats business keys that disappeared from the feed. */
export type HardDeletePolicy = 'ignore' | 'invalidate' | 'new_record';

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
  /** Column name in the dimension to a SQL expression over the staging row `s`. */
  columns: Record<string, string>;
  /** Columns whose change opens a new version (Type 2). */
  type2Columns?: string[];
  /** Columns overwritten on every version (Type 1). */
  type1Columns?: string[];
  /** Where a new version's effective date comes from: the feed's date stamp or a column expr. */
  effectiveDate?: { from: 'feedDate' } | { from: 'column'; expression: string };
  /** Expression for the first version's valid_from (e.g. registration date). */
  initialValidFrom?: string;
  hardDelete?: HardDeletePolicy;
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
  load(tx: SqlExecutor, ctx: WarehouseContext): Promise<LoadCounts>;
}
