import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GeneratedFile, GenerateOptions, Logger } from '@dq/plugin-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRetailFeeds } from './retail-generator.js';

const headers: Record<string, string> = {
  crm_customers:
    'customer_id,first_name,last_name,email,phone_number,date_of_birth,gender,address,city,state,postal_code,country,registration_date,customer_segment,account_status',
  products:
    'product_id,product_name,product_category,product_subcategory,brand,unit_cost,retail_price,product_status',
  ecom_transactions:
    'transaction_id,customer_id,transaction_date,order_number,payment_method,payment_status,total_amount,discount_amount,tax_amount,shipping_amount,currency_code',
  ecom_transaction_items:
    'transaction_item_id,transaction_id,product_id,quantity,unit_price,line_total,discount_amount',
  marketing_campaigns:
    'campaign_id,campaign_name,campaign_channel,start_date,end_date,budget_amount,target_audience',
  campaign_responses: 'response_id,campaign_id,customer_id,response_date,response_type,conversion_value',
};

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function generate(overrides: Partial<GenerateOptions> = {}): Promise<GeneratedFile[]> {
  const outDir = mkdtempSync(join(tmpdir(), 'dq-retail-'));
  dirs.push(outDir);
  const result = await generateRetailFeeds(
    {
      outDir,
      scale: 0.01,
      seed: 42,
      date: '20260101',
      defects: false,
      volumes: { customers: 50000, products: 500, transactions: 200000, campaigns: 25 },
      ...overrides,
    },
    { logger: silent },
  );
  expect(result.manifest).toBeUndefined();
  return result.files;
}

/** A strict RFC 4180 reading of one line: undefined when a careful loader must reject it. */
function strictFields(line: Buffer): string[] | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(line);
  } catch {
    return undefined;
  }
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) return undefined;
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
      if (i < text.length && text[i] !== ',') return undefined;
    } else {
      const end = text.indexOf(',', i);
      field = text.slice(i, end < 0 ? text.length : end);
      if (field.includes('"')) return undefined;
      i += field.length;
    }
    fields.push(field);
    if (i >= text.length) return fields;
    i++;
  }
}

/** The lines of a file; every line, the last included, must end in \n and hold no \r. */
function physicalLines(path: string): Buffer[] {
  const bytes = readFileSync(path);
  expect(bytes[bytes.length - 1]).toBe(0x0a);
  expect(bytes.includes(0x0d)).toBe(false);
  const lines: Buffer[] = [];
  let start = 0;
  for (let nl = bytes.indexOf(0x0a); nl >= 0; nl = bytes.indexOf(0x0a, start)) {
    lines.push(bytes.subarray(start, nl));
    start = nl + 1;
  }
  return lines;
}

/** Parsed data rows keyed by header name; the file must hold no malformed line. */
function readRows(file: GeneratedFile): Record<string, string>[] {
  const [header, ...lines] = physicalLines(file.path);
  const columns = strictFields(header as Buffer) as string[];
  return lines.map((line) => {
    const fields = strictFields(line);
    expect(fields?.length, `${file.feed}: ${line.toString()}`).toBe(columns.length);
    return Object.fromEntries(columns.map((column, i) => [column, (fields as string[])[i] as string]));
  });
}

function byFeed(files: GeneratedFile[]): Record<string, GeneratedFile> {
  return Object.fromEntries(files.map((file) => [file.feed, file]));
}

const cents = (amount: string | undefined): number => Math.round(Number(amount) * 100);
const seconds = (timestamp: string): number => Date.parse(`${timestamp.replace(' ', 'T')}Z`) / 1000;

