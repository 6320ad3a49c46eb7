import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** Calendar dimension, 2020-01-01 to 2030-12-31, populated by migration (0002). */
export const dimDate = pgTable('dim_date', {
  date_key: integer('date_key').primaryKey(),
  date_actual: date('date_actual'),
  day_name: text('day_name'),
  day_of_week: integer('day_of_week'),
  day_of_month: integer('day_of_month'),
  day_of_year: integer('day_of_year'),
  week_of_year: integer('week_of_year'),
  month_number: integer('month_number'),
  month_name: text('month_name'),
  quarter: integer('quarter'),
  year_number: integer('year_number'),
  is_weekend: boolean('is_weekend'),
  is_holiday: boolean('is_holiday'),
  holiday_name: text('holiday_name'),
});

/** Customers, SCD Type 2 on the address; one current row per customer_id. */
export const dimCustomer = pgTable(
  'dim_customer',
  {
    customer_key: bigserial('customer_key', { mode: 'number' }).primaryKey(),
    customer_id: text('customer_id').notNull(),
    first_name: text('first_name'),
    last_name: text('last_name'),
    full_name: text('full_name'),
    email: text('email'),
    phone_number: text('phone_number'),
    date_of_birth: date('date_of_birth'),
    age: integer('age'),
    age_group: text('age_group'),
    gender: text('gender'),
    address: text('address'),
    city: text('city'),
    state: text('state'),
    postal_code: text('postal_code'),
    country: text('country'),
    registration_date: date('registration_date'),
    customer_segment: text('customer_segment'),
    account_status: text('account_status'),
    valid_from: date('valid_from').notNull(),
    valid_to: date('valid_to').notNull().default('9999-12-31'),
    is_current: boolean('is_current').notNull().default(true),
    total_orders: integer('total_orders').notNull().default(0),
    total_spent: numeric('total_spent', { precision: 15, scale: 2 }).notNull().default('0'),
  },
  (t) => [
    uniqueIndex('dim_customer_current_uq').on(t.customer_id).where(sql`is_current`),
    index('dim_customer_window_idx').on(t.customer_id, t.valid_from, t.valid_to),
  ],
);

/** Products, SCD Type 1. */
export const dimProduct = pgTable('dim_product', {
  product_key: bigserial('product_key', { mode: 'number' }).primaryKey(),
  product_id: text('product_id').notNull().unique(),
  product_name: text('product_name'),
  product_category: text('product_category'),
  product_subcategory: text('product_subcategory'),
  brand: text('brand'),
  unit_cost: numeric('unit_cost', { precision: 12, scale: 2 }),
  retail_price: numeric('retail_price', { precision: 12, scale: 2 }),
  margin_percentage: numeric('margin_percentage', { precision: 7, scale: 2 }),
  product_status: text('product_status'),
  is_active: boolean('is_active'),
});

/** Campaigns, SCD Type 1. */
export const dimCampaign = pgTable('dim_campaign', {
  campaign_key: bigserial('campaign_key', { mode: 'number' }).primaryKey(),
  campaign_id: text('campaign_id').notNull().unique(),
  campaign_name: text('campaign_name'),
  campaign_channel: text('campaign_channel'),
  start_date: date('start_date'),
  end_date: date('end_date'),
  budget_amount: numeric('budget_amount', { precision: 15, scale: 2 }),
  target_audience: text('target_audience'),
  campaign_duration_days: integer('campaign_duration_days'),
});

/**
 * Sales at line-item grain. Its keys include customer_key, the column Citus shards it by (a
 * sharded table's unique keys must hold it); an item is still loaded once, whatever its customer
 * (the loader finds items by transaction_item_id alone).
 */
export const factTransactions = pgTable(
  'fact_transactions',
  {
    transaction_item_key: bigserial('transaction_item_key', { mode: 'number' }).notNull(),
    transaction_item_id: text('transaction_item_id').notNull(),
    customer_key: bigint('customer_key', { mode: 'number' }).notNull(),
    product_key: bigint('product_key', { mode: 'number' }).notNull(),
    transaction_date_key: integer('transaction_date_key').notNull(),
    transaction_id: text('transaction_id'),
    order_number: text('order_number'),
    payment_method: text('payment_method'),
    payment_status: text('payment_status'),
    transaction_datetime: timestamp('transaction_datetime'),
    quantity: integer('quantity'),
    unit_price: numeric('unit_price', { precision: 12, scale: 2 }),
    line_total: numeric('line_total', { precision: 14, scale: 2 }),
    discount_amount: numeric('discount_amount', { precision: 14, scale: 2 }),
    net_amount: numeric('net_amount', { precision: 14, scale: 2 }),
    /** row_hash of the staged item and of its transaction header the row was built from. */
    source_item_hash: text('source_item_hash'),
    source_header_hash: text('source_header_hash'),
  },
  (t) => [
    primaryKey({ columns: [t.transaction_item_key, t.customer_key] }),
    unique('fact_transactions_item_customer_uq').on(t.transaction_item_id, t.customer_key),
    index('fact_transactions_customer_idx').on(t.customer_key),
    index('fact_transactions_date_idx').on(t.transaction_date_key),
  ],
);

/** Campaign responses at event grain; keys include customer_key as fact_transactions'. */
export const factCampaignResponses = pgTable(
  'fact_campaign_responses',
  {
    response_key: bigserial('response_key', { mode: 'number' }).notNull(),
    response_id: text('response_id').notNull(),
    campaign_key: bigint('campaign_key', { mode: 'number' }).notNull(),
    customer_key: bigint('customer_key', { mode: 'number' }).notNull(),
    response_date_key: integer('response_date_key').notNull(),
    response_type: text('response_type'),
    response_datetime: timestamp('response_datetime'),
    conversion_value: numeric('conversion_value', { precision: 15, scale: 2 }),
    /** row_hash of the staged response the row was built from. */
    source_row_hash: text('source_row_hash'),
  },
  (t) => [
    primaryKey({ columns: [t.response_key, t.customer_key] }),
    unique('fact_campaign_responses_response_customer_uq').on(t.response_id, t.customer_key),
  ],
);

/** Revenue per customer version and month. */
export const aggCustomerMonthly = pgTable(
  'agg_customer_monthly',
  {
    customer_key: bigint('customer_key', { mode: 'number' }).notNull(),
    year_month: text('year_month').notNull(),
    total_transactions: integer('total_transactions').notNull(),
    total_revenue: numeric('total_revenue', { precision: 15, scale: 2 }).notNull(),
    total_units: integer('total_units').notNull(),
    avg_transaction_value: numeric('avg_transaction_value', { precision: 15, scale: 2 }),
  },
  (t) => [primaryKey({ columns: [t.customer_key, t.year_month] })],
);

/**
 * (customer, month) cells of agg_customer_monthly to recompute besides the new facts: the cells
 * a corrected fact left and entered. The fact loader adds them, the aggregate consumes them.
 */
export const aggCustomerMonthlyPending = pgTable(
  'agg_customer_monthly_pending',
  {
    customer_key: bigint('customer_key', { mode: 'number' }).notNull(),
    year_month: text('year_month').notNull(),
  },
  (t) => [primaryKey({ columns: [t.customer_key, t.year_month] })],
);

/**
 * What each fact loader's last run was built from (row counts and load ids of its staging
 * tables, its own row count): while they are the same, the loader has nothing to compare.
 */
export const factSourcesSeen = pgTable('dq_fact_sources_seen', {
  loader: text('loader').primaryKey(),
  sources: text('sources').notNull(),
});
