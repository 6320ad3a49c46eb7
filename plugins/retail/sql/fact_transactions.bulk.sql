-- fact_transactions when it is empty (a first transform, a rebuild): every staged item is new, so
-- the row comparison of fact_transactions.sql has nothing to compare, and this builds the same
-- rows in one pass (the loader runs it with the table's indexes dropped, then builds them).
-- Same rules: the last row in the file wins for a duplicate item or header (highest ctid), the
-- customer version by the SCD2 window at the transaction date, unknown members -1. Each staged
-- value is parsed once: OFFSET 0 keeps the parsed rows subqueries of their own, so a column used
-- twice (the datetime, its date in two joins) is not parsed again.
WITH items AS (
  SELECT s.transaction_item_id, s.transaction_id, s.product_id, s.row_hash,
         dq_try_int(s.quantity) AS quantity,
         dq_try_numeric(s.unit_price) AS unit_price,
         dq_try_numeric(s.line_total) AS line_total,
         coalesce(dq_try_numeric(s.discount_amount), 0) AS discount_amount
    FROM stg_ecom_transaction_items s
   WHERE s.transaction_item_id IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM stg_ecom_transaction_items l
                      WHERE l.transaction_item_id = s.transaction_item_id AND l.ctid > s.ctid)
  OFFSET 0
), headers AS (
  SELECT s.transaction_id, s.customer_id, s.order_number, s.payment_method, s.payment_status, s.row_hash,
         dq_try_timestamp(s.transaction_date) AS transaction_datetime
    FROM stg_ecom_transactions s
   WHERE s.transaction_id IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM stg_ecom_transactions l
                      WHERE l.transaction_id = s.transaction_id AND l.ctid > s.ctid)
  OFFSET 0
), inserted AS (
  INSERT INTO fact_transactions (transaction_item_id, customer_key, product_key, transaction_date_key, transaction_id,
                                 order_number, payment_method, payment_status, transaction_datetime, quantity, unit_price,
                                 line_total, discount_amount, net_amount, source_item_hash, source_header_hash)
  SELECT i.transaction_item_id,
         coalesce(c.customer_key, -1),
         coalesce(p.product_key, -1),
         coalesce(d.date_key, -1),
         i.transaction_id, h.order_number, h.payment_method, h.payment_status, h.transaction_datetime,
         i.quantity,
         i.unit_price::numeric(12, 2),
         i.line_total::numeric(14, 2),
         i.discount_amount::numeric(14, 2),
         (i.line_total - i.discount_amount)::numeric(14, 2),
         i.row_hash, h.row_hash
    FROM items i
    LEFT JOIN headers h ON h.transaction_id = i.transaction_id
    LEFT JOIN dim_customer c ON c.customer_id = h.customer_id
                            AND c.valid_from <= h.transaction_datetime::date AND h.transaction_datetime::date < c.valid_to
    LEFT JOIN dim_product p ON p.product_id = i.product_id
    LEFT JOIN dim_date d ON d.date_actual = h.transaction_datetime::date
  RETURNING customer_key, transaction_datetime
), pending AS (
  -- the monthly aggregate recomputes the cells the new facts entered
  INSERT INTO agg_customer_monthly_pending (customer_key, year_month)
  SELECT DISTINCT customer_key, to_char(transaction_datetime, 'YYYY-MM') FROM inserted
   WHERE transaction_datetime IS NOT NULL
  ON CONFLICT DO NOTHING
)
SELECT count(*)::int AS inserted, 0 AS updated, 0 AS missing, NULL::text[] AS missing_sample FROM inserted
