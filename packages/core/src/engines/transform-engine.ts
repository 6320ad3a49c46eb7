import {
  type Database,
  type DimensionSpec,
  DqError,
  type FactLoader,
  inject,
  injectAll,
  isDqError,
  type LoadCounts,
  type Logger,
  quoteIdent,
  type ScdStrategy,
  tokens,
} from '@dq/plugin-api';

/** One step of a transform: a dimension or a loader. */
export interface TransformStep {
  name: string;
  kind: 'dimension' | 'fact' | 'post';
  counts: LoadCounts;
  ms: number;
}

/** The outcome of `dq transform`. */
export interface TransformResult {
  steps: TransformStep[];
  ms: number;
}

/**
 * `dq transform`: every dimension spec through its SCD strategy, then the fact loaders, then the
 * post-processing loaders (lifetime metrics, aggregates), each group ordered by the declared
 * dependencies. Each step is one transaction: a failure rolls back that step and stops the run.
 */
export class TransformEngine {
  constructor(
    @inject(tokens.database) private readonly database: Database,
    @inject(tokens.logger) private readonly logger: Logger,
    @injectAll(tokens.dimensionSpec) private readonly dimensionSpecs: readonly DimensionSpec[],
    @injectAll(tokens.scdStrategy) private readonly scdStrategies: readonly ScdStrategy[],
    @injectAll(tokens.factLoader) private readonly factLoaders: readonly FactLoader[],
  ) {}

  /** The steps in execution order, checked (unknown SCD types or dependencies are errors). */
  plan(): { dimensions: DimensionSpec[]; facts: FactLoader[]; post: FactLoader[] } {
    const specs = this.dimensionSpecs;
    const strategies = new Set(this.scdStrategies.map((s) => s.type));
    const badType = specs.filter((s) => !strategies.has(s.scd));
    if (badType.length > 0) {
      throw new DqError(
        'DQ_CONFIG_INVALID',
        `No SCD strategy of type ${badType.map((s) => `"${s.scd}" (dimension ${s.name})`).join(', ')} is registered.`,
        { hint: `Registered types: ${[...strategies].join(', ') || 'none'}.` },
      );
    }
    const loaders = this.factLoaders;
    const known = new Set([...specs.map((s) => `dim:${s.name}`), ...loaders.map((l) => l.name)]);
    for (const loader of loaders) {
      const missing = loader.dependsOn.filter((d) => !known.has(d));
      if (missing.length > 0) {
        throw new DqError(
          'DQ_CONFIG_INVALID',
          `Loader ${loader.name} depends on unknown ${missing.join(', ')}.`,
          {
            hint: `Known: ${[...known].join(', ')}.`,
          },
        );
      }
    }
    const ordered = topological(loaders);
    return {
      dimensions: [...specs],
      facts: ordered.filter((l) => (l.phase ?? 'fact') === 'fact'),
      post: ordered.filter((l) => l.phase === 'post'),
    };
  }

  async run(hooks: { onStep?(step: TransformStep): void } = {}): Promise<TransformResult> {
    const started = performance.now();
    const { dimensions, facts, post } = this.plan();
    const { database: db, logger } = this;
    const strategies = new Map(this.scdStrategies.map((s) => [s.type, s]));
    const steps: TransformStep[] = [];
    const record = async (name: string, kind: TransformStep['kind'], work: () => Promise<LoadCounts>) => {
      const t0 = performance.now();
      let counts: LoadCounts;
      try {
        counts = await work();
      } catch (err) {
        if (isDqError(err) && err.code === 'DQ_RUN_LOCK_LOST') throw err;
        throw new DqError(
          'DQ_TRANSFORM_FAILED',
          `${kind} ${name} failed and was rolled back: ${(err as Error).message}`,
          {
            cause: err,
          },
        );
      }
      const step = { name, kind, counts, ms: Math.round(performance.now() - t0) };
      steps.push(step);
      logger.info(step, 'transform step done');
      hooks.onStep?.(step);
    };
    const ctx = { db, logger };
    const settings = transformSettings(db.kind);
    // Each step refreshes its table's statistics: the next step joins it, and a table filled in
    // this run has none yet (the planner would then choose nested loops over 100k-row tables).
    // ANALYZE runs after the step's commit: Citus cannot analyze a table whose shards the same
    // transaction has written (DESIGN section 12), and the step's work is durable either way.
    const analyze = (table: string) =>
      db.transaction((tx) => tx.exec(`ANALYZE ${quoteIdent(table, 'table')}`), {
        settings: { default_statistics_target: settings.default_statistics_target! },
      });
    for (const spec of dimensions) {
      await record(spec.table, 'dimension', async () => {
        const counts = await db.transaction((tx) => strategies.get(spec.scd)!.apply(spec, tx, ctx), {
          settings,
        });
        await analyze(spec.table);
        return counts;
      });
    }
    for (const loader of [...facts, ...post]) {
      await record(loader.name, loader.phase === 'post' ? 'post' : 'fact', async () => {
        const counts = await db.transaction((tx) => loader.load(tx, ctx), { settings });
        if (loader.table) await analyze(loader.table);
        return counts;
      });
    }
    return { steps, ms: Math.round(performance.now() - started) };
  }
}

/**
 * The session settings of every transform step (SET LOCAL: they end with the step).
 * - jit off: JIT compilation (on by default on servers) spent longer compiling these one-off batch
 *   statements than running them (29 s against 3 s for fact_transactions at scale 1).
 * - work_mem: the steps sort and hash whole staging tables (DISTINCT ON over 362k items, hash
 *   joins over 200k headers at scale 1; ten times that at scale 10). At the default 4 MB those
 *   spill to disk in external merges and multi-batch hashes; 256 MB on a server keeps scale 10
 *   in memory (a node uses what its data needs, not the limit). The embedded database lives in
 *   dq's own process, so it gets 64 MB: scale 1 stays in memory and dq's memory stays bounded.
 * - default_statistics_target: each step's ANALYZE (for the next step's joins) samples 3,000 rows
 *   instead of 30,000: the joins need row counts and key statistics, not fine histograms, and the
 *   full sample cost 2-3 s per table at scale 1 on a busy machine. autovacuum's own ANALYZE later
 *   refreshes them at the database's target.
 */
export function transformSettings(kind: 'postgres' | 'pglite'): Record<string, string> {
  return {
    jit: 'off',
    work_mem: kind === 'postgres' ? '256MB' : '64MB',
    default_statistics_target: '10',
  };
}

/** Loaders ordered so each comes after the loaders it depends on (dimensions always run first). */
function topological(loaders: readonly FactLoader[]): FactLoader[] {
  const byName = new Map(loaders.map((l) => [l.name, l]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: FactLoader[] = [];
  const visit = (loader: FactLoader, path: string[]) => {
    if (done.has(loader.name)) return;
    if (visiting.has(loader.name)) {
      throw new DqError(
        'DQ_CONFIG_INVALID',
        `Loaders depend on each other in a cycle: ${[...path, loader.name].join(' -> ')}.`,
      );
    }
    visiting.add(loader.name);
    for (const dep of loader.dependsOn) {
      const next = byName.get(dep);
      if (next) visit(next, [...path, loader.name]);
    }
    visiting.delete(loader.name);
    done.add(loader.name);
    out.push(loader);
  };
  for (const loader of loaders) visit(loader, []);
  return out;
}