describe('RetailGenerator without defects', () => {
  let files: GeneratedFile[];
  let feed: Record<string, GeneratedFile>;
  let rows: Record<string, Record<string, string>[]>;

  beforeAll(async () => {
    files = await generate();
    feed = byFeed(files);
    rows = Object.fromEntries(files.map((file) => [file.feed, readRows(file)]));
  });

  it('writes the six feeds, named by feed and date, with their exact headers', () => {
    expect(files.map((file) => file.feed).sort()).toEqual(Object.keys(headers).sort());
    const dir = (files[0] as GeneratedFile).path.replace(/[/\\][^/\\]+$/, '');
    expect(readdirSync(dir).sort()).toEqual(
      Object.keys(headers)
        .map((name) => `${name}_20260101.csv`)
        .sort(),
    );
    for (const file of files) {
      const bytes = readFileSync(file.path);
      expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
      expect(bytes.toString('utf8').split('\n')[0]).toBe(headers[file.feed]);
    }
  });

  it('counts every data line and scales the base volumes, at least one row each', () => {
    for (const file of files) {
      expect(file.rows).toBe(physicalLines(file.path).length - 1);
      expect(file.malformedRows).toBe(0);
    }
    expect(feed.crm_customers?.rows).toBe(500);
    expect(feed.products?.rows).toBe(5);
    expect(feed.ecom_transactions?.rows).toBe(2000);
    // Below scale 1 the campaigns stay the seed's 25, each reaching fewer customers (see the scale tests).
    expect(feed.marketing_campaigns?.rows).toBe(25);
    expect(feed.ecom_transaction_items?.rows).toBeGreaterThan(2000);
    expect(feed.ecom_transaction_items?.rows).toBeLessThanOrEqual(2000 * 5);
  });

  it('formats keys with fixed-width, zero-padded, unique numbers', () => {
    const formats: Record<string, RegExp> = {
      crm_customers: /^CUST\d{6}$/,
      products: /^PROD\d{5}$/,
      ecom_transactions: /^TXN\d{7}$/,
      ecom_transaction_items: /^TXI\d{7}$/,
      marketing_campaigns: /^CAMP\d{4}$/,
      campaign_responses: /^RESP\d{6}$/,
    };
    for (const [name, format] of Object.entries(formats)) {
      const keys = (rows[name] ?? []).map((row) => Object.values(row)[0] as string);
      for (const key of keys) expect(key).toMatch(format);
      expect(new Set(keys).size).toBe(keys.length);
    }
    expect(rows.crm_customers?.[0]?.customer_id).toBe('CUST000001');
    expect(rows.ecom_transactions?.[0]?.order_number).toMatch(/^ORD-\d{4}-00001$/);
  });

  it('writes dates, timestamps and two-decimal amounts in one format', () => {
    const date = /^\d{4}-\d{2}-\d{2}$/;
    const timestamp = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
    const money = /^\d+\.\d{2}$/;
    for (const c of rows.crm_customers ?? []) {
      expect(c.date_of_birth).toMatch(date);
      expect(c.registration_date).toMatch(date);
      expect(c.state).toMatch(/^[A-Z]{2}$/);
      expect(c.country).toBe('USA');
    }
    for (const t of rows.ecom_transactions ?? []) {
      expect(t.transaction_date).toMatch(timestamp);
      for (const column of ['total_amount', 'discount_amount', 'tax_amount', 'shipping_amount']) {
        expect(t[column]).toMatch(money);
      }
    }
    for (const p of rows.products ?? []) expect(p.retail_price).toMatch(money);
  });

  it('leaves about 5% of e-mails and 2% of phones empty, and mixes phone formats', () => {
    const customers = rows.crm_customers ?? [];
    const share = (test: (c: Record<string, string>) => boolean) =>
      customers.filter(test).length / customers.length;
    expect(share((c) => c.email === '')).toBeGreaterThan(0.01);
    expect(share((c) => c.email === '')).toBeLessThan(0.1);
    expect(share((c) => c.phone_number === '')).toBeLessThan(0.06);
    expect(share((c) => /^\d{3}-\d{3}-\d{4}$/.test(c.phone_number ?? ''))).toBeGreaterThan(0.3);
    expect(share((c) => /[().x]/.test(c.phone_number ?? ''))).toBeGreaterThan(0.1);
  });

  it('never dates a transaction before its customer registered or after the feed date', () => {
    const registered = new Map((rows.crm_customers ?? []).map((c) => [c.customer_id, c.registration_date]));
    const endOfFeedDay = seconds('2026-01-01 23:59:59');
    for (const t of rows.ecom_transactions ?? []) {
      const registration = registered.get(t.customer_id);
      expect(registration, t.customer_id).toBeDefined();
      const at = seconds(t.transaction_date as string);
      expect(at).toBeGreaterThanOrEqual(seconds(`${registration} 00:00:00`));
      expect(at).toBeLessThanOrEqual(endOfFeedDay);
    }
  });

  it('prices items from the catalogue and sums them into their transaction', () => {
    const prices = new Map((rows.products ?? []).map((p) => [p.product_id, p.retail_price]));
    const sums = new Map<string, { total: number; discount: number; products: string[] }>();
    for (const item of rows.ecom_transaction_items ?? []) {
      expect(item.unit_price).toBe(prices.get(item.product_id));
      const line = cents(item.line_total);
      expect(line).toBe(Number(item.quantity) * cents(item.unit_price));
      expect(cents(item.discount_amount)).toBeLessThanOrEqual(Math.round(line * 0.2));
      const sum = sums.get(item.transaction_id as string) ?? { total: 0, discount: 0, products: [] };
      sum.total += line;
      sum.discount += cents(item.discount_amount);
      sum.products.push(item.product_id as string);
      sums.set(item.transaction_id as string, sum);
    }
    const transactions = rows.ecom_transactions ?? [];
    expect(sums.size).toBe(transactions.length);
    for (const t of transactions) {
      const sum = sums.get(t.transaction_id as string);
      expect(sum?.products.length).toBeLessThanOrEqual(5);
      expect(new Set(sum?.products).size).toBe(sum?.products.length);
      expect(cents(t.total_amount)).toBe(sum?.total);
      expect(cents(t.discount_amount)).toBe(sum?.discount);
      expect(cents(t.tax_amount)).toBe(Math.round(cents(t.total_amount) * 0.08));
      expect(cents(t.shipping_amount)).toBeLessThanOrEqual(1500);
      expect(t.currency_code).toBe('USD');
    }
  });

  it('dates responses inside their campaign, never after the feed date, with a value only on conversions', () => {
    const campaigns = new Map((rows.marketing_campaigns ?? []).map((c) => [c.campaign_id, c]));
    const responses = rows.campaign_responses ?? [];
    expect(responses.length).toBeGreaterThan(0);
    for (const r of responses) {
      const campaign = campaigns.get(r.campaign_id);
      expect(campaign, r.campaign_id).toBeDefined();
      const at = seconds(r.response_date as string);
      expect(at).toBeGreaterThanOrEqual(seconds(`${campaign?.start_date} 00:00:00`));
      expect(at).toBeLessThanOrEqual(seconds(`${campaign?.end_date} 23:59:59`));
      expect(at).toBeLessThanOrEqual(seconds('2026-01-01 23:59:59'));
      if (r.response_type === 'Converted') {
        expect(cents(r.conversion_value)).toBeGreaterThanOrEqual(5000);
        expect(cents(r.conversion_value)).toBeLessThanOrEqual(50000);
      } else {
        expect(r.conversion_value).toBe('');
      }
    }
  });

  it('takes responses only from customers registered by then, never dated before the registration', () => {
    const registered = new Map((rows.crm_customers ?? []).map((c) => [c.customer_id, c.registration_date]));
    const responses = rows.campaign_responses ?? [];
    const pairs = new Set<string>();
    for (const r of responses) {
      const registration = registered.get(r.customer_id);
      expect(registration, r.customer_id).toBeDefined();
      expect(seconds(r.response_date as string)).toBeGreaterThanOrEqual(seconds(`${registration} 00:00:00`));
      pairs.add(`${r.campaign_id}|${r.customer_id}`);
    }
    // One response per customer and campaign, as in the seed.
    expect(pairs.size).toBe(responses.length);
  });

  it('starts campaigns at least a week before the feed date and runs them 7 to 90 days', () => {
    for (const c of rows.marketing_campaigns ?? []) {
      const start = seconds(`${c.start_date} 00:00:00`);
      const days = (seconds(`${c.end_date} 00:00:00`) - start) / 86_400;
      expect(start).toBeLessThanOrEqual(seconds('2025-12-25 00:00:00'));
      expect(days).toBeGreaterThanOrEqual(7);
      expect(days).toBeLessThanOrEqual(90);
      expect(c.campaign_name).toMatch(
        /^(Spring|Summer|Fall|Winter|Holiday) (Sale|Promotion|Event|Launch) \d{4}$/,
      );
    }
  });
});

