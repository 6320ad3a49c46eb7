-- bench/check: the floor for `dq check`. The counts of the 29 rules under rules/, written by hand
-- as one query per table: it reads the table once and counts every rule's scope and failures with
-- count(*) FILTER. What crosses tables is passed along in psql variables (the sum of total_spent
-- for the compare rule) or is the rule's own query (the sql rule). Each query prints one line per
-- rule, `name|scope|failed`, which bench/check.mjs compares with dq's results.
-- Semantics as DESIGN section 7: NULL violates only not_null (a comparison with NULL is no
-- violation); every row of a duplicated key fails, NULL keys excluded.
\set ON_ERROR_STOP 1
SET work_mem = '64MB';

-- dim_customer: range, completeness, formats, two uniqueness rules, and total_spent for the
-- compare rule, kept in psql variables (\gset) so the table is read once.
SELECT count(*) FILTER (WHERE known) AS known,
       count(*) FILTER (WHERE known AND (age < 18 OR age > 100)) AS age_out,
       count(*) FILTER (WHERE known AND account_status = 'Active') AS active,
       count(*) FILTER (WHERE known AND account_status = 'Active' AND email IS NULL) AS active_no_email,
       count(*) FILTER (WHERE known AND phone_number IS NULL) AS no_phone,
       count(*) FILTER (WHERE known AND email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$') AS bad_email,
       count(*) FILTER (WHERE known AND phone_number !~ '^[0-9]{3}-[0-9]{3}-[0-9]{4}$') AS bad_phone,
       count(*) FILTER (WHERE is_current) AS current_rows,
       count(*) FILTER (WHERE is_current AND current_versions > 1) AS duplicated_current,
       count(*) AS all_rows,
       count(*) FILTER (WHERE same_start > 1) AS duplicated_start,
       coalesce(sum(total_spent) FILTER (WHERE known)::text, 'NULL') AS total_spent
  FROM (SELECT c.*, is_current AND customer_key <> -1 AS known,
               count(*) FILTER (WHERE is_current AND customer_id IS NOT NULL)
                 OVER (PARTITION BY customer_id) AS current_versions,
               count(*) FILTER (WHERE customer_id IS NOT NULL AND valid_from IS NOT NULL)
                 OVER (PARTITION BY customer_id, valid_from) AS same_start
          FROM dim_customer c) c \gset c_
SELECT * FROM (VALUES
  ('customer_age_in_range', :c_known, :c_age_out),
  ('customer_email_not_null', :c_active, :c_active_no_email),
  ('customer_phone_not_null', :c_known, :c_no_phone),
  ('customer_email_format', :c_known, :c_bad_email),
  ('customer_phone_format', :c_known, :c_bad_phone),
  ('one_current_version_per_customer', :c_current_rows, :c_duplicated_current),
  ('unique_customer_version_start', :c_all_rows, :c_duplicated_start)) AS r(rule, scope, failed);

-- dim_product
SELECT r.*
  FROM (SELECT count(*) FILTER (WHERE product_key <> -1) AS known,
               count(*) FILTER (WHERE product_key <> -1 AND retail_price <= 0) AS price_not_positive,
               count(*) FILTER (WHERE product_key <> -1 AND product_name IS NULL) AS no_name,
               count(*) AS all_rows,
               count(*) FILTER (WHERE product_id IS NOT NULL AND n > 1) AS duplicated
          FROM (SELECT p.*, count(*) OVER (PARTITION BY product_id) AS n FROM dim_product p) p) s
 CROSS JOIN LATERAL (VALUES
   ('product_retail_price_positive', known, price_not_positive),
   ('product_name_not_null', known, no_name),
   ('unique_product_id', all_rows, duplicated)) AS r(rule, scope, failed);

-- dim_date
SELECT 'date_dimension_populated', 1, (count(*) < 3650)::int FROM dim_date WHERE date_key <> -1;

-- dim_campaign
SELECT 'campaign_end_after_start', count(*), count(*) FILTER (WHERE end_date <= start_date)
  FROM dim_campaign WHERE campaign_key <> -1;

-- fact_campaign_responses: the json-logic rules as SQL (a NULL comparison is no violation).
SELECT r.*
  FROM (SELECT count(*) AS all_rows,
               count(*) FILTER (WHERE NOT coalesce(
                   (response_type = 'Converted' AND coalesce(conversion_value <> 0, FALSE))
                   OR (response_type <> 'Converted' AND NOT coalesce(conversion_value <> 0, FALSE)), TRUE))
                 AS conversion_mismatch,
               count(*) FILTER (WHERE NOT coalesce(campaign_key <> -1 AND customer_key <> -1, TRUE)) AS unknown_member,
               count(*) FILTER (WHERE response_type NOT IN ('Opened', 'Clicked', 'Converted')) AS bad_type
          FROM fact_campaign_responses) s
 CROSS JOIN LATERAL (VALUES
   ('conversion_value_only_on_conversions', all_rows, conversion_mismatch),
   ('responses_on_known_campaigns', all_rows, unknown_member),
   ('response_type_valid', all_rows, bad_type)) AS r(rule, scope, failed);

-- fact_transactions, and the compare rule against dim_customer's total_spent.
SELECT r.*
  FROM (SELECT count(*) AS all_rows,
               count(*) FILTER (WHERE line_total - quantity * unit_price NOT BETWEEN -0.01 AND 0.01) AS bad_line_total,
               count(*) FILTER (WHERE net_amount <= 0) AS net_not_positive,
               count(*) FILTER (WHERE NOT coalesce(customer_key <> -1 AND product_key <> -1, TRUE)) AS unknown_member,
               max(transaction_datetime) AS newest,
               sum(net_amount) FILTER (WHERE customer_key <> -1) AS net_amount
          FROM fact_transactions) s
 CROSS JOIN LATERAL (VALUES
   ('line_total_equals_quantity_times_price', all_rows, bad_line_total),
   ('net_amount_positive', all_rows, net_not_positive),
   ('transactions_on_known_members', all_rows, unknown_member),
   ('transactions_loaded', 1, (all_rows < 1)::int),
   ('transactions_fresh', 1, (newest IS NULL OR newest::timestamptz < now() - interval '3 days')::int),
   ('customer_lifetime_value_consistency', 1,
     CASE WHEN :c_total_spent::numeric IS NULL AND net_amount IS NULL THEN 0
          WHEN :c_total_spent::numeric IS NULL OR net_amount IS NULL
            OR abs(:c_total_spent::numeric - net_amount) > abs(net_amount) / 100 THEN 1
          ELSE 0 END)) AS r(rule, scope, failed);

-- stg_ecom_transaction_items: a number check on text, an orphan check, a duplicated key.
SELECT r.*
  FROM (SELECT count(*) AS all_rows,
               -- Text that is not a number is outside any range; the CASE guards the cast.
               count(*) FILTER (WHERE CASE WHEN quantity ~ '^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$'
                                           THEN quantity::numeric < 1 ELSE quantity IS NOT NULL END) AS bad_quantity,
               count(*) FILTER (WHERE i.product_id IS NOT NULL AND p.product_id IS NULL) AS orphan_product,
               count(*) FILTER (WHERE transaction_item_id IS NOT NULL AND n > 1) AS duplicated
          FROM (SELECT i.*, count(*) OVER (PARTITION BY transaction_item_id) AS n
                  FROM stg_ecom_transaction_items i) i
          LEFT JOIN (SELECT DISTINCT product_id FROM stg_products) p USING (product_id)) s
 CROSS JOIN LATERAL (VALUES
   ('item_quantity_positive_number', all_rows, bad_quantity),
   ('orphan_transaction_item_products', all_rows, orphan_product),
   ('unique_staged_transaction_item', all_rows, duplicated)) AS r(rule, scope, failed);

-- stg_ecom_transactions: an orphan check, a format, a set, freshness of the load, and the scope
-- of the sql rule, whose own query (a join with the items) a hand-written check still has to run.
SELECT r.*
  FROM (SELECT count(*) AS all_rows,
               count(*) FILTER (WHERE t.customer_id IS NOT NULL AND c.customer_id IS NULL) AS orphan_customer,
               count(*) FILTER (WHERE transaction_date
                                  !~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([ T][0-9]{2}:[0-9]{2}(:[0-9]{2})?)?$')
                 AS bad_date,
               count(*) FILTER (WHERE payment_status NOT IN ('Completed', 'Pending', 'Failed')) AS bad_status,
               max(load_timestamp) AS newest_load
          FROM stg_ecom_transactions t
          LEFT JOIN (SELECT DISTINCT customer_id FROM stg_crm_customers) c USING (customer_id)) s
 CROSS JOIN LATERAL (VALUES
   ('transaction_customer_exists', all_rows, orphan_customer),
   ('transaction_date_format', all_rows, bad_date),
   ('payment_status_valid', all_rows, bad_status),
   ('staging_transactions_loaded_recently', 1, (newest_load IS NULL OR newest_load < now() - interval '48 hours')::int),
   ('transaction_total_matches_items', all_rows,
     (SELECT count(*)
        FROM stg_ecom_transactions t
        JOIN (SELECT transaction_id,
                     sum(CASE WHEN line_total ~ '^-?[0-9]+(\.[0-9]+)?$' THEN line_total::numeric END) AS items_total
                FROM stg_ecom_transaction_items GROUP BY transaction_id) i USING (transaction_id)
       WHERE abs(CASE WHEN t.total_amount ~ '^-?[0-9]+(\.[0-9]+)?$' THEN t.total_amount::numeric END
                 - i.items_total) > 0.01))) AS r(rule, scope, failed);
