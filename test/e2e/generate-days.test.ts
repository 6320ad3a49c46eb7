import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableKinds } from '@dq/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliDatabase, cliDatabase, dataOf, runDq, workdir, writeRepoConfig } from './run-dq.js';

/** The parts of the manifest (GenerateManifest in @dq/plugin-api) this test reads. */
interface Manifest {
  days: { feeds: Record<string, { file: string; rows: number }> }[];
  incidents: { date: string; kind: string; feed: string; column?: string }[];
}

const FEEDS: Record<string, string> = {
  crm_customers: 'stg_crm_customers',
  products: 'stg_products',
  ecom_transactions: 'stg_ecom_transactions',
  ecom_transaction_items: 'stg_ecom_transaction_items',
  marketing_campaigns: 'stg_marketing_campaigns',
  campaign_responses: 'stg_campaign_responses',
};

describe('dq generate --days (no database)', () => {
  it('prints one row per day with its incidents and the manifest, and refuses an incident without --days', async () => {
    const cwd = workdir();
    const args = ['generate', '--out', join(cwd, 'raw'), '--scale', '0.01', '--date', '20260103'];
    const res = await runDq([...args, '--days', '3', '--incident', '2:volume_drop'], { cwd });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^\s+2 {2}2026-01-02 .* volume_drop$/m);
    expect(res.stdout).toContain(
      'day 2: ecom_transactions of 2026-01-02 arrives with 50% of its rows left out',
    );
    expect(res.stdout).toContain(`Manifest: ${join(cwd, 'raw', 'manifest.json')}`);
    expect(res.stdout).toContain('Generated 18 files');

    const alone = await runDq([...args, '--incident', '2:volume_drop'], { cwd });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('An incident needs a window of days to fall on.');
    const bad = await runDq([...args, '--days', '3', '--incident', '2:volume_drop:orders'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown feed "orders"');
  });
});

for (const kind of availableKinds()) {
  describe(`dq generate --days, then dq load [${kind}]`, () => {
    let database: CliDatabase;
    let cwd: string;
    const dq = (...args: string[]) =>
      runDq([...args, '--config', join(cwd, 'dq.yaml')], { cwd, env: database.env });

    beforeAll(async () => {
      database = await cliDatabase(kind);
      cwd = workdir();
      writeRepoConfig(cwd);
      expect((await dq('db', 'migrate')).code).toBe(0);
    });
    afterAll(() => database.test.drop());

    it("loads every day's file of every feed in date order; full mode leaves the newest day staged", async () => {
      const gen = await dq(
        ...['generate', '--out', join(cwd, 'raw'), '--scale', '0.01', '--seed', '7', '--date', '20260103'],
        ...['--days', '3', '--incident', '2:null_spike', '--json'],
      );
      expect(gen.code, gen.stderr).toBe(0);
      const { files, manifest: manifestPath } = dataOf(gen);
      expect(files).toHaveLength(18);
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
      expect(manifest.incidents.map((i) => [i.date, i.kind, i.feed, i.column])).toEqual([
        ['2026-01-02', 'null_spike', 'crm_customers', 'email'],
      ]);
      const load = await dq('load', '--json');
      expect(load.code, load.stderr).toBe(0);
      const lastDay = manifest.days[2]!;
      await database.withDb(async (db) => {
        const audit = await db.query<{ f: string }>(
          "SELECT regexp_replace(source_file, '.*_', '') AS f FROM stg_audit_log WHERE table_name = 'stg_crm_customers' ORDER BY audit_id",
        );
        expect(audit.rows.map((r) => r.f)).toEqual(['20260101.csv', '20260102.csv', '20260103.csv']);
        for (const [feed, table] of Object.entries(FEEDS)) {
          const staged = await db.query<{ n: number; files: string[] }>(
            `SELECT count(*)::int AS n, array_agg(DISTINCT source_file) AS files FROM ${table}`,
          );
          expect(staged.rows[0]?.n, feed).toBe(lastDay.feeds[feed]?.rows);
          expect(staged.rows[0]?.files.map((f) => f.split(/[/\\]/).at(-1))).toEqual([
            lastDay.feeds[feed]?.file,
          ]);
        }
      });
    });
  });
}