describe('RetailGenerator determinism', () => {
  const contents = (files: GeneratedFile[]) => files.map((file) => readFileSync(file.path));

  it('writes byte-identical files for the same seed and different ones for another seed', async () => {
    const first = contents(await generate({ scale: 0.005, defects: true, changes: 5 }));
    const second = contents(await generate({ scale: 0.005, defects: true, changes: 5 }));
    const other = contents(await generate({ scale: 0.005, defects: true, changes: 5, seed: 43 }));
    expect(second.length).toBe(first.length);
    first.forEach((bytes, i) => {
      expect(bytes.equals(second[i] as Buffer)).toBe(true);
      expect(bytes.equals(other[i] as Buffer)).toBe(false);
    });
  });

  it('reports progress by feed', async () => {
    const seen = new Map<string, number>();
    const outDir = mkdtempSync(join(tmpdir(), 'dq-retail-'));
    dirs.push(outDir);
    const { files } = await generateRetailFeeds(
      {
        outDir,
        scale: 0.06,
        seed: 1,
        date: '20260101',
        defects: false,
        volumes: { customers: 50000, products: 500, transactions: 200000, campaigns: 25 },
      },
      { logger: silent, onProgress: (name, count) => seen.set(name, Math.max(seen.get(name) ?? 0, count)) },
    );
    for (const file of files) expect(seen.get(file.feed)).toBe(file.rows);
  });

  it('rejects an impossible feed date or scale', async () => {
    await expect(generate({ date: '20260230' })).rejects.toMatchObject({ code: 'DQ_USAGE' });
    await expect(generate({ scale: 0 })).rejects.toMatchObject({ code: 'DQ_USAGE' });
  });
});

