import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { builtinPlugins } from '@dq/builtins';
import { availableKinds } from '@dq/testing';
import ExcelJS from 'exceljs';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliDatabase, cliDatabase, dataOf, runDq, workdir } from './run-dq.js';

const RULES = `
- name: id_present
  category: completeness
  table: rep_people
  column: id
  check: not_null
  severity: critical
- name: phone_format
  description: "Phones look like <b>555-0100</b>"
  category: validity
  table: rep_people
  column: phone
  check: regex
  pattern: '^[0-9]{3}-[0-9]{4}$'
  severity: critical
  threshold: 5%
`;

/** A port nothing listens on. */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** A real SMTP server on loopback that parses every message it receives. */
async function startSmtp(): Promise<{
  port: number;
  messages: ParsedMail[];
  envelopes: string[][];
  close(): Promise<void>;
}> {
  const messages: ParsedMail[] = [];
  const envelopes: string[][] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      envelopes.push(session.envelope.rcptTo.map((r) => r.address));
      simpleParser(stream, { keepCidLinks: true })
        .then((mail) => {
          messages.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.server.address() as { port: number };
  return { port, messages, envelopes, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A real HTTP server on loopback standing in for QuickChart: records each chart config, answers SVG. */
async function startQuickChart(): Promise<{
  url: string;
  requests: { path: string; format: string; chart: { type: string } }[];
  close(): Promise<void>;
}> {
  const requests: { path: string; format: string; chart: { type: string } }[] = [];
  const server = createHttpServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const post = JSON.parse(body) as { format: string; chart: string };
    requests.push({ path: req.url ?? '', format: post.format, chart: JSON.parse(post.chart) });
    res.writeHead(200, { 'content-type': 'image/svg+xml' });
    res.end(
      '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>',
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** The mapped target columns of the dimension specs the built-in plugins provide. */
function mappedDimensionColumns(): number {
  let columns = 0;
  for (const { plugin } of builtinPlugins()) {
    plugin.register(
      {
        provide: () => {},
        provideValue: (token, value) => {
          if (token !== Symbol.for('dq.dimensionSpec')) return;
          const spec = value as { columns: object; derived?: object };
          columns += Object.keys(spec.columns).length + Object.keys(spec.derived ?? {}).length;
        },
        migrations: () => {},
      },
      {},
    );
  }
  return columns;
}

describe('dq report without a check', () => {
  it('exits 3 telling to migrate and run dq check first', async () => {
    const cwd = workdir();
    const res = await runDq(['report', 'html', '--out', join(cwd, 'r.html')], {
      cwd,
      env: { DQ_DATABASE__EMBEDDED__DIR: join(cwd, 'pg') },
    });
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/nothing to report/);
    expect(res.stderr).toMatch(/dq check/);
  });
});

for (const kind of availableKinds()) {
  describe(`dq report and dq docs [${kind}]`, () => {
    let database: CliDatabase;
    let cwd: string;
    let env: Record<string, string>;

    beforeAll(async () => {
      database = await cliDatabase(kind);
      cwd = workdir();
      const rules = join(cwd, 'rules');
      mkdirSync(rules);
      writeFileSync(join(rules, 'people.yaml'), RULES);
      env = {
        ...database.env,
        DQ_QUALITY__RULES: rules,
        DQ_REPORTING__HTML__OUT_DIR: join(cwd, 'reports'),
      };
      const migrate = await runDq(['db', 'migrate'], { cwd, env });
      expect(migrate.code, migrate.stderr).toBe(0);
      await database.withDb((db) =>
        db.exec(`CREATE TABLE rep_people (id int PRIMARY KEY, phone text);
          INSERT INTO rep_people SELECT g, CASE WHEN g % 2 = 0 THEN '555-0100' ELSE '<script>alert(' || g || ')</script>' END
            FROM generate_series(1, 20) g;`),
      );
      for (let i = 0; i < 2; i++) {
        const check = await runDq(['check'], { cwd, env });
        expect(check.code, check.stderr).toBe(1); // phone_format is critical and FAILED
      }
      // a migrate and two checks: on PGlite and a loaded shared machine, minutes
    }, 600_000);
    afterAll(() => database.test.drop());

    it('dq report html writes one offline file: inline SVG charts, no external URL, no script, escaped data', async () => {
      const out = join(cwd, 'out/report.html');
      const res = await runDq(['report', 'html', '--out', out], { cwd, env });
      expect(res.code, res.stderr).toBe(0);
      const html = readFileSync(out, 'utf8');
      expect(html.match(/<svg/g)?.length).toBe(3);
      expect(html).not.toMatch(/(src|href)="https?:\/\//);
      expect(html).not.toMatch(/<script/i);
      expect(html).toContain('&lt;script&gt;alert(');
      expect(html).toContain('Phones look like &lt;b&gt;555-0100&lt;/b&gt;');
      expect(html).toContain('@media print');
      expect(html).toContain('name="viewport"');
      expect(html).toMatch(/phone_format/);
      expect(html).toMatch(/10 \/ 20/);
    });

    it('dq report html with reporting.charts.renderer: quickchart draws the charts on the configured server', async () => {
      const quickchart = await startQuickChart();
      try {
        const out = join(cwd, 'quickchart/report.html');
        const res = await runDq(['report', 'html', '--out', out], {
          cwd,
          env: {
            ...env,
            DQ_REPORTING__CHARTS__RENDERER: 'quickchart',
            DQ_REPORTING__CHARTS__QUICKCHART__HOST: `${quickchart.url}/qc`,
          },
        });
        expect(res.code, res.stderr).toBe(0);
        expect(quickchart.requests.map((r) => [r.path, r.format, r.chart.type])).toEqual([
          ['/qc/chart', 'svg', 'horizontalBar'],
          ['/qc/chart', 'svg', 'line'],
          ['/qc/chart', 'svg', 'bar'],
        ]);
        const html = readFileSync(out, 'utf8');
        expect(html.match(/href="data:image\/svg\+xml;base64,/g)).toHaveLength(3);
        expect(html).not.toMatch(/(src|href)="https?:\/\//);
      } finally {
        await quickchart.close();
      }
    });

    it('dq report html without --out writes reporting.html.outDir/dq-report-YYYYMMDD.html', async () => {
      const res = await runDq(['report', 'html', '--json'], { cwd, env });
      expect(res.code, res.stderr).toBe(0);
      const { files } = dataOf(res) as { files: string[] };
      expect(files[0]).toMatch(/reports\/dq-report-\d{8}\.html$/);
      expect(existsSync(files[0]!)).toBe(true);
    });

    it('dq report email delivers html and text parts, cid PNG charts and the report attached', async () => {
      const smtp = await startSmtp();
      try {
        const res = await runDq(['report', 'email', '--to', 'team@example.com'], {
          cwd,
          env: {
            ...env,
            DQ_REPORTING__EMAIL__SMTP__HOST: '127.0.0.1',
            DQ_REPORTING__EMAIL__SMTP__PORT: String(smtp.port),
          },
        });
        expect(res.code, res.stderr).toBe(0);
        expect(smtp.messages).toHaveLength(1);
        expect(smtp.envelopes[0]).toEqual(['team@example.com']);
        const mail = smtp.messages[0]!;
        // The second of two identical runs: the news is that nothing is new.
        expect(mail.subject).toMatch(/^dq \d{4}-\d{2}-\d{2}: 75\.0 \(±0\.0\), no new failures$/);
        expect(mail.text).toMatch(
          /^dq [^\n]*\n[^\n]*\n\nWhat changed since the previous full run [^\n]*: 75\.0 \(±0\.0\), no new failures\nStill failing:\n {2}FAILED {3}phone_format on rep_people\.phone: 10 \/ 20 \(50%\) \(failing for 0 days\)\n/,
        );
        expect(mail.text).toContain('Overall score:');
        expect(mail.text).toContain('phone_format');
        const html = String(mail.html);
        const cids = [...html.matchAll(/src="cid:([^"]+)"/g)].map((m) => m[1]!);
        expect(cids).toHaveLength(3);
        for (const cid of cids) {
          const image = mail.attachments.find((a) => a.cid === cid);
          expect(image, `attachment for cid:${cid}`).toBeDefined();
          expect(image!.contentType).toBe('image/png');
          expect(image!.content.subarray(1, 4).toString('latin1')).toBe('PNG');
        }
        const report = mail.attachments.find((a) => a.filename?.endsWith('.html'));
        expect(report?.contentDisposition).toBe('attachment');
        expect(report?.contentType).toBe('text/html');
        expect(report?.content.toString('utf8')).toContain('<svg');
      } finally {
        await smtp.close();
      }
    });

    it('dq report email exits 3 when SMTP is down, and the HTML report is on disk', async () => {
      const out = join(cwd, 'down/report.html');
      const port = await unusedPort();
      const res = await runDq(['report', 'email', '--to', 'team@example.com', '--out', out], {
        cwd,
        env: {
          ...env,
          DQ_REPORTING__EMAIL__SMTP__HOST: '127.0.0.1',
          DQ_REPORTING__EMAIL__SMTP__PORT: String(port),
        },
      });
      expect(res.code).toBe(3);
      expect(res.stderr).toMatch(
        new RegExp(`SMTP 127\\.0\\.0\\.1:${port} failed after 3 attempts: .*ECONNREFUSED`),
      );
      expect(res.stderr).toContain(out);
      expect(readFileSync(out, 'utf8')).toContain('<svg');
    });

    it('dq report email --dry-run writes the message to a .eml file without sending', async () => {
      const eml = join(cwd, 'mail/scorecard.eml');
      const res = await runDq(['report', 'email', '--dry-run', eml], {
        cwd,
        env: { ...env, DQ_REPORTING__EMAIL__SMTP__PORT: String(await unusedPort()) },
      });
      expect(res.code, res.stderr).toBe(0);
      const mail = await simpleParser(readFileSync(eml), { keepCidLinks: true });
      expect(mail.subject).toMatch(/^dq \d{4}-\d{2}-\d{2}: /);
      expect(mail.attachments.filter((a) => a.contentType === 'image/png')).toHaveLength(3);
    });

    it('dq docs writes the workbook with four sheets, one Field Mappings row per mapped column, glossary and KPIs', async () => {
      const dir = join(cwd, 'docs');
      const res = await runDq(['docs', '--out', dir], { cwd, env });
      expect(res.code, res.stderr).toBe(0);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(dir, 'data-mapping.xlsx'));
      expect(wb.worksheets.map((w) => w.name)).toEqual([
        'Field Mappings',
        'SCD Logic',
        'Business Rules',
        'Data Lineage',
      ]);
      const mappings = wb.getWorksheet('Field Mappings')!;
      expect(mappings.actualRowCount - 1).toBe(mappedDimensionColumns());
      expect(mappings.getRow(1).font?.bold).toBe(true);
      expect(mappings.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      const rules = wb.getWorksheet('Business Rules')!;
      expect(rules.actualRowCount - 1).toBe(2);
      expect(rules.getRow(2).getCell(1).value).toBe('id_present');
      const glossary = readFileSync(join(dir, 'glossary.md'), 'utf8');
      expect(glossary).toContain('## Quality dimensions');
      expect(glossary).toContain('### dim\\_customer');
      const kpis = readFileSync(join(dir, 'kpis.md'), 'utf8');
      expect(kpis).toContain('## Overall Data Quality Score');
      expect(kpis).toContain('```sql');
    });
  });
}
