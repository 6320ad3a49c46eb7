import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinPlugins } from '@dq/builtins';
import { IngestEngine, MigrationService, TransformEngine, type TransformResult } from '@dq/core';
import type { Logger, SourceConfig } from '@dq/plugin-api';
import { createTestKernel, describeEachDatabase } from '@dq/testing';
import { beforeAll, expect, it } from 'vitest';

const HEADERS = {
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
type Feed = keyof typeof HEADERS;

const customer = (id: string) =>
  `${id},Ann,Lee,${id.toLowerCase()}@example.com,555-123-4567,1990-05-01,Female,1 Main St,Albany,NY,10001,USA,2023-01-15,Premium,Active`;
const header = (txn: string, cust: string, date: string, status = 'Completed') =>
  `${txn},${cust},${date} 10:00:00,ORD-${txn},Cash,${status},0,0,0,0,USD`;

/** The first full feed: two transactions of three items, one response. */
const DAY1: Record<Feed, string[]> = {
  crm_customers: [customer('CUST000001'), customer('CUST000002')],
  products: [
    'PROD00001,Alpha Laptop,Electronics,Laptop,Acme,100.00,150.00,Active',
    'PROD00002,Beta Phone,Electronics,Phone,Acme,50.00,80.00,Active',
  ],
  ecom_transactions: [header('TXN1', 'CUST000001', '2024-01-10'), header('TXN2', 'CUST000002', '2024-01-11')],
  ecom_transaction_items: [
    'TXI1,TXN1,PROD00001,1,150.00,150.00,0.00',
    'TXI2,TXN1,PROD00001,2,150.00,300.00,10.00',
    'TXI3,TXN2,PROD00002,1,80.00,80.00,0.00',
  ],
  marketing_campaigns: ['CAMP001,Winter,Email,2024-01-01,2024-01-31,1000,All'],
  campaign_responses: ['RESP1,CAMP001,CUST000001,2024-01-12 09:00:00,Click,0'],
};

/**
 * The next day's full feed corrects things: TXI1 is another product at another price and
 * quantity, TXN2 belonged to the other customer and is refunded, RESP1 was a purchase; TXI2 is
 * gone from TXN1, which the feed sends again; TXI4 is new.
 */
const DAY2: Record<Feed, string[]> = {
  ...DAY1,
  ecom_transactions: [
    header('TXN1', 'CUST000001', '2024-01-10'),
    header('TXN2', 'CUST000001', '2024-01-11', 'Refunded'),
    header('TXN3', 'CUST000002', '2024-02-01'),
  ],
  ecom_transaction_items: [
    'TXI1,TXN1,PROD00002,3,80.00,240.00,5.00',
    'TXI3,TXN2,PROD00002,1,80.00,80.00,0.00',
    'TXI4,TXN3,PROD00001,1,150.00,150.00,0.00',
  ],
  campaign_responses: ['RESP1,CAMP001,CUST000001,2024-01-12 09:00:00,Purchase,120.50'],
};

/** A logger that keeps what it is given. */
function recordingLogger(lines: { level: string; msg: string }[]): Logger {
  const at =
    (level: string) =>
    (obj: object | string, msg?: string): void => {
      lines.push({ level, msg: typeof obj === 'string' ? obj : (msg ?? '') });
    };
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}

describeEachDatabase('Warehouse: corrections in a later full feed reach the facts', ({ db }) => {
  const dir = mkdtempSync(join(tmpdir(), 'dq-corrections-'));
  const sources: SourceConfig[] = (Object.keys(HEADERS) as Feed[]).map((name) => ({
    name,
    kind: 'csv',
    path: dir,
    pattern: `${name}_*.csv`,
    table: `stg_${name}`,
    mode: 'full',
  }));
  const logs: { level: string; msg: string }[] = [];

  /** Writes the feeds stamped `date`, loads them (unless `loadFirst` is false) and transforms. */
  const day = async (date: string, feeds: Record<Feed, string[]> | null): Promise<TransformResult> => {
    const runtime = await createTestKernel({
      database: db(),
      builtins: builtinPlugins(),
      overrides: { sources },
      logger: recordingLogger(logs),
    });
    try {
      if (feeds) {
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        for (const [feed, rows] of Object.entries(feeds)) {
          writeFileSync(join(dir, `${feed}_${date}.csv`), `${[HEADERS[feed as Feed], ...rows].join('\n')}\n`);
        }
        expect((await runtime.kernel.build(IngestEngine).load()).failed).toBe(0);
      }
      return await runtime.kernel.build(TransformEngine).run();
    } finally {
      await runtime.close();
    }
  };
  const counts = (result: TransformResult, step: string) => result.steps.find((s) => s.name === step)!.counts;
  const facts = async () =>
    (
      await db().query<Record<string, unknown>>(
        `SELECT f.transaction_item_key, f.transaction_item_id, c.customer_id, p.product_id, f.transaction_date_key,
                f.payment_status, f.quantity, f.unit_price, f.line_total, f.discount_amount, f.net_amount
           FROM fact_transactions f
           JOIN dim_customer c USING (customer_key)
           JOIN dim_product p USING (product_key)
          ORDER BY f.transaction_item_id`,
      )
    ).rows;
  const warehouse = async () =>
    (
      await db().query<{ c: string }>(
        `SELECT md5(string_agg(x, '|' ORDER BY x)) AS c FROM (
           SELECT 'f' || t::text AS x FROM fact_transactions t UNION ALL SELECT 'r' || t::text FROM fact_campaign_responses t
           UNION ALL SELECT 'a' || t::text FROM agg_customer_monthly t UNION ALL SELECT 'c' || t::text FROM dim_customer t) s`,
      )
    ).rows[0]!.c;

  beforeAll(async () => {
    const runtime = await createTestKernel({ database: db(), builtins: builtinPlugins() });
    await runtime.kernel.build(MigrationService).migrate();
    await runtime.close();
  });

  it('loads the first feed', async () => {
    const result = await day('20240115', DAY1);
    expect(counts(result, 'fact_transactions')).toEqual({ inserted: 3, updated: 0, missing: 0 });
    expect(counts(result, 'fact_campaign_responses')).toEqual({ inserted: 1, updated: 0 });
  });

  it('a corrected item shows its new values in place, counted; the item gone from its transaction is reported', async () => {
    const before = await facts();
    logs.length = 0;
    const result = await day('20240116', DAY2);
    // TXI1 (its item row) and TXI3 (its transaction's header) changed; TXI4 is new; TXI2 is gone
    expect(counts(result, 'fact_transactions')).toEqual({ inserted: 1, updated: 2, missing: 1 });
    expect(counts(result, 'fact_campaign_responses')).toEqual({ inserted: 0, updated: 1 });
    const after = await facts();
    const key = (id: string, rows: Record<string, unknown>[]) =>
      rows.find((r) => r.transaction_item_id === id)!.transaction_item_key;
    expect(after).toEqual([
      {
        transaction_item_key: key('TXI1', before),
        transaction_item_id: 'TXI1',
        customer_id: 'CUST000001',
        product_id: 'PROD00002',
        transaction_date_key: 20240110,
        payment_status: 'Completed',
        quantity: 3,
        unit_price: '80.00',
        line_total: '240.00',
        discount_amount: '5.00',
        net_amount: '235.00',
      },
      // no longer in the feed: kept as it was, and reported
      before.find((r) => r.transaction_item_id === 'TXI2'),
      {
        transaction_item_key: key('TXI3', before),
        transaction_item_id: 'TXI3',
        customer_id: 'CUST000001',
        product_id: 'PROD00002',
        transaction_date_key: 20240111,
        payment_status: 'Refunded',
        quantity: 1,
        unit_price: '80.00',
        line_total: '80.00',
        discount_amount: '0.00',
        net_amount: '80.00',
      },
      expect.objectContaining({
        transaction_item_id: 'TXI4',
        customer_id: 'CUST000002',
        net_amount: '150.00',
      }),
    ]);
    expect(logs).toContainEqual({
      level: 'warn',
      msg: expect.stringMatching(/fact_transactions: 1 rows are no longer in the feed .*TXI2/),
    });

    const response = await db().query(
      `SELECT response_type, conversion_value FROM fact_campaign_responses WHERE response_id = 'RESP1'`,
    );
    expect(response.rows).toEqual([{ response_type: 'Purchase', conversion_value: '120.50' }]);

    // what reads the facts follows: the monthly aggregate and the lifetime metrics
    const monthly = await db().query(
      `SELECT c.customer_id, a.year_month, a.total_transactions, a.total_revenue, a.total_units
         FROM agg_customer_monthly a JOIN dim_customer c USING (customer_key) ORDER BY 1, 2`,
    );
    expect(monthly.rows).toEqual([
      // TXI1 235 + TXI2 290 (kept) + TXI3 80
      {
        customer_id: 'CUST000001',
        year_month: '2024-01',
        total_transactions: 2,
        total_revenue: '605.00',
        total_units: 6,
      },
      {
        customer_id: 'CUST000002',
        year_month: '2024-02',
        total_transactions: 1,
        total_revenue: '150.00',
        total_units: 1,
      },
    ]);
    const lifetime = await db().query(
      `SELECT customer_id, total_orders, total_spent FROM dim_customer WHERE is_current AND customer_key <> -1 ORDER BY 1`,
    );
    expect(lifetime.rows).toEqual([
      { customer_id: 'CUST000001', total_orders: 2, total_spent: '605.00' },
      { customer_id: 'CUST000002', total_orders: 1, total_spent: '150.00' },
    ]);
  });

  it('a second transform, and the same rows loaded again, change nothing', async () => {
    const before = await warehouse();
    const again = await day('20240116', null);
    expect(counts(again, 'fact_transactions')).toEqual({ inserted: 0, updated: 0, missing: 0 });
    expect(counts(again, 'fact_campaign_responses')).toEqual({ inserted: 0, updated: 0 });
    expect(await warehouse()).toBe(before);

    // the same rows in the next day's files (new load ids): compared again, nothing updated
    const reloaded = await day('20240117', DAY2);
    expect(counts(reloaded, 'fact_transactions')).toEqual({ inserted: 0, updated: 0, missing: 1 });
    expect(counts(reloaded, 'fact_campaign_responses')).toEqual({ inserted: 0, updated: 0 });
    expect(await warehouse()).toBe(before);
  });

  it('an item sent again without its transaction keeps what it had from the header', async () => {
    const feeds = {
      ...DAY2,
      ecom_transactions: [header('TXN3', 'CUST000002', '2024-02-01')],
      ecom_transaction_items: [
        'TXI1,TXN1,PROD00002,4,80.00,320.00,5.00',
        'TXI4,TXN3,PROD00001,1,150.00,150.00,0.00',
      ],
    };
    const result = await day('20240118', feeds);
    expect(counts(result, 'fact_transactions')).toEqual({ inserted: 0, updated: 1, missing: 1 });
    const txi1 = (await facts()).find((r) => r.transaction_item_id === 'TXI1');
    expect(txi1).toMatchObject({
      customer_id: 'CUST000001',
      transaction_date_key: 20240110,
      payment_status: 'Completed',
      quantity: 4,
      net_amount: '315.00',
    });
  });
});
