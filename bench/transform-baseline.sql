-- The floor for bench/transform: hand-written INSERT ... SELECT statements doing the same initial
-- loads as `dq transform` on an empty warehouse (no change detection, no dependency ordering
-- machinery), using the same safe casts. Run on a database whose staging tables hold the feeds.
\timing on
BEGIN;
INSERT INTO dim_customer (customer_id, first_name, last_name, full_name, email, phone_number, date_of_birth, age, age_group,
                          gender, address, city, state, postal_code, country, registration_date, customer_segment,
                          account_status, valid_from, valid_to, is_current)
SELECT DISTINCT ON (customer_id) customer_id, first_name, last_name, concat_ws(' ', first_name, last_name), lower(email), phone_number,
       dq_try_date(date_of_birth), extract(year FROM age(DATE '2026-01-01', dq_try_date(date_of_birth)))::int, NULL,
       gender, address, city, state, postal_code, country, dq_try_date(registration_date), customer_segment, account_status,
       coalesce(dq_try_date(registration_date), DATE '2026-01-01'), DATE '9999-12-31', true
  FROM stg_crm_customers WHERE customer_id IS NOT NULL ORDER BY customer_id, ctid DESC;
INSERT INTO dim_product (product_id, product_name, product_category, product_subcategory, brand, unit_cost, retail_price,
                         margin_percentage, product_status, is_active)
SELECT DISTINCT ON (product_id) product_id, product_name, product_category, product_subcategory, brand,
       dq_try_numeric(unit_cost), dq_try_numeric(retail_price),
       round((dq_try_numeric(retail_price) - dq_try_numeric(unit_cost)) * 100 / nullif(dq_try_numeric(retail_price), 0), 2),
       product_status, product_status = 'Active'
  FROM stg_products WHERE product_id IS NOT NULL ORDER BY product_id, ctid DESC;
INSERT INTO dim_campaign (campaign_id, campaign_name, campaign_channel, start_date, end_date, budget_amount, target_audience,
                          campaign_duration_days)
SELECT DISTINCT ON (campaign_id) campaign_id, campaign_name, campaign_channel, dq_try_date(start_date), dq_try_date(end_date),
       dq_try_numeric(budget_amount), target_audience, dq_try_date(end_date) - dq_try_date(start_date)
  FROM stg_marketing_campaigns WHERE campaign_id IS NOT NULL ORDER BY campaign_id, ctid DESC;
ANALYZE dim_customer; ANALYZE dim_product; ANALYZE dim_campaign;
INSERT INTO fact_transactions (transaction_item_id, customer_key, product_key, transaction_date_key, transaction_id, order_number,
                               payment_method, payment_status, transaction_datetime, quantity, unit_price, line_total,
                               discount_amount, net_amount)
SELECT DISTINCT ON (i.transaction_item_id) i.transaction_item_id, coalesce(c.customer_key, -1), coalesce(p.product_key, -1),
       coalesce(to_char(h.ts, 'YYYYMMDD')::int, -1), i.transaction_id, h.order_number, h.payment_method, h.payment_status, h.ts,
       dq_try_int(i.quantity), dq_try_numeric(i.unit_price), dq_try_numeric(i.line_total),
       coalesce(dq_try_numeric(i.discount_amount), 0),
       dq_try_numeric(i.line_total) - coalesce(dq_try_numeric(i.discount_amount), 0)
  FROM stg_ecom_transaction_items i
  LEFT JOIN (SELECT DISTINCT ON (transaction_id) transaction_id, customer_id, order_number, payment_method, payment_status,
                    dq_try_timestamp(transaction_date) AS ts
               FROM stg_ecom_transactions ORDER BY transaction_id, ctid DESC) h ON h.transaction_id = i.transaction_id
  LEFT JOIN dim_customer c ON c.customer_id = h.customer_id AND c.valid_from <= h.ts::date AND h.ts::date < c.valid_to
  LEFT JOIN dim_product p ON p.product_id = i.product_id
 WHERE i.transaction_item_id IS NOT NULL
 ORDER BY i.transaction_item_id, i.ctid DESC;
INSERT INTO fact_campaign_responses (response_id, campaign_key, customer_key, response_date_key, response_type, response_datetime,
                                     conversion_value)
SELECT DISTINCT ON (r.response_id) r.response_id, coalesce(k.campaign_key, -1), coalesce(c.customer_key, -1),
       coalesce(to_char(dq_try_timestamp(r.response_date), 'YYYYMMDD')::int, -1), r.response_type,
       dq_try_timestamp(r.response_date), dq_try_numeric(r.conversion_value)
  FROM stg_campaign_responses r
  LEFT JOIN dim_campaign k ON k.campaign_id = r.campaign_id
  LEFT JOIN dim_customer c ON c.customer_id = r.customer_id
        AND c.valid_from <= dq_try_timestamp(r.response_date)::date AND dq_try_timestamp(r.response_date)::date < c.valid_to
 WHERE r.response_id IS NOT NULL ORDER BY r.response_id, r.ctid DESC;
UPDATE dim_customer d SET total_orders = m.orders, total_spent = m.spent
  FROM (SELECT customer_key, count(DISTINCT transaction_id)::int AS orders, sum(net_amount) AS spent
          FROM fact_transactions WHERE customer_key <> -1 GROUP BY customer_key) m
 WHERE d.customer_key = m.customer_key;
INSERT INTO agg_customer_monthly (customer_key, year_month, total_transactions, total_revenue, total_units, avg_transaction_value)
SELECT customer_key, to_char(transaction_datetime, 'YYYY-MM'), count(DISTINCT transaction_id), coalesce(sum(net_amount), 0),
       coalesce(sum(quantity), 0), round(coalesce(sum(net_amount), 0) / nullif(count(DISTINCT transaction_id), 0), 2)
  FROM fact_transactions WHERE transaction_datetime IS NOT NULL GROUP BY 1, 2;
COMMIT;
