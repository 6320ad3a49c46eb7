import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GenerateManifest, GenerateOptions, GenerateResult, Logger } from '@dq/plugin-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRetailFeeds } from './retail-generator.js';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const FEEDS = [
  'crm_customers',
  'products',
  'ecom_transactions',
  'ecom_transaction_items',
  'marketing_campaigns',
  'campaign_responses',
];
/** 12 days ending 2026-03-12: day 1 is 2026-03-01. */
const WINDOW = { days: 12, date: '20260312' };
const stamp = (day: number) => `202603${String(day).padStart(2, '0')}`;

async function generate(overrides: Partial<GenerateOptions> = {}): Promise<GenerateResult & { dir: string }> {
  const outDir = mkdtempSync(join(tmpdir(), 'dq-days-'));
  dirs.push(outDir);
  const result = await generateRetailFeeds(
    {
      outDir,
      scale: 0.05,
      seed: 42,
      date: WINDOW.date,
      days: WINDOW.days,
      defects: false,
      volumes: { customers: 50000, products: 500, transactions: 200000, campaigns: 25 },
      ...overrides,
    },
    { logger: silent },
  );
  return { ...result, dir: outDir };
}

/** Every file of a folder, by name. */
function folder(dir: string): Map<string, Buffer> {
  return new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name))]));
}

/** Header and data lines of a feed's file of a day. */
function lines(dir: string, feed: string, day: number): { header: string; rows: string[] } {
  const [header = '', ...rows] = readFileSync(join(dir, `${feed}_${stamp(day)}.csv`), 'utf8')
    .split('\n')
    .slice(0, -1);
  return { header, rows };
}

/** Data rows as objects (the generated values never need quoting in these columns). */
function records(dir: string, feed: string, day: number): Record<string, string>[] {
  const { header, rows } = lines(dir, feed, day);
  const columns = header.split(',');
  return rows.map((row) => {
    const fields = splitCsv(row);
    return Object.fromEntries(columns.map((column, i) => [column, fields[i] ?? '']));
  });
}

