import { appendFileSync, copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PgDatabase } from '@dq/db';
import { availableKinds, type DatabaseKind } from '@dq/testing';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  cliDatabase,
  type Database,
  type DqResult,
  repoRoot,
  runDq,
  workdir,
  writeRepoConfig,
} from './run-dq.js';

/**
 * The warehouse, rule results and scorecard after each step of one scenario: a first run, a
 * no-op second run, an incremental load (5% more items and responses in the same feeds) and a
 * day-2 customers feed with 5% SCD2 changes. On PGlite and PostgreSQL they must equal what dq
 * built before the fact keys grew customer_key (GOLDEN, recorded from commit 51c45f2 with the
 * same scenario); on Citus (DQ_CITUS_URL, a coordinator with workers) they must equal the plain
 * server's.
 */
const CHECKSUMS = readFileSync(join(repoRoot, 'test/fixtures/warehouse-checksums.sql'), 'utf8');
const RESULTS = `SELECT r.rule_name || ' ' || t.test_status || ' ' || t.total_records_checked || '/' || t.failed_records
                        || ' ' || (SELECT count(*) FROM dq_exceptions e WHERE e.result_id = t.result_id) AS r
                   FROM dq_test_results t JOIN dq_rules r USING (rule_id)
                  WHERE t.run_id = (SELECT run_id FROM dq_scorecards ORDER BY scorecard_id DESC LIMIT 1) ORDER BY 1`;
const SCORECARD = `SELECT concat_ws(' ', overall_quality_score, rules_passed, rules_warned, rules_failed, rules_errored,
                          total_records_checked, total_failed_records) AS s
                     FROM dq_scorecards ORDER BY scorecard_id DESC LIMIT 1`;

interface Snapshot {
  byValue: Record<string, string>;
  exact: Record<string, string>;
  results: string[];
  scorecard: string;
}

async function snapshot(db: Database): Promise<Snapshot> {
  const sums = await db.query<{ table: string; n: number; exact: string; by_value: string }>(CHECKSUMS);
  return {
    byValue: Object.fromEntries(sums.rows.map((r) => [r.table, `${r.n}:${r.by_value}`])),
    exact: Object.fromEntries(sums.rows.map((r) => [r.table, `${r.n}:${r.exact}`])),
    results: (await db.query<{ r: string }>(RESULTS)).rows.map((r) => r.r),
    scorecard: (await db.query<{ s: string }>(SCORECARD)).rows[0]!.s,
  };
}

const STEPS = ['first run', 'no-op second run', 'incremental load', 'day-2 feed'] as const;

/** Runs the scenario with `dq` against one database; a snapshot after each step. */
async function scenario(
  dq: (...args: string[]) => Promise<DqResult>,
  withDb: <T>(fn: (db: Database) => Promise<T>) => Promise<T>,
  cwd: string,
): Promise<Snapshot[]> {
  const raw = join(cwd, 'raw');
  const ok = (res: DqResult) => {
    // 0, or 1 when a rule fails at fail-on (tiny data); never an execution error
    if (![0, 1].includes(res.code)) throw new Error(`dq exit ${res.code}: ${res.stderr.slice(0, 800)}`);
  };
  const out: Snapshot[] = [];
  for (const step of STEPS) {
    if (step === 'first run') ok(await dq('generate', '--out', raw, '--scale', '0.01', '--date', '20260101'));
    if (step === 'incremental load') {
      for (const feed of ['ecom_transaction_items', 'campaign_responses']) {
        const file = join(raw, readdirSync(raw).find((f) => f.startsWith(`${feed}_`))!);
        const body = readFileSync(file, 'utf8').trimEnd().split('\n').slice(1);
        const extra = body.slice(0, Math.ceil(body.length / 20)).map((l) => l.replace(/^([^,]+)/, '$1X'));
        appendFileSync(file, `${extra.join('\n')}\n`);
      }
    }
    if (step === 'day-2 feed') {
      const other = join(cwd, 'day2');
      ok(await dq('generate', '--out', other, '--scale', '0.01', '--date', '20260101', '--changes', '5'));
      const later = readdirSync(other).find(
        (f) => f.startsWith('crm_customers_') && !f.includes('20260101'),
      )!;
      copyFileSync(join(other, later), join(raw, later));
    }
    ok(await dq('run'));
    out.push(await withDb(snapshot));
  }
  return out;
}

