import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { availableKinds } from '@dq/testing';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackProblems, teamsProblems } from '../../plugins/alerts/test/payload-validators.js';
import {
  type CliDatabase,
  cliDatabase,
  type DqResult,
  dataOf,
  jsonOf,
  runDq,
  workdir,
  writeRepoConfig,
} from './run-dq.js';

/** What the loopback receiver got: one entry per HTTP request. */
interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  // biome-ignore lint/suspicious/noExplicitAny: the test reads the JSON it received
  json: any;
}

/** A real HTTP server on loopback recording every request; `answer` decides each response. */
async function startReceiver(
  answer: (r: Received, n: number, res: ServerResponse) => void = (_r, _n, res) => res.end('ok'),
) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const r = { path: req.url ?? '', headers: req.headers, body, json };
      received.push(r);
      answer(r, received.length, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    port,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

// Tokens as real webhook URLs carry them: none may appear in any output, log, table or report.
const WEBHOOK_TOKEN = 'WEBHOOKTOKEN_abcdef1234567890';
const SLACK_TOKEN = 'SLACKTOKEN_abcdef1234567890';
const TEAMS_SIG = 'TEAMSSIG_abcdef1234567890';
const SIGNING_SECRET = 'SIGNINGSECRET_0987654321';
const SECRETS = [WEBHOOK_TOKEN, SLACK_TOKEN, TEAMS_SIG, SIGNING_SECRET];

const RULES = `- { name: a_email, category: completeness, table: bars_a, column: email, check: not_null, severity: critical, owner: data-team }
- { name: a_id, category: uniqueness, table: bars_a, column: id, check: unique, severity: critical }
`;

function alertingYaml(port: number, hook: { timeoutMs?: number; retries?: number } = {}): string {
  const base = `http://127.0.0.1:${port}`;
  return `
alerting:
  enabled: true
  suppressInterval: 24h
  owners: { data-team: { slack: S0123ABCD, email: data-team@example.com } }
  destinations:
    hook: { kind: webhook, url: "${base}/webhook/T0123/B0456/${WEBHOOK_TOKEN}", secret: "${SIGNING_SECRET}", timeoutMs: ${hook.timeoutMs ?? 10000}, retries: ${hook.retries ?? 3} }
    slack: { kind: slack, url: "${base}/services/T0123/B0456/${SLACK_TOKEN}" }
    teams: { kind: teams, url: "${base}/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=${TEAMS_SIG}" }
  routes:
    critical: { severity: [critical], destinations: [hook, slack, teams] }
`;
}

/** Every file under `dir`, as text (logs, reports, e-mails). */
function filesText(dir: string): string {
  if (!existsSync(dir)) return '';
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => readFileSync(join(d.parentPath, d.name), 'utf8'))
    .join('\n');
}

const byKind = (received: Received[]) => ({
  hook: received.filter((r) => r.path.startsWith('/webhook/')),
  slack: received.filter((r) => r.path.startsWith('/services/')),
  teams: received.filter((r) => r.path.startsWith('/workflows/')),
});