describe('RetailGenerator with defects', () => {
  let clean: GeneratedFile[];
  let dirty: GeneratedFile[];

  beforeAll(async () => {
    clean = await generate({ scale: 0.05 });
    dirty = await generate({ scale: 0.05, defects: true });
  });

  it('adds single-line malformed rows that a strict reader rejects, and counts them exactly', () => {
    let malformed = 0;
    for (const file of dirty) {
      const [header, ...lines] = physicalLines(file.path);
      const width = strictFields(header as Buffer)?.length;
      const rejected = lines.filter((line) => strictFields(line)?.length !== width);
      expect(lines.length).toBe(file.rows);
      expect(rejected.length, file.feed).toBe(file.malformedRows);
      expect(file.malformedRows, file.feed).toBeGreaterThan(0);
      malformed += file.malformedRows;
    }
    const rows = dirty.reduce((sum, file) => sum + file.rows, 0);
    expect(malformed / rows).toBeGreaterThan(0.0005);
    expect(malformed / rows).toBeLessThan(0.002);
  });

  it('includes every kind of malformed line', () => {
    const text = dirty.map((file) => readFileSync(file.path).toString('latin1')).join('');
    expect(text).toMatch(/\nCU"ST|\nTX"N|\nTX"I|\nRE"SP|\nPR"OD|\nCA"MP/);
    expect(text).toContain('\u00c3(');
    expect(text).toMatch(/,unexpected\n/);
    expect(text).toMatch(/,"[^"\n]*\n/);
  });

  it('adds parseable dirty values and duplicate keys for rules to catch', () => {
    const parsed = (name: string) => {
      const file = byFeed(dirty)[name] as GeneratedFile;
      const [header, ...lines] = physicalLines(file.path);
      const columns = strictFields(header as Buffer) as string[];
      return lines
        .map((line) => strictFields(line))
        .filter((fields): fields is string[] => fields?.length === columns.length)
        .map((fields) => Object.fromEntries(columns.map((column, i) => [column, fields[i] as string])));
    };
    const transactions = parsed('ecom_transactions');
    const items = parsed('ecom_transaction_items');
    const customers = parsed('crm_customers');
    const badDate = (value: string | undefined) => value === '2024-13-45' || value === 'not a date';
    const nonNumeric = (value: string | undefined) => value === 'N/A' || value === '12.5.3';
    expect(transactions.some((t) => t.customer_id === 'CUST999999')).toBe(true);
    expect(transactions.some((t) => badDate(t.transaction_date))).toBe(true);
    expect(transactions.some((t) => nonNumeric(t.total_amount) || nonNumeric(t.tax_amount))).toBe(true);
    expect(items.some((i) => i.product_id === 'PROD99999')).toBe(true);
    expect(items.some((i) => Number(i.quantity) < 0)).toBe(true);
    expect(customers.some((c) => badDate(c.date_of_birth) || badDate(c.registration_date))).toBe(true);
    const keys = transactions.map((t) => t.transaction_id);
    expect(new Set(keys).size).toBeLessThan(keys.length);
  });

  it('keeps the clean rows: defects change about 0.5% of them and add a few lines', () => {
    for (const file of clean) {
      const withDefects = new Set(
        readFileSync((byFeed(dirty)[file.feed] as GeneratedFile).path, 'latin1').split('\n'),
      );
      const lines = readFileSync(file.path, 'latin1').split('\n');
      const kept = lines.filter((line) => withDefects.has(line)).length / lines.length;
      expect(kept, file.feed).toBeGreaterThan(file.rows > 1000 ? 0.985 : 0.5);
      const extra = (byFeed(dirty)[file.feed] as GeneratedFile).rows - file.rows;
      expect(extra, file.feed).toBeGreaterThan(0);
      if (file.rows > 1000) expect(extra / file.rows, file.feed).toBeLessThan(0.006);
    }
  });
});

