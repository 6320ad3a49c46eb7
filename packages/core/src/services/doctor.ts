import {
  type Database,
  type DimensionSpec,
  type DqConfig,
  type FactLoader,
  inject,
  injectAll,
  isDqError,
  quoteIdent,
  type Source,
  type TableDistribution,
  tokens,
} from '@dq/plugin-api';
import type { LoadedPlugin } from '../kernel/kernel.js';
import { kernelTokens } from '../kernel/kernel-tokens.js';
import { citusNodes, hasCitus, tablePlacements } from './citus-distribution.js';
import { MigrationService } from './migration-service.js';
import { probeSources } from './source-probes.js';

/** One finding of `dq doctor`. */
export interface DoctorCheck {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  /** The DqError code behind a failure, when there is one. */
  code?: string;
}

/** `dq doctor`: configuration, plugins, each source's reach, database connectivity and schema state. */
export class Doctor {
  constructor(
    @inject(tokens.config) private readonly config: DqConfig,
    @inject(tokens.database) private readonly database: Database,
    @inject(kernelTokens.plugins) private readonly plugins: readonly LoadedPlugin[],
    @inject(MigrationService) private readonly migrations: MigrationService,
    @injectAll(tokens.source) private readonly sources: readonly Source[],
    @injectAll(tokens.tableDistribution) private readonly distributions: readonly TableDistribution[],
    @injectAll(tokens.dimensionSpec) private readonly dimensionSpecs: readonly DimensionSpec[],
    @injectAll(tokens.factLoader) private readonly factLoaders: readonly FactLoader[],
  ) {}

  async run(): Promise<DoctorCheck[]> {
    const { config } = this;
    const checks: DoctorCheck[] = [
      {
        name: 'config',
        status: 'ok',
        detail: `${config.configFile ?? 'built-in defaults'} (project ${config.project.name}, ${config.project.environment})`,
      },
      { name: 'plugins', status: 'ok', detail: this.plugins.map((p) => p.id).join(', ') || 'none' },
      ...(await probeSources(this.config.sources, this.sources)),
    ];
    const db = this.database;
    try {
      await db.connect();
      const version = await db.query<{ server_version: string }>('SHOW server_version');
      checks.push({
        name: 'database',
        status: 'ok',
        detail: `${db.kind} ${version.rows[0]?.server_version ?? ''} at ${db.location}`,
      });
    } catch (err) {
      checks.push({
        name: 'database',
        status: 'fail',
        detail: (err as Error).message,
        ...(isDqError(err) ? { code: err.code } : {}),
      });
      return checks;
    }
    const pending = await this.migrations.pending();
    checks.push(
      pending.length === 0
        ? { name: 'migrations', status: 'ok', detail: 'schema is up to date' }
        : {
            name: 'migrations',
            status: 'warn',
            detail: `${pending.length} pending (${pending.map((p) => `${p.source}/${p.tag}`).join(', ')}); run \`dq db migrate\``,
          },
    );
    if (pending.length === 0) checks.push(...(await this.distribution()));
    if (pending.length === 0) checks.push(...(await this.warehouse()));
    return checks;
  }

