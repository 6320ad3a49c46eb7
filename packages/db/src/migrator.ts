import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Database, DqError, type Logger } from '@dq/plugin-api';

/** A folder of drizzle-kit migrations (`NNNN_name.sql` plus `meta/_journal.json`). */
export interface MigrationSet {
  /** Who owns them: `core` or a plugin id. Tracked separately so sets never collide. */
  source: string;
  dir: string;
}

/** What `migrate` did. */
export interface MigrationReport {
  applied: { source: string; tag: string }[];
  alreadyApplied: number;
}

interface JournalEntry {
  idx: number;
  tag: string;
  breakpoints: boolean;
}

const TRACKING_DDL = `CREATE TABLE IF NOT EXISTS dq_schema_migrations (
  source text NOT NULL,
  tag text NOT NULL,
  hash text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source, tag)
)`;

/**
 * The core tables' migrations. drizzle-kit generates them into the repository's migrations/; the
 * build copies them into this package's dist/migrations, so a packed @dq/db carries its own.
 */
export function coreMigrations(): MigrationSet {
  return { source: 'core', dir: join(dirname(fileURLToPath(import.meta.url)), 'migrations') };
}

/**
 * Applies migration sets in order (core first, then plugins), each migration in its own
 * transaction, recorded in dq_schema_migrations. Running it again applies nothing.
 */
export class Migrator {
  constructor(
    private readonly db: Database,
    private readonly logger?: Logger,
  ) {}

  async migrate(sets: readonly MigrationSet[]): Promise<MigrationReport> {
    const plan = sets.map((set) => ({ set, entries: readJournal(set) }));
    // Concurrent migrators (two `dq run` at once) queue here instead of racing on DDL.
    return this.db.withAdvisoryLock(
      'dq:migrate',
      async () => {
        await this.db.exec(TRACKING_DDL);
        const done = await this.db.query<{ source: string; tag: string; hash: string }>(
          'SELECT source, tag, hash FROM dq_schema_migrations',
        );
        const applied = new Map(done.rows.map((r) => [`${r.source}/${r.tag}`, r.hash]));
        const report: MigrationReport = { applied: [], alreadyApplied: 0 };
        for (const { set, entries } of plan) {
          for (const entry of entries) {
            const sql = readFileSync(join(set.dir, `${entry.tag}.sql`), 'utf8');
            const hash = createHash('sha256').update(sql).digest('hex');
            const key = `${set.source}/${entry.tag}`;
            const previous = applied.get(key);
            if (previous !== undefined) {
              report.alreadyApplied++;
              if (previous !== hash) {
                this.logger?.warn(
                  { migration: key },
                  'migration file changed after it was applied; not re-run',
                );
              }
              continue;
            }
            await this.apply(set, entry, sql, hash);
            report.applied.push({ source: set.source, tag: entry.tag });
            this.logger?.info({ migration: key }, 'migration applied');
          }
        }
        return report;
      },
      { wait: true },
    );
  }

  /** Migrations not applied yet, without applying them (for `dq doctor`). */
  async pending(sets: readonly MigrationSet[]): Promise<{ source: string; tag: string }[]> {
    const exists = await this.db.query<{ present: boolean }>(
      "SELECT to_regclass('dq_schema_migrations') IS NOT NULL AS present",
    );
    const done = new Set<string>();
    if (exists.rows[0]?.present) {
      const rows = await this.db.query<{ source: string; tag: string }>(
        'SELECT source, tag FROM dq_schema_migrations',
      );
      for (const r of rows.rows) done.add(`${r.source}/${r.tag}`);
    }
    return sets.flatMap((set) =>
      readJournal(set)
        .filter((e) => !done.has(`${set.source}/${e.tag}`))
        .map((e) => ({ source: set.source, tag: e.tag })),
    );
  }

  private async apply(set: MigrationSet, entry: JournalEntry, sql: string, hash: string): Promise<void> {
    const statements = sql
      .split('--> statement-breakpoint')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    try {
      await this.db.transaction(async (tx) => {
        for (const statement of statements) await tx.exec(statement);
        await tx.query('INSERT INTO dq_schema_migrations (source, tag, hash) VALUES ($1, $2, $3)', [
          set.source,
          entry.tag,
          hash,
        ]);
      });
    } catch (err) {
      throw new DqError(
        'DQ_MIGRATION_FAILED',
        `Migration ${set.source}/${entry.tag} failed: ${(err as Error).message}`,
        { cause: err },
      );
    }
  }
}

function readJournal(set: MigrationSet): JournalEntry[] {
  const journal = join(set.dir, 'meta', '_journal.json');
  if (!existsSync(journal)) {
    throw new DqError(
      'DQ_MIGRATION_FAILED',
      `No migration journal at ${journal} (migrations of "${set.source}").`,
      {
        hint: 'Generate migrations with `drizzle-kit generate` (or `--custom` for hand-written SQL).',
      },
    );
  }
  const parsed = JSON.parse(readFileSync(journal, 'utf8')) as { entries: JournalEntry[] };
  return [...parsed.entries].sort((a, b) => a.idx - b.idx);
}