for (const kind of availableKinds()) {
  describe(`alerts across three runs [${kind}]`, () => {
    let database: CliDatabase;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let cwd: string;
    let env: Record<string, string>;
    const outputs: DqResult[] = [];
    const runs: DqResult[] = [];
    const dq = async (...args: string[]) => {
      const res = await runDq([...args, '--config', join(cwd, 'dq.yaml')], { cwd, env });
      outputs.push(res);
      return res;
    };

    beforeAll(async () => {
      database = await cliDatabase(kind);
      receiver = await startReceiver();
      cwd = workdir();
      mkdirSync(join(cwd, 'rules'));
      writeFileSync(join(cwd, 'rules/a.yaml'), RULES);
      writeFileSync(
        join(cwd, 'dq.yaml'),
        `project: { name: Alerts E2E, environment: test }
quality: { rules: rules, failOn: never }
reporting: { html: { outDir: reports, baseUrl: "https://dq.example.com/reports/" } }
logging: { level: debug, dir: logs }
${alertingYaml(receiver.port)}`,
      );
      env = { ...database.env };
      expect((await dq('db', 'migrate')).code).toBe(0);
      await database.withDb((db) =>
        db.exec(
          `CREATE TABLE bars_a (id int PRIMARY KEY, email text); INSERT INTO bars_a VALUES (1, NULL), (2, 'x@y.z');`,
        ),
      );
      runs.push(await dq('check', '--json'));
      runs.push(await dq('check', '--json'));
      await database.withDb((db) => db.exec(`UPDATE bars_a SET email = 'z@y.z' WHERE id = 1`));
      runs.push(await dq('check', '--json'));
    });
    afterAll(async () => {
      await receiver?.close();
      await database?.test.drop();
    });

    it('run 1 sends exactly one "new failure" per destination, run 2 nothing, run 3 one "resolved"', () => {
      for (const r of runs) expect(r.code, r.stderr).toBe(0);
      const [first, second, third] = runs.map((r) => dataOf(r));
      expect(first.alerts).toMatchObject({ sent: 3, suppressed: 0, failed: 0 });
      expect(second.alerts).toMatchObject({ sent: 0, suppressed: 3, failed: 0 });
      expect(third.alerts).toMatchObject({ sent: 3, suppressed: 0, failed: 0 });
      const { hook, slack, teams } = byKind(receiver.received);
      expect(receiver.received).toHaveLength(6);
      expect(
        hook.map((r) => r.json.alerts.map((a: { kind: string; rule: string }) => `${a.kind} ${a.rule}`)),
      ).toEqual([['new_failure a_email'], ['resolved a_email']]);
      expect(slack).toHaveLength(2);
      expect(teams).toHaveLength(2);
      expect(hook[0]!.json).toMatchObject({
        version: 1,
        type: 'dq.alerts',
        run: { runId: first.runId, partial: false },
        diff: { headline: '75.0 (first run), 1 new failure', newFailures: ['a_email'] },
        reportUrl: expect.stringMatching(/^https:\/\/dq\.example\.com\/reports\/dq-report-\d{8}\.html$/),
        alerts: [
          {
            kind: 'new_failure',
            rule: 'a_email',
            table: 'bars_a',
            column: 'email',
            status: 'FAILED',
            failed: 1,
            scope: 2,
            fingerprint: 'a_email:email:violation',
            owner: { name: 'data-team', slack: 'S0123ABCD', email: 'data-team@example.com' },
          },
        ],
      });
      expect(hook[1]!.json.diff.headline).toBe('100.0 (+25.0), 1 recovered');
      expect(hook[0]!.headers['idempotency-key']).not.toBe(hook[1]!.headers['idempotency-key']);
    });

    it('the webhook signature verifies with the secret, and only with it', () => {
      const { hook } = byKind(receiver.received);
      for (const r of hook) {
        const expected = `sha256=${createHmac('sha256', SIGNING_SECRET).update(r.body).digest('hex')}`;
        expect(r.headers['x-dq-signature']).toBe(expected);
        expect(createHmac('sha256', 'wrong').update(r.body).digest('hex')).not.toBe(expected.slice(7));
        expect(Number(r.headers['x-dq-timestamp'])).toBe(Math.floor(Date.parse(r.json.sentAt) / 1000));
        expect(r.headers['idempotency-key']).toBe(r.json.idempotencyKey);
      }
    });

    it('the Slack and Teams messages received validate against Block Kit and Adaptive Card 1.5', () => {
      const { slack, teams } = byKind(receiver.received);
      for (const r of slack) expect(slackProblems(r.json)).toEqual([]);
      for (const r of teams) expect(teamsProblems(r.json)).toEqual([]);
      expect(slack[0]!.body).toContain('<!subteam^S0123ABCD>');
      expect(slack[0]!.body).toContain('https://dq.example.com/reports/dq-report-');
      expect(teams[1]!.json.attachments[0].content.body[0].text).toMatch(/1 resolved/);
    });

    it('dq_alert_log holds every decision: sent, then suppressed with the reason, then resolved', async () => {
      const rows = await database.withDb(
        async (db) =>
          (
            await db.query<{
              destination: string;
              alert_kind: string;
              decision: string;
              reason: string;
              attempts: number;
            }>(
              `SELECT destination, alert_kind, decision, reason, attempts FROM dq_alert_log ORDER BY alert_id`,
            )
          ).rows,
      );
      expect(rows.map((r) => `${r.destination} ${r.alert_kind} ${r.decision}`)).toEqual(
        ['new_failure sent', 'reminder suppressed', 'resolved sent'].flatMap((x) =>
          ['hook', 'slack', 'teams'].map((d) => `${d} ${x}`),
        ),
      );
      expect(rows[3]!.reason).toMatch(
        /^already alerted \(new_failure at .*\); suppressed until .* unless it escalates or resolves$/,
      );
      expect(rows[0]).toMatchObject({ reason: 'issue opened in this run', attempts: 1 });
    });

    it('the issue table after the three runs: one issue, opened on run 1 and closed on run 3, with its counts', async () => {
      const res = await dq('issues', 'list', '--json');
      expect(res.code, res.stderr).toBe(0);
      const issues = dataOf(res).filter((i: { rule: string }) => i.rule === 'a_email');
      const [first, , third] = runs.map((r) => dataOf(r));
      expect(issues).toMatchObject([
        {
          state: 'closed',
          openedRunId: first.runId,
          closedRunId: third.runId,
          closedAt: expect.any(String),
          runsFailing: 2,
          worstStatus: 'FAILED',
          counts: { opened: { failed: 1, scope: 2 }, latest: { failed: 0, scope: 2 } },
          // Record 1 failed on runs 1 and 2 and was fixed before run 3.
          records: { tracked: true, seen: 1, failing: 0, fixed: 1 },
        },
      ]);
      const open = await dq('issues', 'list', '--open');
      expect(open.stdout).toContain('No open issue.');
    });

    it('the check summary, the JSON output, the HTML dashboard and the e-mail lead with the diff', async () => {
      const firstKey = Object.keys(dataOf(runs[2]!))[0];
      expect(firstKey).toBe('diff');
      const summary = await dq('check', '--no-alerts');
      expect(summary.stdout.split('\n')[0]).toMatch(
        /^What changed since run \S+ \(.* UTC\): 100\.0 \(±0\.0\), no change$/,
      );
      const html = join(cwd, 'out/report.html');
      expect((await dq('report', 'html', '--out', html)).code).toBe(0);
      const page = readFileSync(html, 'utf8');
      expect(page.indexOf('What changed: 100.0 (±0.0), no change')).toBeGreaterThan(0);
      expect(page.indexOf('What changed')).toBeLessThan(page.indexOf('aria-label="Run summary"'));
      // The e-mail of the third run: the recovery is the news.
      const eml = join(cwd, 'out/mail.eml');
      const third = dataOf(runs[2]!);
      const email = await dq('report', 'email', '--run', third.runId, '--dry-run', eml);
      expect(email.code, email.stderr).toBe(0);
      const mail = await simpleParser(readFileSync(eml));
      expect(mail.subject).toMatch(/^dq \d{4}-\d{2}-\d{2}: 100\.0 \(\+25\.0\), 1 recovered$/);
      const mailHtml = String(mail.html);
      expect(mailHtml.indexOf('What changed: 100.0 (+25.0), 1 recovered')).toBeGreaterThan(0);
      expect(mailHtml.indexOf('What changed')).toBeLessThan(mailHtml.indexOf('overall score'));
      expect(mail.text).toMatch(
        /What changed since the previous full run .*\nRecovered:\n {2}PASSED +a_email on bars_a\.email/,
      );
    });

    it('dq alerts test ROUTE sends a sample to every destination of the route', async () => {
      const before = receiver.received.length;
      const res = await dq('alerts', 'test', 'critical');
      expect(res.code, res.stderr).toBe(0);
      const sent = receiver.received.slice(before);
      expect(sent).toHaveLength(3);
      expect(byKind(sent).hook[0]!.json).toMatchObject({ type: 'dq.alert.test', alerts: [{ kind: 'test' }] });
      for (const r of byKind(sent).slack) expect(slackProblems(r.json)).toEqual([]);
      for (const r of byKind(sent).teams) expect(teamsProblems(r.json)).toEqual([]);
      const unknown = await dq('alerts', 'test', 'nope');
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/No alert route "nope".*\n.*Configured routes: critical/);
    });

    it('no token or secret appears in any output, log, report, e-mail or dq table', async () => {
      outputs.push(await dq('doctor', '--json'));
      const tables = await database.withDb(async (db) => {
        const res = await db.query<{ t: string }>(
          `SELECT string_agg(x::text, E'\\n') AS t FROM (
             SELECT to_jsonb(l)::text AS x FROM dq_alert_log l
             UNION ALL SELECT to_jsonb(i)::text FROM dq_issues i
             UNION ALL SELECT to_jsonb(r)::text FROM dq_test_results r) s`,
        );
        return res.rows[0]?.t ?? '';
      });
      const everything = [
        ...outputs.flatMap((o) => [o.stdout, o.stderr]),
        filesText(join(cwd, 'logs')),
        filesText(join(cwd, 'reports')),
        filesText(join(cwd, 'out')),
        tables,
      ].join('\n');
      expect(everything.length).toBeGreaterThan(10_000);
      expect(everything).toContain('127.0.0.1'); // hosts are named, tokens are not
      for (const secret of SECRETS) expect(everything).not.toContain(secret);
    });
  });

  describe(`alert delivery failures [${kind}]`, () => {
    it('500 twice then 200: one alert delivered, not three; the attempts are logged', async () => {
      const database = await cliDatabase(kind);
      const receiver = await startReceiver((_r, n, res) => {
        res.statusCode = n <= 2 ? 500 : 200;
        res.end();
      });
      try {
        const cwd = workdir();
        mkdirSync(join(cwd, 'rules'));
        writeFileSync(join(cwd, 'rules/a.yaml'), RULES);
        const config = `quality: { rules: rules, failOn: never }
logging: { level: info, dir: logs }
${alertingYaml(receiver.port).replace('destinations: [hook, slack, teams]', 'destinations: [hook]')}`;
        writeFileSync(join(cwd, 'dq.yaml'), config);
        const dq = (...args: string[]) =>
          runDq([...args, '--config', join(cwd, 'dq.yaml')], { cwd, env: database.env });
        expect((await dq('db', 'migrate')).code).toBe(0);
        await database.withDb((db) =>
          db.exec(`CREATE TABLE bars_a (id int, email text); INSERT INTO bars_a VALUES (1, NULL);`),
        );
        const res = await dq('check', '--json');
        expect(res.code, res.stderr).toBe(0);
        expect(dataOf(res).alerts.deliveries).toMatchObject([
          { destination: 'hook', status: 'sent', attempts: 3, httpStatus: 200 },
        ]);
        expect(receiver.received).toHaveLength(3);
        // Each attempt carried the same key: a receiver keeping the 2xx ones has one delivery.
        expect(new Set(receiver.received.map((r) => r.headers['idempotency-key'])).size).toBe(1);
        expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
        const log = await database.withDb(
          async (db) => (await db.query(`SELECT decision, attempts, http_status FROM dq_alert_log`)).rows,
        );
        expect(log).toEqual([{ decision: 'sent', attempts: 3, http_status: 200 }]);
      } finally {
        await receiver.close();
        await database.test.drop();
      }
    });

    it('a receiver that never answers: dq run exits 3 within the timeout, naming the destination; results, issues and the report are kept', async () => {
      const database = await cliDatabase(kind);
      const receiver = await startReceiver(() => {}); // reads the request, never answers
      try {
        const cwd = workdir();
        mkdirSync(join(cwd, 'rules'));
        writeFileSync(join(cwd, 'rules/a.yaml'), RULES);
        const file = writeRepoConfig(cwd, join(cwd, 'rules'));
        const timeoutMs = 1000;
        writeFileSync(
          file,
          // The repository config's own (empty) alerting line gives way to this test's.
          `${readFileSync(file, 'utf8').replace(/^alerting:.*$/m, '')}${alertingYaml(receiver.port, { timeoutMs, retries: 1 }).replace('destinations: [hook, slack, teams]', 'destinations: [hook]')}`,
        );
        const dq = (...args: string[]) => runDq([...args, '--config', file], { cwd, env: database.env });
        expect(
          (await dq('generate', '--out', join(cwd, 'raw'), '--scale', '0.01', '--date', '20261201')).code,
        ).toBe(0);
        await database.withDb(async (db) => {
          await db.exec(`CREATE TABLE bars_a (id int, email text); INSERT INTO bars_a VALUES (1, NULL);`);
        });
        const res = await dq('run', '--json');
        expect(res.code, res.stderr).toBe(3);
        const envelope = jsonOf(res);
        expect(envelope.error?.code).toBe('DQ_ALERT_FAILED');
        expect(envelope.error?.message).toMatch(
          new RegExp(
            `hook \\(webhook, 127\\.0\\.0\\.1:${receiver.port}\\) after 2 attempt\\(s\\): .*no answer within ${timeoutMs} ms`,
          ),
        );
        const delivery = envelope.data.outputs.alerts.deliveries[0];
        // Two attempts of at most timeoutMs each and one backoff of 0.5 s.
        expect(delivery.durationMs).toBeLessThan(2 * timeoutMs + 500 + 1000);
        expect(delivery.durationMs).toBeGreaterThanOrEqual(2 * timeoutMs);
        const reportFile = envelope.data.outputs.report.files[0];
        expect(readFileSync(reportFile, 'utf8')).toContain('What changed');
        const runId = envelope.data.outputs.check.runId;
        await database.withDb(async (db) => {
          const results = await db.query(`SELECT count(*)::int AS n FROM dq_test_results WHERE run_id = $1`, [
            runId,
          ]);
          expect((results.rows[0] as { n: number }).n).toBe(2);
          const issues = await db.query(
            `SELECT rule_name FROM dq_issues WHERE opened_run_id = $1 AND closed_at IS NULL`,
            [runId],
          );
          expect(issues.rows).toContainEqual({ rule_name: 'a_email' });
          const log = await db.query(`SELECT decision, attempts, error FROM dq_alert_log WHERE run_id = $1`, [
            runId,
          ]);
          expect(log.rows).toMatchObject([
            { decision: 'failed', attempts: 2, error: expect.stringContaining('no answer') },
          ]);
        });
        // The alert was not delivered, so the next run tries it again instead of suppressing it.
        const retry = await dq('alerts', 'send', '--json');
        expect(retry.code).toBe(3);
        expect(jsonOf(retry).data.deliveries[0].alerts.map((a: { kind: string }) => a.kind)).toContain(
          'new_failure',
        );
      } finally {
        await receiver.close();
        await database.test.drop();
      }
    }, 300_000); // a whole dq run on PGlite, on a shared 2-core machine
  });
}