describe('RetailGenerator with changes', () => {
  it('writes the next day customers with P% moved and about P/2% new e-mails, all else equal', async () => {
    const files = await generate({ scale: 0.04, changes: 10 });
    const snapshots = files.filter((file) => file.feed === 'crm_customers');
    expect(snapshots.map((file) => file.path.slice(-12))).toEqual(['20260101.csv', '20260102.csv']);
    const [before, after] = snapshots.map(readRows) as [Record<string, string>[], Record<string, string>[]];
    expect(after.map((c) => c.customer_id)).toEqual(before.map((c) => c.customer_id));
    const addressColumns = ['address', 'city', 'state', 'postal_code'];
    let moved = 0;
    let newEmail = 0;
    before.forEach((old, i) => {
      const now = after[i] as Record<string, string>;
      const changed = Object.keys(old).filter((column) => old[column] !== now[column]);
      if (changed.includes('address')) {
        moved++;
        expect(changed.every((column) => addressColumns.includes(column))).toBe(true);
      } else if (changed.length > 0) {
        newEmail++;
        expect(changed).toEqual(['email']);
      }
    });
    expect(moved / before.length).toBeGreaterThan(0.07);
    expect(moved / before.length).toBeLessThan(0.13);
    expect(newEmail / before.length).toBeGreaterThan(0.025);
    expect(newEmail / before.length).toBeLessThan(0.075);
  });
});

