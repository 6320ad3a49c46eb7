import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TestDatabase } from '@dq/testing';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliDatabase, repoRoot, runDq, workdir } from './run-dq.js';

/** Debian's chromium package; .ci/run installs it. */
const CHROMIUM = '/usr/bin/chromium';
const chromiumInstalled = existsSync(CHROMIUM);
const inCi = process.env.CI === 'true' || process.env.CI === '1';
const artifacts = join(repoRoot, 'test-artifacts');

// Three tables, nine rules, all seven categories.
const RULES = `
- { name: customers_id_unique, category: uniqueness, table: web_customers, column: id, check: unique, severity: critical }
- { name: customers_email_present, description: Every customer has an e-mail address, category: completeness,
    table: web_customers, column: email, check: not_null, severity: warning, threshold: 10% }
- { name: customers_email_format, description: "E-mail addresses look like name@domain.tld", category: validity,
    table: web_customers, column: email, check: regex, pattern: '^[^@ ]+@[^@ ]+\\.[a-z]{2,}$', severity: warning, threshold: 2% }
- { name: customers_country_known, category: consistency, table: web_customers, column: country, check: in_set,
    values: [DE, FR, GB, US], severity: info, threshold: 5% }
- { name: orders_customer_exists, description: Every order belongs to a known customer, category: integrity,
    table: web_orders, column: customer_id, check: foreign_key, references: { table: web_customers, column: id },
    severity: critical }
- { name: orders_amount_positive, category: accuracy, table: web_orders, column: amount, check: between, min: 0,
    exclusive: true, severity: critical, threshold: 1% }
- { name: orders_recent, category: timeliness, table: web_orders, column: ordered_at, check: freshness, max_age: 7d,
    severity: warning }
- { name: products_price_range, category: validity, table: web_products, column: price, check: between, min: 0,
    max: 5000, severity: warning, threshold: 5% }
- { name: products_name_present, category: completeness, table: web_products, column: name, check: not_null,
    severity: critical }
`;

const DATA = `
CREATE TABLE web_customers (id int PRIMARY KEY, email text, country text);
INSERT INTO web_customers SELECT g,
  CASE WHEN g % 25 = 0 THEN NULL WHEN g % 9 = 0 THEN 'customer' || g || '.example.com' ELSE 'customer' || g || '@example.com' END,
  CASE WHEN g % 17 = 0 THEN 'Deutschland' ELSE (ARRAY['DE','FR','GB','US'])[1 + g % 4] END
  FROM generate_series(1, 400) g;
CREATE TABLE web_orders (id int PRIMARY KEY, customer_id int, amount numeric, ordered_at timestamptz);
INSERT INTO web_orders SELECT g, CASE WHEN g % 40 = 0 THEN 9000 + g ELSE 1 + g % 400 END,
  CASE WHEN g % 60 = 0 THEN -5 ELSE 10 + g % 90 END, now() - (g % 5) * interval '1 day'
  FROM generate_series(1, 1200) g;
CREATE TABLE web_products (sku text PRIMARY KEY, name text, price numeric);
INSERT INTO web_products SELECT 'SKU-' || g, 'Product ' || g, CASE WHEN g = 7 THEN 99999 ELSE g * 3 END
  FROM generate_series(1, 80) g;
`;

/** Fixes between check runs, so the trend moves the way a team's week does. */
const FIXES = [
  `UPDATE web_customers SET email = 'fixed' || id || '@example.com' WHERE id % 9 = 0 AND id % 18 = 0;`,
  `UPDATE web_orders SET customer_id = 1 WHERE customer_id > 9000 AND id % 80 = 0;`,
];

/** Collects what a page does that a self-contained report must not: requests and errors. */
function watch(page: Page) {
  const seen = { requests: [] as string[], errors: [] as string[] };
  page.on('request', (r) => seen.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') seen.errors.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (err) => seen.errors.push(`pageerror: ${err.message}`));
  return seen;
}

describe('the HTML report in headless Chromium', () => {
  let test: TestDatabase | undefined;
  let browser: Browser | undefined;
  let report = '';

  beforeAll(async () => {
    if (!chromiumInstalled) return;
    const database = await cliDatabase('pglite');
    test = database.test;
    const cwd = workdir();
    mkdirSync(join(cwd, 'rules'));
    writeFileSync(join(cwd, 'rules', 'web.yaml'), RULES);
    const env = { ...database.env, DQ_QUALITY__RULES: join(cwd, 'rules') };
    const sql = (text: string) => database.withDb((db) => db.exec(text));
    const migrate = await runDq(['db', 'migrate'], { cwd, env });
    expect(migrate.code, migrate.stderr).toBe(0);
    await sql(DATA);
    for (const fix of [undefined, ...FIXES]) {
      if (fix) await sql(fix);
      const check = await runDq(['check'], { cwd, env });
      expect([0, 1], check.stderr).toContain(check.code);
    }
    report = join(cwd, 'report.html');
    const res = await runDq(['report', 'html', '--out', report], { cwd, env });
    expect(res.code, res.stderr).toBe(0);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-dev-shm-usage',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await test?.drop();
  });

  it('renders the charts and the results table, with no console error and no network request', async (ctx) => {
    if (!chromiumInstalled) {
      if (inCi)
        throw new Error(`${CHROMIUM} is not installed: CI must run this test (.ci/run installs chromium).`);
      const why = `${CHROMIUM} is not installed; apt-get install -y chromium to run this test`;
      console.warn(`[dq] SKIPPED the HTML report in headless Chromium: ${why}`);
      ctx.skip(why);
    }
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const seen = watch(page);
    const url = pathToFileURL(report).href;
    await page.goto(url, { waitUntil: 'load' });

    for (const title of ['Scores by category', 'Overall score trend', 'Failed records by table']) {
      const chart = page.locator(`figure.chart svg[aria-label="${title}"]`);
      const box = await chart.boundingBox();
      expect(box, title).not.toBeNull();
      expect(box!.width, title).toBeGreaterThan(200);
      expect(box!.height, title).toBeGreaterThan(100);
    }
    // Each chart draws its data, not only its frame.
    const bars = page.locator(
      'svg[aria-label="Scores by category"] rect[fill="#2e9d5b"], svg[aria-label="Scores by category"] rect[fill="#e0a100"], svg[aria-label="Scores by category"] rect[fill="#d64545"]',
    );
    expect(await bars.count()).toBe(7);
    expect(await page.locator('svg[aria-label="Overall score trend"] circle').count()).toBe(3);
    expect(await page.locator('svg[aria-label="Failed records by table"] rect[rx]').count()).toBe(3);

    const table = page.locator('table.results');
    const tableBox = await table.boundingBox();
    expect(tableBox!.width).toBeGreaterThan(600);
    expect(tableBox!.height).toBeGreaterThan(200);
    expect(await table.locator('tbody tr').count()).toBe(9);
    expect(await table.locator('tbody tr').first().locator('.status').textContent()).toBe('FAILED');

    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'report.png'), fullPage: true });

    // Readable on a phone: nothing wider than the screen but the tables, which scroll in their box.
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(artifacts, 'report-phone.png'), fullPage: true });

    expect(seen.errors).toEqual([]);
    expect(seen.requests).toEqual([url]);
    await page.close();
  });
});
