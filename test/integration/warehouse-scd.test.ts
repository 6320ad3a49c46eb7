import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinPlugins } from '@dq/builtins';
import { IngestEngine, MigrationService, TransformEngine } from '@dq/core';
import type { SourceConfig } from '@dq/plugin-api';
import { createTestKernel, describeEachDatabase } from '@dq/testing';
import { beforeAll, expect, it } from 'vitest';

const CUSTOMER_HEADER =
  'customer_id,first_name,last_name,email,phone_number,date_of_birth,gender,address,city,state,postal_code,country,registration_date,customer_segment,account_status';
const customer = (
  id: string,
  city: string,
  state: string,
  email = `${id.toLowerCase()}@example.com`,
  address = `1 Main St ${city}`,
) =>
  `${id},Ann,Lee,${email},555-123-4567,1990-05-01,Female,${address},${city},${state},10001,USA,2023-01-15,Premium,Active`;

const FEEDS: Record<string, string> = {
  products:
    'product_id,product_name,product_category,product_subcategory,brand,unit_cost,retail_price,product_status\nPROD00001,Alpha Laptop,Electronics,Laptop,Acme,100.00,150.00,Active\n',
  ecom_transactions:
    'transaction_id,customer_id,transaction_date,order_number,payment_method,payment_status,total_amount,discount_amount,tax_amount,shipping_amount,currency_code\n',
  ecom_transaction_items:
    'transaction_item_id,transaction_id,product_id,quantity,unit_price,line_total,discount_amount\n',
  marketing_campaigns:
    'campaign_id,campaign_name,campaign_channel,start_date,end_date,budget_amount,target_audience\n',
  campaign_responses: 'response_id,campaign_id,customer_id,response_date,response_type,conversion_value\n',
};