/** Data lines of each feed, by feed. */
const rowCounts = (files: GeneratedFile[]) => Object.fromEntries(files.map((file) => [file.feed, file.rows]));

describe('RetailGenerator campaign responses', () => {
  it("responds at the seed's channel rate among the customers a campaign reaches who are registered by its last day", async () => {
    const rates: Record<string, number> = {
      Email: 0.2,
      'Social Media': 0.1,
      'Display Ads': 0.05,
      'Search Ads': 0.05,
    };
    // Scale 3 of small volumes: 75 campaigns, each reaching a third of 9,000 customers.
    const files = await generate({
      scale: 3,
      volumes: { customers: 3000, products: 20, transactions: 3000, campaigns: 25 },
    });
    const feed = byFeed(files);
    const customers = readRows(feed.crm_customers as GeneratedFile);
    const campaigns = readRows(feed.marketing_campaigns as GeneratedFile);
    const responses = readRows(feed.campaign_responses as GeneratedFile);
    expect(campaigns.length).toBe(75);
    const registrations = customers.map((c) => seconds(`${c.registration_date} 00:00:00`));
    const perCampaign = new Map<string, number>();
    for (const r of responses)
      perCampaign.set(r.campaign_id as string, (perCampaign.get(r.campaign_id as string) ?? 0) + 1);
    const byChannel = new Map<string, { responses: number; reachable: number }>();
    for (const c of campaigns) {
      const last = Math.min(seconds(`${c.end_date} 00:00:00`), seconds('2026-01-01 00:00:00'));
      // The denominator: customers registered by the campaign's last day, a third of them reached.
      const eligible = registrations.filter((at) => at <= last).length;
      const sum = byChannel.get(c.campaign_channel as string) ?? { responses: 0, reachable: 0 };
      sum.responses += perCampaign.get(c.campaign_id as string) ?? 0;
      sum.reachable += eligible / 3;
      byChannel.set(c.campaign_channel as string, sum);
    }
    expect(byChannel.size).toBe(4);
    for (const [channel, { responses: count, reachable }] of byChannel) {
      expect(count / reachable, channel).toBeGreaterThan((rates[channel] as number) * 0.9);
      expect(count / reachable, channel).toBeLessThan((rates[channel] as number) * 1.1);
    }
  });
});

describe('RetailGenerator --scale', () => {
  it('multiplies every feed by the scale: rows at scale 4 are four times those at scale 1', async () => {
    const volumes = { customers: 2000, products: 40, transactions: 8000, campaigns: 25 };
    const one = rowCounts(await generate({ scale: 1, volumes }));
    const four = rowCounts(await generate({ scale: 4, volumes }));
    for (const [feed, rows] of Object.entries(one)) {
      const ratio = (four[feed] as number) / rows;
      expect(ratio, `${feed}: ${rows} rows at scale 1, ${four[feed]} at scale 4`).toBeGreaterThan(4 * 0.9);
      expect(ratio, `${feed}: ${rows} rows at scale 1, ${four[feed]} at scale 4`).toBeLessThan(4 * 1.1);
    }
  });

  it('keeps responses proportional below scale 1 too', async () => {
    const volumes = { customers: 8000, products: 40, transactions: 8000, campaigns: 25 };
    const full = rowCounts(await generate({ scale: 1, volumes }));
    const quarter = rowCounts(await generate({ scale: 0.25, volumes }));
    const ratio = (quarter.campaign_responses as number) / (full.campaign_responses as number);
    expect(ratio).toBeGreaterThan(0.25 * 0.9);
    expect(ratio).toBeLessThan(0.25 * 1.1);
  });
});