function splitCsv(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

const dayOf = (timestamp: string) => timestamp.slice(0, 10).replaceAll('-', '');

describe('dq generate --days', () => {
  let run: GenerateResult & { dir: string };
  let manifest: GenerateManifest;

  beforeAll(async () => {
    run = await generate();
    manifest = JSON.parse(readFileSync(run.manifest as string, 'utf8'));
  });

  it('writes every feed once per day, each file stamped with its day, and a manifest beside them', () => {
    const expected = FEEDS.flatMap((feed) =>
      Array.from({ length: WINDOW.days }, (_, i) => `${feed}_${stamp(i + 1)}.csv`),
    );
    expect(readdirSync(run.dir).sort()).toEqual([...expected, 'manifest.json'].sort());
    expect(run.files).toHaveLength(FEEDS.length * WINDOW.days);
    expect(manifest.window).toEqual({ days: 12, first: '2026-03-01', last: '2026-03-12' });
    expect(manifest.incidents).toEqual([]);
    for (const file of run.files) {
      const day = manifest.days.find((d) => d.date.replaceAll('-', '') === file.date);
      expect(day?.feeds[file.feed]).toEqual({
        file: `${file.feed}_${file.date}.csv`,
        rows: file.rows,
        malformedRows: 0,
      });
      expect(readFileSync(file.path, 'utf8').split('\n').length - 2).toBe(file.rows);
    }
  });

  it("dates each day's transactions and responses on that day, by customers registered by then", () => {
    let transactions = 0;
    for (let day = 1; day <= WINDOW.days; day++) {
      const customers = new Map(records(run.dir, 'crm_customers', day).map((c) => [c.customer_id, c]));
      for (const c of customers.values())
        expect((c.registration_date as string).replaceAll('-', '') <= stamp(day)).toBe(true);
      const headers = records(run.dir, 'ecom_transactions', day);
      transactions += headers.length;
      // The volume is spread evenly, give or take 10%: 10,000 transactions over 12 days.
      expect(headers.length).toBeGreaterThan((10_000 / 12) * 0.85);
      expect(headers.length).toBeLessThan((10_000 / 12) * 1.15);
      const ids = new Set<string>();
      for (const t of headers) {
        expect(dayOf(t.transaction_date as string)).toBe(stamp(day));
        expect(customers.has(t.customer_id as string), t.customer_id).toBe(true);
        ids.add(t.transaction_id as string);
      }
      for (const item of records(run.dir, 'ecom_transaction_items', day)) {
        expect(ids.has(item.transaction_id as string)).toBe(true);
      }
      const campaigns = new Set(records(run.dir, 'marketing_campaigns', day).map((c) => c.campaign_id));
      const responses = records(run.dir, 'campaign_responses', day);
      for (const r of responses) {
        expect(dayOf(r.response_date as string)).toBe(stamp(day));
        const customer = customers.get(r.customer_id as string);
        expect(customer, r.customer_id).toBeDefined();
        expect(r.response_date! >= customer!.registration_date!).toBe(true);
        expect(campaigns.has(r.campaign_id as string), r.campaign_id).toBe(true);
      }
    }
    expect(transactions).toBe(10_000);
    const responses = manifest.days.reduce((sum, d) => sum + (d.feeds.campaign_responses?.rows ?? 0), 0);
    expect(responses).toBeGreaterThan(WINDOW.days * 20);
  });

  it('gives identical files, manifest included, for the same seed, and other files for another seed', async () => {
    const again = folder((await generate()).dir);
    const first = folder(run.dir);
    expect([...again.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [name, bytes] of first) expect(bytes.equals(again.get(name) as Buffer), name).toBe(true);
    const other = folder((await generate({ seed: 43 })).dir);
    expect(
      (other.get(`ecom_transactions_${stamp(5)}.csv`) as Buffer).equals(
        first.get(`ecom_transactions_${stamp(5)}.csv`) as Buffer,
      ),
    ).toBe(false);
  });

  it('makes every customer 18 to 80 years old on every day of the window', async () => {
    // 60 days ending 2026-03-12: the first day is 2026-01-12.
    const long = await generate({ days: 60, scale: 0.04 });
    const customers = readFileSync(join(long.dir, 'crm_customers_20260312.csv'), 'utf8')
      .split('\n')
      .slice(1, -1);
    expect(customers.length).toBe(2000);
    for (const row of customers) {
      const birth = row.split(',')[5] as string;
      expect(birth <= '2008-01-12', row).toBe(true);
      expect(birth > '1945-03-12', row).toBe(true);
    }
  });

  it('changes P% of the customers from one day to the next with --changes P', async () => {
    const changed = await generate({ changes: 4, scale: 0.02 });
    for (const day of [2, 7]) {
      const before = lines(changed.dir, 'crm_customers', day - 1).rows;
      const after = lines(changed.dir, 'crm_customers', day).rows;
      expect(after.length).toBe(before.length);
      const share = after.filter((row, i) => row !== before[i]).length / after.length;
      // 4% moved and about 2% new e-mails.
      expect(share).toBeGreaterThan(0.045);
      expect(share).toBeLessThan(0.075);
    }
  });

  it('adds defects to every file, a different set each day', async () => {
    const dirty = await generate({ defects: true, scale: 0.02 });
    for (const file of dirty.files) expect(file.malformedRows, file.path).toBeGreaterThan(0);
    const day = (d: number) => readFileSync(join(dirty.dir, `ecom_transactions_${stamp(d)}.csv`), 'latin1');
    expect(day(3)).not.toBe(day(4));
  });
});

describe('dq generate --days with --incident', () => {
  let clean: Map<string, Buffer>;
  let cleanDir: string;
  let hit: GenerateResult & { dir: string };
  let manifest: GenerateManifest;
  const incidents = [
    '3:volume_drop',
    `${stamp(5)}:null_spike`,
    '7:late_feed',
    '9:dropped_column',
    '10:null_spike:ecom_transactions.payment_method=60',
  ];

  beforeAll(async () => {
    const base = await generate();
    cleanDir = base.dir;
    clean = folder(base.dir);
    hit = await generate({ incidents });
    manifest = JSON.parse(readFileSync(hit.manifest as string, 'utf8'));
  });

  /** The files that differ from the run without incidents. */
  const changedFiles = () =>
    [...folder(hit.dir)]
      .filter(([name, bytes]) => name !== 'manifest.json' && !bytes.equals(clean.get(name) as Buffer))
      .map(([name]) => name);

  it('changes only the files of the incident days, and the manifest names exactly those', () => {
    expect(changedFiles().sort()).toEqual(
      [
        `ecom_transactions_${stamp(3)}.csv`,
        `ecom_transaction_items_${stamp(3)}.csv`,
        `crm_customers_${stamp(5)}.csv`,
        `ecom_transactions_${stamp(7)}.csv`,
        `ecom_transaction_items_${stamp(7)}.csv`,
        `ecom_transactions_${stamp(8)}.csv`,
        `ecom_transaction_items_${stamp(8)}.csv`,
        `crm_customers_${stamp(9)}.csv`,
        `ecom_transactions_${stamp(10)}.csv`,
      ].sort(),
    );
    expect(manifest.incidents.flatMap((incident) => incident.files).sort()).toEqual(changedFiles().sort());
    expect(
      manifest.incidents.map(({ day, date, kind, feed, column, amount }) => ({
        day,
        date,
        kind,
        feed,
        column,
        amount,
      })),
    ).toEqual([
      {
        day: 3,
        date: '2026-03-03',
        kind: 'volume_drop',
        feed: 'ecom_transactions',
        column: undefined,
        amount: 50,
      },
      { day: 5, date: '2026-03-05', kind: 'null_spike', feed: 'crm_customers', column: 'email', amount: 30 },
      {
        day: 7,
        date: '2026-03-07',
        kind: 'late_feed',
        feed: 'ecom_transactions',
        column: undefined,
        amount: 1,
      },
      {
        day: 9,
        date: '2026-03-09',
        kind: 'dropped_column',
        feed: 'crm_customers',
        column: 'phone_number',
        amount: undefined,
      },
      {
        day: 10,
        date: '2026-03-10',
        kind: 'null_spike',
        feed: 'ecom_transactions',
        column: 'payment_method',
        amount: 60,
      },
    ]);
  });

  it("volume_drop: about half of the day's transactions, and only the items of those kept", () => {
    const before = lines(cleanDir, 'ecom_transactions', 3).rows;
    const after = lines(hit.dir, 'ecom_transactions', 3).rows;
    expect(after.length / before.length).toBeGreaterThan(0.42);
    expect(after.length / before.length).toBeLessThan(0.58);
    const kept = new Set(before);
    for (const row of after) expect(kept.has(row)).toBe(true);
    const keptIds = new Set(after.map((row) => row.split(',')[0]));
    const items = lines(hit.dir, 'ecom_transaction_items', 3).rows;
    const cleanItems = lines(cleanDir, 'ecom_transaction_items', 3).rows;
    expect(items).toEqual(cleanItems.filter((row) => keptIds.has(row.split(',')[1] as string)));
    expect(manifest.incidents[0]?.rows).toBe(before.length - after.length);
  });

  it('null_spike: the column is empty in about 5% + 30% of the rows, every other value unchanged', () => {
    const before = records(cleanDir, 'crm_customers', 5);
    const after = records(hit.dir, 'crm_customers', 5);
    expect(after).toHaveLength(before.length);
    const empty = (rows: Record<string, string>[]) => rows.filter((c) => c.email === '').length / rows.length;
    expect(empty(before)).toBeLessThan(0.08);
    expect(empty(after)).toBeGreaterThan(0.3);
    expect(empty(after)).toBeLessThan(0.4);
    after.forEach((row, i) => {
      expect({ ...row, email: '' }).toEqual({ ...before[i], email: '' });
    });
    expect(manifest.incidents[1]?.rows).toBe(after.filter((c, i) => c.email !== before[i]?.email).length);
    const payments = records(hit.dir, 'ecom_transactions', 10).filter((t) => t.payment_method === '').length;
    expect(payments / lines(hit.dir, 'ecom_transactions', 10).rows.length).toBeGreaterThan(0.5);
  });

  it('late_feed: the day repeats the day before, and its own rows arrive with the next day', () => {
    for (const feed of ['ecom_transactions', 'ecom_transaction_items']) {
      const day6 = readFileSync(join(cleanDir, `${feed}_${stamp(6)}.csv`));
      expect(readFileSync(join(hit.dir, `${feed}_${stamp(7)}.csv`)).equals(day6), feed).toBe(true);
      expect(lines(hit.dir, feed, 8).rows).toEqual([
        ...lines(cleanDir, feed, 7).rows,
        ...lines(cleanDir, feed, 8).rows,
      ]);
    }
    const late = manifest.incidents[2];
    expect(late).toMatchObject({
      rows: lines(cleanDir, 'ecom_transactions', 6).rows.length,
      delayedRows: lines(cleanDir, 'ecom_transactions', 7).rows.length,
      arrivesOn: '2026-03-08',
    });
    // The newest transaction of the late day's file is a day old: stale.
    const newest = records(hit.dir, 'ecom_transactions', 7)
      .map((t) => t.transaction_date as string)
      .sort()
      .at(-1);
    expect(dayOf(newest as string)).toBe(stamp(6));
  });

  it("dropped_column: the day's file has neither the column nor its values", () => {
    const before = lines(cleanDir, 'crm_customers', 9);
    const after = lines(hit.dir, 'crm_customers', 9);
    expect(after.header).toBe(before.header.replace(',phone_number', ''));
    const without = (row: Record<string, string>) => {
      const { phone_number: _, ...rest } = row;
      return rest;
    };
    expect(records(hit.dir, 'crm_customers', 9)).toEqual(records(cleanDir, 'crm_customers', 9).map(without));
  });

  it('repeats a late day with the defects and incidents of the day it repeats', async () => {
    const dirty = await generate({
      defects: true,
      scale: 0.02,
      incidents: ['4:volume_drop', '5:late_feed=2'],
    });
    for (const day of [5, 6]) {
      const feed = `ecom_transactions_${stamp(day)}.csv`;
      expect(
        readFileSync(join(dirty.dir, feed)).equals(
          readFileSync(join(dirty.dir, `ecom_transactions_${stamp(4)}.csv`)),
        ),
      ).toBe(true);
    }
    const late = JSON.parse(readFileSync(dirty.manifest as string, 'utf8')).incidents[1];
    expect(late).toMatchObject({ kind: 'late_feed', amount: 2, arrivesOn: '2026-03-07' });
  });

  it('rejects a malformed incident with a clear message and writes nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['volume_drop'], /not DAY:KIND/],
      [['3:outage'], /unknown kind "outage"/],
      [['13:volume_drop'], /day "13", which is not in the window 2026-03-01 to 2026-03-12/],
      [['20260228:volume_drop'], /not in the window/],
      [['1:late_feed'], /falls on the first day/],
      [['3:volume_drop:orders'], /unknown feed "orders"/],
      [['3:volume_drop:ecom_transaction_items'], /items follow their transactions/],
      [['3:null_spike:crm_customers'], /needs a column of crm_customers/],
      [['3:null_spike:crm_customers.customer_id'], /other than its key/],
      [['3:dropped_column:crm_customers.shoe_size'], /needs a column/],
      [['3:volume_drop=0'], /not a percent/],
      [['3:volume_drop=150'], /not a percent/],
      [['3:late_feed=0.5'], /is late "0.5" days/],
      [['3:dropped_column=5'], /has an amount/],
      [['3:volume_drop', '3:volume_drop'], /given twice/],
      [
        ['5:late_feed=2', '6:null_spike:ecom_transaction_items.discount_amount'],
        /falls on a day of the late feed/,
      ],
    ];
    for (const [specs, message] of cases) {
      const outDir = join(mkdtempSync(join(tmpdir(), 'dq-days-bad-')), 'out');
      dirs.push(outDir);
      const attempt = generateRetailFeeds(
        {
          outDir,
          scale: 0.01,
          seed: 1,
          date: WINDOW.date,
          days: WINDOW.days,
          defects: false,
          incidents: specs,
          volumes: { customers: 50000, products: 500, transactions: 200000, campaigns: 25 },
        },
        { logger: silent },
      );
      await expect(attempt, specs.join(' ')).rejects.toMatchObject({
        code: 'DQ_USAGE',
        message: expect.stringMatching(message),
      });
      expect(existsSync(outDir), specs.join(' ')).toBe(false);
    }
  });

  it('needs --days for an incident, and a window of 1 to 366 days', async () => {
    await expect(generate({ days: undefined, incidents: ['1:volume_drop'] })).rejects.toMatchObject({
      code: 'DQ_USAGE',
      message: expect.stringMatching(/needs a window of days/),
    });
    await expect(generate({ days: 0 })).rejects.toMatchObject({ code: 'DQ_USAGE' });
    await expect(generate({ days: 367 })).rejects.toMatchObject({ code: 'DQ_USAGE' });
  });
});
