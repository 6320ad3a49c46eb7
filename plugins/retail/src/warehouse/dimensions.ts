import type { DimensionSpec } from '@dq/plugin-api';

const text = (col: string) => `nullif(trim(s.${col}), '')`;

/**
 * dim_customer: Type 2 on the address (address, city, state, postal_code); names, contact,
 * segment and status are Type 1; full_name, age and age_group are derived (age as of the feed
 * date, never the wall clock). The first version is valid from the registration date.
 */
export const customerDimension: DimensionSpec = {
  name: 'customer',
  scd: 'type2',
  table: 'dim_customer',
  surrogateKey: 'customer_key',
  sourceTable: 'stg_crm_customers',
  businessKey: ['customer_id'],
  columns: {
    customer_id: text('customer_id'),
    first_name: text('first_name'),
    last_name: text('last_name'),
    full_name: "nullif(concat_ws(' ', nullif(trim(s.first_name), ''), nullif(trim(s.last_name), '')), '')",
    email: `lower(${text('email')})`,
    phone_number: text('phone_number'),
    date_of_birth: 'dq_try_date(s.date_of_birth)',
    gender: text('gender'),
    address: text('address'),
    city: text('city'),
    state: text('state'),
    postal_code: text('postal_code'),
    country: text('country'),
    registration_date: 'dq_try_date(s.registration_date)',
    customer_segment: text('customer_segment'),
    account_status: text('account_status'),
  },
  derived: {
    age: 'extract(year FROM age(src.dq_effective_date, src.date_of_birth))::int',
    age_group: `CASE
      WHEN src.date_of_birth IS NULL THEN NULL
      WHEN age(src.dq_effective_date, src.date_of_birth) < interval '25 years' THEN '18-24'
      WHEN age(src.dq_effective_date, src.date_of_birth) < interval '35 years' THEN '25-34'
      WHEN age(src.dq_effective_date, src.date_of_birth) < interval '45 years' THEN '35-44'
      WHEN age(src.dq_effective_date, src.date_of_birth) < interval '55 years' THEN '45-54'
      WHEN age(src.dq_effective_date, src.date_of_birth) < interval '65 years' THEN '55-64'
      ELSE '65+' END`,
  },
  type2Columns: ['address', 'city', 'state', 'postal_code'],
  effectiveDate: { from: 'feedDate' },
  initialValidFrom: 'src.registration_date',
  hardDelete: 'ignore',
};

/** dim_product: Type 1, with margin_percentage and is_active derived. */
export const productDimension: DimensionSpec = {
  name: 'product',
  scd: 'type1',
  table: 'dim_product',
  surrogateKey: 'product_key',
  sourceTable: 'stg_products',
  businessKey: ['product_id'],
  columns: {
    product_id: text('product_id'),
    product_name: text('product_name'),
    product_category: text('product_category'),
    product_subcategory: text('product_subcategory'),
    brand: text('brand'),
    unit_cost: 'dq_try_numeric(s.unit_cost)',
    retail_price: 'dq_try_numeric(s.retail_price)',
    product_status: text('product_status'),
  },
  derived: {
    margin_percentage: 'round((src.retail_price - src.unit_cost) * 100 / nullif(src.retail_price, 0), 2)',
    is_active: "src.product_status = 'Active'",
  },
};

/** dim_campaign: Type 1, with campaign_duration_days derived. */
export const campaignDimension: DimensionSpec = {
  name: 'campaign',
  scd: 'type1',
  table: 'dim_campaign',
  surrogateKey: 'campaign_key',
  sourceTable: 'stg_marketing_campaigns',
  businessKey: ['campaign_id'],
  columns: {
    campaign_id: text('campaign_id'),
    campaign_name: text('campaign_name'),
    campaign_channel: text('campaign_channel'),
    start_date: 'dq_try_date(s.start_date)',
    end_date: 'dq_try_date(s.end_date)',
    budget_amount: 'dq_try_numeric(s.budget_amount)',
    target_audience: text('target_audience'),
  },
  derived: { campaign_duration_days: 'src.end_date - src.start_date' },
};