describeEachDatabase('Warehouse: SCD Type 2 and facts', ({ db }) => {
  const dir = mkdtempSync(join(tmpdir(), 'dq-scd-'));
  const sources: SourceConfig[] = [
    ['crm_customers', 'stg_crm_customers'],
    ['products', 'stg_products'],
    ['ecom_transactions', 'stg_ecom_transactions'],
    ['ecom_transaction_items', 'stg_ecom_transaction_items'],
    ['marketing_campaigns', 'stg_marketing_campaigns'],
    ['campaign_responses', 'stg_campaign_responses'],
  ].map(([name, table]) => ({
    name: name!,
    kind: 'csv',
    path: dir,
    pattern: `${name}_*.csv`,
    table: table!,
    mode: 'full',
  }));

  /** Writes one day's feeds (customers snapshot + transactions) and runs load + transform. */
  const day = async (date: string, customers: string[], transactions: [string, string, string][] = []) => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `crm_customers_${date}.csv`), `${CUSTOMER_HEADER}\n${customers.join('\n')}\n`);
    for (const [feed, header] of Object.entries(FEEDS)) {
      let body = '';
      if (feed === 'ecom_transactions') {
        body = transactions
          .map(
            ([txn, cust, when]) =>
              `${txn},${cust},${when} 10:00:00,ORD-${txn},Cash,Completed,150.00,0.00,12.00,5.00,USD\n`,
          )
          .join('');
      }
      if (feed === 'ecom_transaction_items') {
        body = transactions.map(([txn]) => `TXI-${txn},${txn},PROD00001,1,150.00,150.00,0.00\n`).join('');
      }
      writeFileSync(join(dir, `${feed}_${date}.csv`), header + body);
    }
    const runtime = await createTestKernel({
      database: db(),
      builtins: builtinPlugins(),
      overrides: { sources },
    });
    try {
      const load = await runtime.kernel.build(IngestEngine).load();
      expect(load.failed).toBe(0);
      return await runtime.kernel.build(TransformEngine).run();
    } finally {
      await runtime.close();
    }
  };
  const versions = async (id: string) =>
    (
      await db().query<{
        city: string;
        state: string;
        email: string;
        valid_from: string;
        valid_to: string;
        is_current: boolean;
      }>(
        'SELECT city, state, email, valid_from, valid_to, is_current FROM dim_customer WHERE customer_id = $1 ORDER BY valid_from',
        [id],
      )
    ).rows;

  beforeAll(async () => {
    const runtime = await createTestKernel({ database: db(), builtins: builtinPlugins() });
    await runtime.kernel.build(MigrationService).migrate();
    await runtime.close();
  });

  it('the walkthrough: a move opens a half-open window and each purchase joins the version of its date', async () => {
    await day('20240115', [customer('CUST000001', 'New York', 'NY')], [['TXN1', 'CUST000001', '2024-01-15']]);
    await day(
      '20240701',
      [customer('CUST000001', 'Los Angeles', 'CA')],
      [
        ['TXN1', 'CUST000001', '2024-01-15'],
        ['TXN2', 'CUST000001', '2024-07-15'],
        ['TXN3', 'CUST000001', '2024-07-01'],
      ],
    );
    expect(await versions('CUST000001')).toEqual([
      {
        city: 'New York',
        state: 'NY',
        email: 'cust000001@example.com',
        valid_from: '2023-01-15',
        valid_to: '2024-07-01',
        is_current: false,
      },
      {
        city: 'Los Angeles',
        state: 'CA',
        email: 'cust000001@example.com',
        valid_from: '2024-07-01',
        valid_to: '9999-12-31',
        is_current: true,
      },
    ]);
    const joined = await db().query<{ transaction_id: string; city: string }>(
      `SELECT f.transaction_id, c.city FROM fact_transactions f JOIN dim_customer c USING (customer_key) ORDER BY 1`,
    );
    // a purchase on 2024-07-01 itself joins exactly one version: the new one
    expect(joined.rows).toEqual([
      { transaction_id: 'TXN1', city: 'New York' },
      { transaction_id: 'TXN2', city: 'Los Angeles' },
      { transaction_id: 'TXN3', city: 'Los Angeles' },
    ]);
    const current = await db().query<{ total_orders: number; total_spent: string }>(
      "SELECT total_orders, total_spent FROM dim_customer WHERE customer_id = 'CUST000001' AND is_current",
    );
    expect(current.rows).toEqual([{ total_orders: 3, total_spent: '450.00' }]);
  });

  it('the same snapshot twice adds no version; an e-mail change alone adds none and shows on every version', async () => {
    await day('20240701', [customer('CUST000001', 'Los Angeles', 'CA')]);
    expect(await versions('CUST000001')).toHaveLength(2);
    await day('20240801', [customer('CUST000001', 'Los Angeles', 'CA', 'ann.lee@example.org')]);
    const rows = await versions('CUST000001');
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.email)).toEqual(['ann.lee@example.org', 'ann.lee@example.org']);
  });

  it('a transaction whose customer or product is unknown lands on key -1, never NULL', async () => {
    await day(
      '20240901',
      [customer('CUST000001', 'Los Angeles', 'CA', 'ann.lee@example.org')],
      [['TXN9', 'CUST999999', '2024-09-01']],
    );
    const res = await db().query<{ customer_key: number; product_key: number }>(
      "SELECT customer_key, product_key FROM fact_transactions WHERE transaction_id = 'TXN9'",
    );
    expect(res.rows).toEqual([{ customer_key: -1, product_key: expect.any(Number) }]);
    const nulls = await db().query<{ n: number }>(
      'SELECT count(*)::int AS n FROM fact_transactions WHERE customer_key IS NULL OR product_key IS NULL OR transaction_date_key IS NULL',
    );
    expect(nulls.rows[0]!.n).toBe(0);
  });

  it('a second transform on the same staging data changes no warehouse row', async () => {
    const checksum = async () =>
      (
        await db().query<{ c: string }>(
          `SELECT md5(string_agg(x, '|' ORDER BY x)) AS c FROM (
             SELECT 'c' || t::text AS x FROM dim_customer t UNION ALL SELECT 'p' || t::text FROM dim_product t
             UNION ALL SELECT 'f' || t::text FROM fact_transactions t UNION ALL SELECT 'a' || t::text FROM agg_customer_monthly t) s`,
        )
      ).rows[0]!.c;
    const before = await checksum();
    const runtime = await createTestKernel({
      database: db(),
      builtins: builtinPlugins(),
      overrides: { sources },
    });
    const result = await runtime.kernel.build(TransformEngine).run();
    await runtime.close();
    expect(result.steps.every((s) => s.counts.inserted === 0 && (s.counts.closed ?? 0) === 0)).toBe(true);
    expect(await checksum()).toBe(before);
  });
});