/** Recorded from commit 51c45f2 (before the key change) with this scenario: by value per engine. */
const GOLDEN: Record<DatabaseKind, Record<string, string>[]> = {
  pglite: [
    {
      dim_customer: '501:b6611234e6561f1fe04b17662513cbc1',
      dim_product: '6:ad3b0f9e462f7d460ac8125bd34e5b73',
      dim_campaign: '26:162c89ffc481a24c731394bd199a9449',
      dim_date: '4019:65563731100a5a27bccd2b1797071da9',
      fact_transactions: '3615:988bc37111194f29b8ac4799e38149fc',
      fact_campaign_responses: '857:ffafdddf697e883eb0414705878ee902',
      agg_customer_monthly: '1825:ca7d1317bdd2ee6e91ebcda155cbcc1a',
    },
    {
      dim_customer: '501:b6611234e6561f1fe04b17662513cbc1',
      dim_product: '6:ad3b0f9e462f7d460ac8125bd34e5b73',
      dim_campaign: '26:162c89ffc481a24c731394bd199a9449',
      dim_date: '4019:65563731100a5a27bccd2b1797071da9',
      fact_transactions: '3615:988bc37111194f29b8ac4799e38149fc',
      fact_campaign_responses: '857:ffafdddf697e883eb0414705878ee902',
      agg_customer_monthly: '1825:ca7d1317bdd2ee6e91ebcda155cbcc1a',
    },
    {
      dim_customer: '501:994ddeb30b83ef5cd16a7171c124a5e9',
      dim_product: '6:ad3b0f9e462f7d460ac8125bd34e5b73',
      dim_campaign: '26:162c89ffc481a24c731394bd199a9449',
      dim_date: '4019:65563731100a5a27bccd2b1797071da9',
      fact_transactions: '3796:694d57d33f88095664dd9287348dd47a',
      fact_campaign_responses: '900:871d1f88d7a50c4b0d8f8a4873507511',
      agg_customer_monthly: '1825:070b134db36d380c980bcacd0567a08a',
    },
    {
      dim_customer: '527:c78771dff9fd56326042dfe17250a450',
      dim_product: '6:ad3b0f9e462f7d460ac8125bd34e5b73',
      dim_campaign: '26:162c89ffc481a24c731394bd199a9449',
      dim_date: '4019:65563731100a5a27bccd2b1797071da9',
      fact_transactions: '3796:694d57d33f88095664dd9287348dd47a',
      fact_campaign_responses: '900:871d1f88d7a50c4b0d8f8a4873507511',
      agg_customer_monthly: '1825:070b134db36d380c980bcacd0567a08a',
    },
  ],
  postgres: [
    {
      dim_customer: '501:b6611234e6561f1fe04b17662513cbc1',
      dim_product: '6:ad3b0f9e462f7d460ac8125bd34e5b73',
      dim_campaign: '26:162c89ffc481a24c731394bd199a9449',
      dim_date: '4019:65563731100a5a27bccd2b1797071da9',
      fact_transactions: '3615:988bc37111194f29b8ac4799e38149fc',
      fact_campaign_responses: '857:ffafdddf697e883eb0414705878ee902',
      agg_customer_monthly: '1825:ca7d1317bdd2ee6e91ebcda155cbcc1a',
    },
    {
      dim_customer: '501:b6611234e6561f1fe04b17662513cbc1',
      dim_product: '6:ad3b0f9e462f7d460ac8125bd34e5b73',
      dim_campaign: '26:162c89ffc481a24c731394bd199a9449',
      dim_date: '4019:65563731100a5a27bccd2b1797071da9',
      fact_transactions: '3615:988bc37111194f29b8ac4799e38149fc',
      fact_campaign_responses: '857:ffafdddf697e883eb0414705878ee902',
      agg_customer_monthly: '1825:ca7d1317bdd2ee6e91ebcda155cbcc1a',
    },
    {
      dim_customer: '501:994ddeb30b83ef5cd16a7171c124a5e9',
      dim_product: '6:ad3b0f9e462f7d460ac8125bd34e5b73',
      dim_campaign: '26:162c89ffc481a24c731394bd199a9449',
      dim_date: '4019:65563731100a5a27bccd2b1797071da9',
      fact_transactions: '3796:694d57d33f88095664dd9287348dd47a',
      fact_campaign_responses: '900:871d1f88d7a50c4b0d8f8a4873507511',
      agg_customer_monthly: '1825:070b134db36d380c980bcacd0567a08a',
    },
    {
      dim_customer: '527:c78771dff9fd56326042dfe17250a450',
      dim_product: '6:ad3b0f9e462f7d460ac8125bd34e5b73',
      dim_campaign: '26:162c89ffc481a24c731394bd199a9449',
      dim_date: '4019:65563731100a5a27bccd2b1797071da9',
      fact_transactions: '3796:694d57d33f88095664dd9287348dd47a',
      fact_campaign_responses: '900:871d1f88d7a50c4b0d8f8a4873507511',
      agg_customer_monthly: '1825:070b134db36d380c980bcacd0567a08a',
    },
  ],
};

const built = new Map<string, Snapshot[]>();

