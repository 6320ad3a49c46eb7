-- bench/check: the naive way to run the 29 rules under rules/: each rule as its own query, one
-- after another on one connection, counting its scope and its failures. The expressions are those
-- of bench/check-fused-baseline.sql; only the fusion is missing (every rule reads its table
-- again). Each query prints `name|scope|failed`, which bench/check.mjs compares with dq's results.
\set ON_ERROR_STOP 1
SET work_mem = '64MB';

-- accuracy
SELECT 'customer_age_in_range', count(*), count(*) FILTER (WHERE age < 18 OR age > 100)
  FROM dim_customer WHERE is_current AND customer_key <> -1;
SELECT 'product_retail_price_positive', count(*), count(*) FILTER (WHERE retail_price <= 0)
  FROM dim_product WHERE product_key <> -1;
SELECT 'line_total_equals_quantity_times_price', count(*),
       count(*) FILTER (WHERE line_total - quantity * unit_price NOT BETWEEN -0.01 AND 0.01)
  FROM fact_transactions;
SELECT 'item_quantity_positive_number', count(*),
       count(*) FILTER (WHERE CASE WHEN quantity ~ '^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$'
                                   THEN quantity::numeric < 1 ELSE quantity IS NOT NULL END)
  FROM stg_ecom_transaction_items;

-- completeness
SELECT 'customer_email_not_null', count(*), count(*) FILTER (WHERE email IS NULL)
  FROM dim_customer WHERE is_current AND account_status = 'Active' AND customer_key <> -1;
SELECT 'customer_phone_not_null', count(*), count(*) FILTER (WHERE phone_number IS NULL)
  FROM dim_customer WHERE is_current AND customer_key <> -1;
SELECT 'transactions_loaded', 1, (count(*) < 1)::int FROM fact_transactions;
SELECT 'date_dimension_populated', 1, (count(*) < 3650)::int FROM dim_date WHERE date_key <> -1;
SELECT 'product_name_not_null', count(*), count(*) FILTER (WHERE product_name IS NULL)
  FROM dim_product WHERE product_key <> -1;

-- consistency
SELECT 'campaign_end_after_start', count(*), count(*) FILTER (WHERE end_date <= start_date)
  FROM dim_campaign WHERE campaign_key <> -1;
SELECT 'conversion_value_only_on_conversions', count(*),
       count(*) FILTER (WHERE NOT coalesce(
           (response_type = 'Converted' AND coalesce(conversion_value <> 0, FALSE))
           OR (response_type <> 'Converted' AND NOT coalesce(conversion_value <> 0, FALSE)), TRUE))
  FROM fact_campaign_responses;
SELECT 'customer_lifetime_value_consistency', 1,
       CASE WHEN l IS NULL AND r IS NULL THEN 0
            WHEN l IS NULL OR r IS NULL OR abs(l - r) > abs(r) / 100 THEN 1 ELSE 0 END
  FROM (SELECT (SELECT sum(total_spent) FROM dim_customer WHERE is_current AND customer_key <> -1) AS l,
               (SELECT sum(net_amount) FROM fact_transactions WHERE customer_key <> -1) AS r) c;
SELECT 'transaction_total_matches_items', (SELECT count(*) FROM stg_ecom_transactions),
       (SELECT count(*)
          FROM stg_ecom_transactions t
          JOIN (SELECT transaction_id,
                       sum(CASE WHEN line_total ~ '^-?[0-9]+(\.[0-9]+)?$' THEN line_total::numeric END) AS items_total
                  FROM stg_ecom_transaction_items GROUP BY transaction_id) i USING (transaction_id)
         WHERE abs(CASE WHEN t.total_amount ~ '^-?[0-9]+(\.[0-9]+)?$' THEN t.total_amount::numeric END
                   - i.items_total) > 0.01);

-- integrity
SELECT 'orphan_transaction_item_products', count(*),
       count(*) FILTER (WHERE i.product_id IS NOT NULL AND p.product_id IS NULL)
  FROM stg_ecom_transaction_items i
  LEFT JOIN (SELECT DISTINCT product_id FROM stg_products) p USING (product_id);
SELECT 'transaction_customer_exists', count(*),
       count(*) FILTER (WHERE t.customer_id IS NOT NULL AND c.customer_id IS NULL)
  FROM stg_ecom_transactions t
  LEFT JOIN (SELECT DISTINCT customer_id FROM stg_crm_customers) c USING (customer_id);
SELECT 'transactions_on_known_members', count(*),
       count(*) FILTER (WHERE NOT coalesce(customer_key <> -1 AND product_key <> -1, TRUE))
  FROM fact_transactions;
SELECT 'responses_on_known_campaigns', count(*),
       count(*) FILTER (WHERE NOT coalesce(campaign_key <> -1 AND customer_key <> -1, TRUE))
  FROM fact_campaign_responses;

-- timeliness
SELECT 'transactions_fresh', 1,
       (max(transaction_datetime) IS NULL OR max(transaction_datetime)::timestamptz < now() - interval '3 days')::int
  FROM fact_transactions;
SELECT 'staging_transactions_loaded_recently', 1,
       (max(load_timestamp) IS NULL OR max(load_timestamp) < now() - interval '48 hours')::int
  FROM stg_ecom_transactions;

-- uniqueness: every row of a duplicated key fails, NULL keys excluded.
SELECT 'one_current_version_per_customer', count(*), count(*) FILTER (WHERE n > 1)
  FROM (SELECT count(*) FILTER (WHERE customer_id IS NOT NULL) OVER (PARTITION BY customer_id) AS n
          FROM dim_customer WHERE is_current) c;
SELECT 'unique_staged_transaction_item', count(*), count(*) FILTER (WHERE n > 1)
  FROM (SELECT count(*) FILTER (WHERE transaction_item_id IS NOT NULL) OVER (PARTITION BY transaction_item_id) AS n
          FROM stg_ecom_transaction_items) i;
SELECT 'unique_customer_version_start', count(*), count(*) FILTER (WHERE n > 1)
  FROM (SELECT count(*) FILTER (WHERE customer_id IS NOT NULL AND valid_from IS NOT NULL)
                 OVER (PARTITION BY customer_id, valid_from) AS n
          FROM dim_customer) c;
SELECT 'unique_product_id', count(*), count(*) FILTER (WHERE n > 1)
  FROM (SELECT count(*) FILTER (WHERE product_id IS NOT NULL) OVER (PARTITION BY product_id) AS n
          FROM dim_product) p;

-- validity
SELECT 'customer_email_format', count(*), count(*) FILTER (WHERE email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$')
  FROM dim_customer WHERE is_current AND customer_key <> -1;
SELECT 'customer_phone_format', count(*), count(*) FILTER (WHERE phone_number !~ '^[0-9]{3}-[0-9]{3}-[0-9]{4}$')
  FROM dim_customer WHERE is_current AND customer_key <> -1;
SELECT 'transaction_date_format', count(*),
       count(*) FILTER (WHERE transaction_date
                          !~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([ T][0-9]{2}:[0-9]{2}(:[0-9]{2})?)?$')
  FROM stg_ecom_transactions;
SELECT 'payment_status_valid', count(*),
       count(*) FILTER (WHERE payment_status NOT IN ('Completed', 'Pending', 'Failed'))
  FROM stg_ecom_transactions;
SELECT 'net_amount_positive', count(*), count(*) FILTER (WHERE net_amount <= 0) FROM fact_transactions;
SELECT 'response_type_valid', count(*),
       count(*) FILTER (WHERE response_type NOT IN ('Opened', 'Clicked', 'Converted'))
  FROM fact_campaign_responses;
