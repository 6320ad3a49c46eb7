import { createServer, type Server } from 'node:http';
import { builtinPlugins } from '@dq/builtins';
import { AlertEngine, QualityEngine } from '@dq/core';
import { createTestKernel, describeEachDatabase } from '@dq/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrateCore, ruleFolder, type TestRule } from './quality-harness.js';

const RULES: TestRule[] = [
  {
    name: 'ae_email',
    category: 'completeness',
    table: 'ae_people',
    column: 'email',
    check: 'not_null',
    severity: 'critical',
    tags: ['pii'],
    owner: 'crm',
  },
  {
    name: 'ae_age',
    category: 'validity',
    table: 'ae_people',
    column: 'age',
    check: 'between',
    min: 0,
    max: 120,
    threshold: '25%',
    severity: 'warning',
    owner: 'analytics',
  },
  {
    name: 'ae_info',
    category: 'validity',
    table: 'ae_people',
    column: 'age',
    check: 'between',
    min: 0,
    max: 10,
    severity: 'info',
  },
];

/** The alert engine in process: routing, escalation and reminders, against a loopback receiver. */
describeEachDatabase('alert engine', ({ db }) => {
  const received: Array<{ path: string; alerts: Array<{ kind: string; rule: string }> }> = [];
  let server: Server;
  let base: string;
  const rules = ruleFolder(RULES);

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push({ path: req.url ?? '', alerts: JSON.parse(body).alerts });
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    await db().exec(`CREATE TABLE ae_people (id int PRIMARY KEY, email text, age int);
      INSERT INTO ae_people SELECT g, CASE WHEN g = 1 THEN NULL ELSE 'x' END, CASE WHEN g = 2 THEN 500 ELSE 30 END FROM generate_series(1, 10) g;`);
    await migrateCore(db());
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  async function checkAndAlert(interval = '24h') {
    const runtime = await createTestKernel({
      database: db(),
      builtins: builtinPlugins(),
      overrides: {
        'quality.rules': rules,
        alerting: {
          enabled: true,
          destinations: {
            pii: { kind: 'webhook', url: `${base}/pii`, retries: 0 },
            analytics: { kind: 'webhook', url: `${base}/analytics`, retries: 0 },
          },
          routes: {
            pii: { tag: ['pii'], destinations: ['pii'] },
            // Two routes to one destination: an issue they both cover goes once.
            owners: {
              owner: ['analytics', 'crm'],
              severity: ['warning', 'critical'],
              destinations: ['analytics'],
              suppressInterval: interval,
            },
            critical: { category: ['completeness'], destinations: ['analytics'] },
          },
        },
      },
    });
    try {
      const run = await runtime.kernel.build(QualityEngine).run({});
      return { run, alerts: await runtime.kernel.build(AlertEngine).send(run.runId) };
    } finally {
      await runtime.close();
    }
  }
  const take = () =>
    received
      .splice(0)
      .map((r) => `${r.path} ${r.alerts.map((a) => `${a.kind}:${a.rule}`).join(',')}`)
      .sort();

  it('routes by tag, owner, severity and category; an info rule matching no route sends nothing', async () => {
    received.length = 0;
    await checkAndAlert();
    expect(take()).toEqual([
      '/analytics new_failure:ae_email,new_failure:ae_age',
      '/pii new_failure:ae_email',
    ]);
  });

  it('WARNING to FAILED is an escalation; the rest stays suppressed', async () => {
    await db().exec(`UPDATE ae_people SET age = -5 WHERE id IN (3, 4, 5)`);
    const { alerts } = await checkAndAlert();
    expect(take()).toEqual(['/analytics escalation:ae_age']);
    expect(alerts.suppressed).toBe(2);
  });

  it('after the suppression interval an open issue alerts again as a reminder', async () => {
    await new Promise((r) => setTimeout(r, 1100));
    await checkAndAlert('1s');
    // The owners route has the 1 s interval; ae_email reaches /analytics through it first.
    expect(take()).toEqual(['/analytics reminder:ae_email,reminder:ae_age']);
  });
});
