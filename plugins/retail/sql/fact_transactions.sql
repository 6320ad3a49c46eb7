-- fact_transactions at line-item grain: each staged item not yet in the fact table, with its
-- customer version by the SCD2 window at the transaction date (valid_from <= d < valid_to), its
-- product and its date; a dimension row that cannot be found gives the unknown member -1.
-- Duplicate keys in a feed: the last row in the file wins (ctid order of a fresh load).
WITH new_items AS MATERIALIZED (
  SELECT DISTINCT ON (transaction_item_id) *
    FROM stg_ecom_transaction_items
   WHERE transaction_item_id IS NOT NULL
     -- incremental: only items not loaded yet are parsed and joined
     AND NOT EXISTS (SELECT 1 FROM fact_transactions f WHERE f.transaction_item_id = stg_ecom_transaction_items.transaction_item_id)
   ORDER BY transaction_item_id, ctid DESC
), headers AS (
  SELECT DISTINCT ON (transaction_id)
         transaction_id, customer_id, order_number, payment_method, payment_status,
         dq_try_timestamp(transaction_date) AS transaction_datetime
    FROM stg_ecom_transactions
   WHERE transaction_id IN (SELECT transaction_id FROM new_items)
   ORDER BY transaction_id, ctid DESC
), items AS (
  SELECT transaction_item_id, transaction_id, product_id,
         dq_try_int(quantity) AS quantity,
         dq_try_numeric(unit_price) AS unit_price,
         dq_try_numeric(line_total) AS line_total,
         coalesce(dq_try_numeric(discount_amount), 0) AS discount_amount
    FROM new_items
)
INSERT INTO fact_transactions (transaction_item_id, customer_key, product_key, transaction_date_key, transaction_id,
                               order_number, payment_method, payment_status, transaction_datetime, quantity, unit_price,
                               line_total, discount_amount, net_amount)
SELECT i.transaction_item_id,
       coalesce(c.customer_key, -1),
       coalesce(p.product_key, -1),
       coalesce(d.date_key, -1),
       i.transaction_id, h.order_number, h.payment_method, h.payment_status, h.transaction_datetime,
       i.quantity, i.unit_price, i.line_total, i.discount_amount,
       i.line_total - i.discount_amount
  FROM items i
  LEFT JOIN headers h ON h.transaction_id = i.transaction_id
  LEFT JOIN dim_customer c ON c.customer_id = h.customer_id
                          AND c.valid_from <= h.transaction_datetime::date AND h.transaction_datetime::date < c.valid_to
  LEFT JOIN dim_product p ON p.product_id = i.product_id
  LEFT JOIN dim_date d ON d.date_actual = h.transaction_datetime::date
ON CONFLICT (transaction_item_id) DO NOTHING
