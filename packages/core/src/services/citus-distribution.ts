import { DqError, type SqlExecutor, type TableDistribution } from '@dq/plugin-api';

/** How one table is placed right now. */
export interface TablePlacement {
  table: string;
  /** `sharded` (hash-distributed), `reference` (a copy on every node), `local` (coordinator only). */
  placement: 'sharded' | 'reference' | 'local';
  column?: string;
  /** Citus colocation group: sharded tables with the same id join shard by shard. */
  colocationId?: number;
  shards?: number;
}

/** One node of the cluster (pg_dist_node). */
export interface CitusNode {
  host: string;
  port: number;
  role: 'coordinator' | 'worker';
  active: boolean;
}

/** What `dq db migrate` did to one declared table. */
export interface DistributionStep {
  table: string;
  placement: 'sharded' | 'reference';
  /** `created`: placed in this run; `kept`: already placed as declared. */
  action: 'created' | 'kept';
}

/** True when the database has the Citus extension (a plain server and PGlite do not). */
export async function hasCitus(db: SqlExecutor): Promise<boolean> {
  const res = await db.query<{ ok: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS ok",
  );
  return res.rows[0]?.ok === true;
}

/** The Citus placement of every table (local when Citus does not know it). */
export async function tablePlacements(db: SqlExecutor, tables: readonly string[]): Promise<TablePlacement[]> {
  const res = await db.query<{
    table_name: string;
    citus_table_type: string | null;
    distribution_column: string | null;
    colocation_id: number | null;
    shard_count: number | null;
  }>(
    `SELECT t.name AS table_name, c.citus_table_type, c.distribution_column,
            c.colocation_id::int AS colocation_id, c.shard_count::int AS shard_count
       FROM unnest($1::text[]) WITH ORDINALITY AS t(name, n)
       LEFT JOIN citus_tables c ON c.table_name = to_regclass(t.name)
      ORDER BY t.n`,
    [tables],
  );
  return res.rows.map((r) => {
    if (r.citus_table_type === 'distributed') {
      return {
        table: r.table_name,
        placement: 'sharded' as const,
        column: r.distribution_column ?? undefined,
        colocationId: r.colocation_id ?? undefined,
        shards: r.shard_count ?? undefined,
      };
    }
    if (r.citus_table_type === 'reference') return { table: r.table_name, placement: 'reference' as const };
    return { table: r.table_name, placement: 'local' as const };
  });
}

/** The coordinator and workers registered in pg_dist_node. */
export async function citusNodes(db: SqlExecutor): Promise<CitusNode[]> {
  const res = await db.query<{ nodename: string; nodeport: number; groupid: number; isactive: boolean }>(
    `SELECT nodename, nodeport, groupid, isactive FROM pg_dist_node
      WHERE noderole = 'primary' ORDER BY groupid, nodename, nodeport`,
  );
  return res.rows.map((r) => ({
    host: r.nodename,
    port: r.nodeport,
    role: r.groupid === 0 ? 'coordinator' : 'worker',
    active: r.isactive,
  }));
}

/**
 * Places the declared tables on Citus: reference tables first (every shard joins them), then the
 * sharded tables, each co-located with the table it names. Idempotent: a table already placed as
 * declared is kept; one placed otherwise is an error (dq never reshuffles data behind a user's
 * back). Rows already in a table move into its shards. Tables nobody declares stay local.
 */
export async function distributeTables(
  db: SqlExecutor,
  declared: readonly TableDistribution[],
): Promise<DistributionStep[]> {
  if (!(await hasCitus(db))) {
    throw new DqError(
      'DQ_DISTRIBUTION_FAILED',
      'database.distribution is citus, but the database has no Citus extension (CREATE EXTENSION citus).',
    );
  }
  const workers = (await citusNodes(db)).filter((n) => n.role === 'worker' && n.active);
  if (workers.length === 0) {
    throw new DqError(
      'DQ_DISTRIBUTION_FAILED',
      'database.distribution is citus, but the coordinator has no active worker (SELECT * FROM pg_dist_node).',
    );
  }
  const ordered = orderForPlacement(declared);
  const current = new Map(
    (
      await tablePlacements(
        db,
        ordered.map((d) => d.name),
      )
    ).map((p) => [p.table, p]),
  );
  const steps: DistributionStep[] = [];
  for (const d of ordered) {
    const now = current.get(d.name);
    if ((await db.query('SELECT 1 FROM pg_class WHERE oid = to_regclass($1)', [d.name])).rowCount === 0) {
      throw new DqError(
        'DQ_DISTRIBUTION_FAILED',
        `Table ${d.name} is declared for Citus but does not exist.`,
        {
          hint: 'A plugin declares a table its migrations do not create; run `dq db migrate` with every plugin listed.',
        },
      );
    }
    if (now?.placement === d.placement && (d.placement === 'reference' || now.column === d.column)) {
      steps.push({ table: d.name, placement: d.placement, action: 'kept' });
      continue;
    }
    if (now && now.placement !== 'local') {
      throw new DqError(
        'DQ_DISTRIBUTION_FAILED',
        `Table ${d.name} is ${describe(now)} on Citus, but its plugin declares it ${describe(d)}.`,
        {
          hint: `dq does not move a placed table. Undo it by hand (SELECT undistribute_table('${d.name}')) and run \`dq db migrate\` again.`,
        },
      );
    }
    try {
      if (d.placement === 'reference') {
        await db.query('SELECT create_reference_table($1)', [d.name]);
      } else {
        await db.query('SELECT create_distributed_table($1, $2, colocate_with => $3)', [
          d.name,
          d.column,
          d.colocateWith ?? 'default',
        ]);
      }
      // The rows that were copied into the shards stay in the coordinator's shell table otherwise.
      await db.query('SELECT truncate_local_data_after_distributing_table($1)', [d.name]);
    } catch (err) {
      throw new DqError(
        'DQ_DISTRIBUTION_FAILED',
        `Placing ${d.name} ${describe(d)} failed: ${(err as Error).message}`,
        {
          cause: err,
          hint: 'Every unique key of a sharded table must include its distribution column (DESIGN section 12).',
        },
      );
    }
    steps.push({ table: d.name, placement: d.placement, action: 'created' });
  }
  return steps;
}

function describe(p: { placement: string; column?: string | undefined }): string {
  return p.placement === 'sharded' ? `sharded by ${p.column}` : `a ${p.placement} table`;
}

/** Reference tables, then sharded tables after the table each co-locates with. */
function orderForPlacement(declared: readonly TableDistribution[]): TableDistribution[] {
  for (const d of declared) {
    if (d.placement === 'sharded' && !d.column) {
      throw new DqError('DQ_CONFIG_INVALID', `Table distribution ${d.name} is sharded but names no column.`, {
        hint: 'Declare { name, placement: "sharded", column: "customer_key" }.',
      });
    }
  }
  const byName = new Map(declared.map((d) => [d.name, d]));
  const out: TableDistribution[] = declared.filter((d) => d.placement === 'reference');
  const done = new Set<string>();
  const visit = (d: TableDistribution, path: string[]) => {
    if (done.has(d.name)) return;
    if (path.includes(d.name)) {
      throw new DqError(
        'DQ_CONFIG_INVALID',
        `Table distributions co-locate in a cycle: ${[...path, d.name].join(' -> ')}.`,
      );
    }
    const parent = d.colocateWith ? byName.get(d.colocateWith) : undefined;
    if (parent && parent.placement === 'sharded') visit(parent, [...path, d.name]);
    done.add(d.name);
    out.push(d);
  };
  for (const d of declared) if (d.placement === 'sharded') visit(d, []);
  return out;
}