  /** The distribution mode; on Citus, the nodes and where each declared table lives. */
  private async distribution(): Promise<DoctorCheck[]> {
    const db = this.database;
    const mode = this.config.database.distribution;
    const citus = db.kind === 'postgres' && (await hasCitus(db));
    if (mode !== 'citus') {
      return [
        {
          name: 'distribution',
          status: 'ok',
          detail: citus
            ? 'none: plain tables (the database has Citus; set database.distribution: citus to distribute)'
            : 'none: plain tables on one database',
        },
      ];
    }
    if (!citus) {
      return [
        {
          name: 'distribution',
          status: 'fail',
          detail: 'citus is configured, but the database has no Citus extension',
          code: 'DQ_DISTRIBUTION_FAILED',
        },
      ];
    }
    const nodes = await citusNodes(db);
    const workers = nodes.filter((n) => n.role === 'worker');
    const declared = [...this.distributions];
    const placements = await tablePlacements(
      db,
      declared.map((d) => d.name),
    );
    const declaredAs = new Map(declared.map((d) => [d.name, d.placement]));
    const wrong = placements.filter((p) => p.placement !== declaredAs.get(p.table));
    const checks: DoctorCheck[] = [
      {
        name: 'distribution',
        status: 'ok',
        detail: 'citus: facts and aggregates sharded, dimensions reference tables, staging and dq_* local',
      },
      {
        name: 'nodes',
        status: workers.some((w) => w.active) ? 'ok' : 'fail',
        detail:
          nodes.map((n) => `${n.role} ${n.host}:${n.port}${n.active ? '' : ' (inactive)'}`).join(', ') ||
          'none',
      },
    ];
    for (const p of placements) {
      const want = declared.find((d) => d.name === p.table)!;
      const where =
        p.placement === 'sharded'
          ? `sharded by ${p.column} (${p.shards} shards, colocation ${p.colocationId})`
          : p.placement === 'reference'
            ? 'reference (a copy on every node)'
            : 'local on the coordinator';
      checks.push({
        name: 'table',
        status: wrong.includes(p) ? 'warn' : 'ok',
        detail: `${p.table}: ${where}${wrong.includes(p) ? `; declared ${want.placement}: run \`dq db migrate\`` : ''}`,
      });
    }
    return checks;
  }

  /** Row counts per layer, facts on unknown members, and SCD Type 2 window health. */
  private async warehouse(): Promise<DoctorCheck[]> {
    const db = this.database;
    const count = async (table: string, where = 'true') => {
      const exists = await db.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [table]);
      if (!exists.rows[0]?.ok) return undefined;
      const res = await db.query<{ n: number }>(
        `SELECT count(*)::bigint AS n FROM ${quoteIdent(table, 'table')} WHERE ${where}`,
      );
      return res.rows[0]!.n;
    };
    const layer = async (name: string, tables: string[]) => {
      const parts: string[] = [];
      for (const t of [...new Set(tables)]) {
        const n = await count(t);
        if (n !== undefined) parts.push(`${t} ${n.toLocaleString('en-US')}`);
      }
      return { name, status: 'ok' as const, detail: parts.join(', ') || 'no tables yet' };
    };
    const specs = [...this.dimensionSpecs];
    const loaders = [...this.factLoaders];
    const checks: DoctorCheck[] = [
      await layer(
        'staging',
        this.config.sources.map((s) => s.table),
      ),
      await layer(
        'dimensions',
        specs.map((s) => s.table),
      ),
      await layer(
        'facts',
        loaders.flatMap((l) => (l.table ? [l.table] : [])),
      ),
    ];
    for (const loader of loaders) {
      if (!loader.table || !loader.unknownKeyColumns?.length) continue;
      const where = loader.unknownKeyColumns.map((c) => `${quoteIdent(c)} = -1`).join(' OR ');
      const n = await count(loader.table, where);
      if (n === undefined) continue;
      checks.push({
        name: 'unknown',
        status: n > 0 ? 'warn' : 'ok',
        detail: `${loader.table}: ${n.toLocaleString('en-US')} fact(s) on an unknown member (${loader.unknownKeyColumns.join(', ')} = -1)`,
      });
    }
    for (const spec of specs.filter((s) => s.scd === 'type2')) {
      const table = quoteIdent(spec.table, 'table');
      if ((await count(spec.table)) === undefined) continue;
      const key = spec.businessKey.map((k) => quoteIdent(k)).join(', ');
      const res = await db.query<{ multi_current: number; overlaps: number; gaps: number }>(
        `WITH w AS (
           SELECT ${key}, valid_from, valid_to, is_current,
                  lead(valid_from) OVER (PARTITION BY ${key} ORDER BY valid_from) AS next_from
             FROM ${table}
         )
         SELECT (SELECT count(*) FROM (SELECT ${key} FROM ${table} WHERE is_current GROUP BY ${key} HAVING count(*) > 1) m)::int AS multi_current,
                count(*) FILTER (WHERE next_from < valid_to)::int AS overlaps,
                count(*) FILTER (WHERE next_from > valid_to)::int AS gaps
           FROM w`,
      );
      const r = res.rows[0]!;
      const bad = r.multi_current + r.overlaps + r.gaps;
      checks.push({
        name: 'scd2',
        status: bad > 0 ? 'fail' : 'ok',
        detail: `${spec.table}: ${r.multi_current} key(s) with more than one current row, ${r.overlaps} overlapping and ${r.gaps} gapped window(s)`,
      });
    }
    return checks;
  }
}