for (const kind of availableKinds()) {
  describe(`the warehouse after the fact keys grew customer_key [${kind}]`, () => {
    it('equals the one built before the change, step by step (checksums, rule results, scorecard)', async () => {
      const { test, env, withDb } = await cliDatabase(kind);
      const cwd = workdir();
      writeRepoConfig(cwd, join(repoRoot, 'rules'));
      const dq = (...args: string[]) => runDq([...args, '--config', join(cwd, 'dq.yaml')], { cwd, env });
      try {
        const snaps = await scenario(dq, withDb, cwd);
        built.set(kind, snaps);
        if (process.env.DQ_PRINT_GOLDEN) console.log(JSON.stringify(snaps.map((s) => s.byValue)));
        expect(snaps.map((s) => s.byValue)).toEqual(GOLDEN[kind]);
        // the no-op second run changed nothing
        expect(snaps[1]!.exact).toEqual(snaps[0]!.exact);
        expect(snaps[2]!.byValue.fact_transactions).not.toEqual(snaps[1]!.byValue.fact_transactions);
      } finally {
        await test.drop();
      }
    }, 900_000);
  });
}

const citusUrl = process.env.DQ_CITUS_URL;
if (!citusUrl) {
  console.log(
    '[dq] Citus comparison NOT run: DQ_CITUS_URL is not set (a Citus coordinator with workers added; see the README, Scale-out).',
  );
}
describe.skipIf(!citusUrl || !process.env.DATABASE_URL)('on Citus (DQ_CITUS_URL)', () => {
  it('migrate distributes the warehouse; every step equals the plain server (checksums, rule results, scorecard)', async () => {
    const name = `dq_citus_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: citusUrl });
    await admin.connect();
    const dbUrl = (() => {
      const u = new URL(citusUrl!);
      u.pathname = `/${name}`;
      return u.toString();
    })();
    // A database on the coordinator and on each worker, with the extension, the workers added.
    const workers = (
      await admin.query<{ nodename: string; nodeport: number }>(
        "SELECT nodename, nodeport FROM pg_dist_node WHERE groupid <> 0 AND noderole = 'primary'",
      )
    ).rows;
    const onNode = async (host: string, port: number, sql: string[], database = 'postgres') => {
      const u = new URL(citusUrl!);
      u.hostname = host;
      u.port = String(port);
      u.pathname = `/${database}`;
      const c = new pg.Client({ connectionString: u.toString() });
      await c.connect();
      try {
        for (const s of sql) await c.query(s);
      } finally {
        await c.end();
      }
    };
    const coordinator = new URL(citusUrl!);
    const nodes = [
      { host: coordinator.hostname, port: Number(coordinator.port || 5432) },
      ...workers.map((w) => ({ host: w.nodename, port: w.nodeport })),
    ];
    await admin.end();
    for (const n of nodes) {
      await onNode(n.host, n.port, [`CREATE DATABASE ${name}`]);
      await onNode(n.host, n.port, ['CREATE EXTENSION citus'], name);
    }
    await onNode(
      coordinator.hostname,
      nodes[0]!.port,
      [
        `SELECT citus_set_coordinator_host('${coordinator.hostname}', ${nodes[0]!.port})`,
        ...workers.map((w) => `SELECT citus_add_node('${w.nodename}', ${w.nodeport})`),
      ],
      name,
    );
    const withDb = async <T>(fn: (db: Database) => Promise<T>) => {
      const db = new PgDatabase(dbUrl);
      try {
        return await fn(db);
      } finally {
        await db.close();
      }
    };
    try {
      const cwd = workdir();
      writeRepoConfig(cwd, join(repoRoot, 'rules'));
      const env = { DATABASE_URL: dbUrl, DQ_DATABASE__DISTRIBUTION: 'citus' };
      const dq = (...args: string[]) => runDq([...args, '--config', join(cwd, 'dq.yaml')], { cwd, env });
      const migrate = await dq('db', 'migrate');
      expect(migrate.code, migrate.stderr).toBe(0);
      expect(migrate.stdout).toContain('fact_transactions (sharded)');
      const doctor = await dq('doctor');
      expect(doctor.stdout).toMatch(/fact_transactions: sharded by customer_key/);
      expect(doctor.stdout).toMatch(/dim_customer: reference/);
      expect(doctor.stdout).toMatch(/worker /);
      const snaps = await scenario(dq, withDb, cwd);
      const plain = built.get('postgres');
      if (plain) {
        for (const [i, step] of STEPS.entries()) {
          expect(snaps[i]!.byValue, step).toEqual(plain[i]!.byValue);
          expect(snaps[i]!.results, step).toEqual(plain[i]!.results);
          expect(snaps[i]!.scorecard, step).toEqual(plain[i]!.scorecard);
        }
      }
    } finally {
      for (const n of nodes.reverse())
        await onNode(n.host, n.port, [`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
    }
  }, 1_800_000);
});
