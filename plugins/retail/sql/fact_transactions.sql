-- fact_transactions at line-item grain: each staged item with its customer version by the SCD2
-- window at the transaction date (valid_from <= d < valid_to), its product and its date; a
-- dimension row that cannot be found gives the unknown member -1.
-- Duplicate keys in a feed: the last row in the file wins (ctid order of a fresh load).
--
-- Incremental by change, not only by key: a fact row remembers the row_hash of the staged item
-- and of the transaction header it was built from. Only items whose staged row or header row is
-- not the one remembered are parsed and joined; a new item is inserted, an item whose values
-- changed (a corrected product, price, quantity, customer, date...) is updated in place, keeping
-- its surrogate key, and a row whose sources changed without changing its values only takes the
-- new hashes. Staging data seen before costs one anti-join per table, and a second run updates 0.
-- Items that a re-sent transaction no longer has are counted and named (never deleted).
--
-- The same statements run on one server and on Citus (DESIGN section 12): the facts are read
-- into MATERIALIZED CTEs before they meet local staging rows, the writes read the comparison
-- from a temporary table through a subquery, and an item whose customer changed (the column the
-- facts are sharded by) moves: deleted and inserted again with its surrogate key. An item is
-- still found by transaction_item_id alone, so it is never loaded twice whatever its customer.
-- The counts end in dq_fact_counts.
CREATE TEMP TABLE dq_fact_compared ON COMMIT DROP AS
WITH seen AS MATERIALIZED (
  SELECT transaction_item_id, transaction_id, source_item_hash, source_header_hash FROM fact_transactions
), changed AS MATERIALIZED (
  SELECT s.transaction_item_id
    FROM stg_ecom_transaction_items s
   WHERE s.transaction_item_id IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM seen f
                      WHERE f.transaction_item_id = s.transaction_item_id AND f.source_item_hash = s.row_hash)
  UNION
  SELECT f.transaction_item_id
    FROM seen f
    JOIN stg_ecom_transactions t ON t.transaction_id = f.transaction_id
   WHERE f.source_header_hash IS DISTINCT FROM t.row_hash
), items AS MATERIALIZED (
  SELECT DISTINCT ON (transaction_item_id)
         transaction_item_id, transaction_id, product_id, row_hash,
         dq_try_int(quantity) AS quantity,
         dq_try_numeric(unit_price) AS unit_price,
         dq_try_numeric(line_total) AS line_total,
         coalesce(dq_try_numeric(discount_amount), 0) AS discount_amount
    FROM stg_ecom_transaction_items
   WHERE transaction_item_id IN (SELECT transaction_item_id FROM changed)
   ORDER BY transaction_item_id, ctid DESC
), old AS MATERIALIZED (
  SELECT f.* FROM fact_transactions f WHERE f.transaction_item_id IN (SELECT transaction_item_id FROM changed)
), headers AS (
  SELECT DISTINCT ON (transaction_id)
         transaction_id, customer_id, order_number, payment_method, payment_status, row_hash,
         dq_try_timestamp(transaction_date) AS transaction_datetime
    FROM stg_ecom_transactions
   WHERE transaction_id IN (SELECT transaction_id FROM items)
   ORDER BY transaction_id, ctid DESC
), built AS MATERIALIZED (
  -- Cast to the columns' types here, so the comparison below sees values as they are stored. An
  -- item sent again without its transaction's header keeps what it had from that header.
  SELECT i.transaction_item_id, o.transaction_item_id IS NULL AS is_new,
         o.transaction_item_key AS old_transaction_item_key,
         CASE WHEN keep.old THEN o.customer_key ELSE coalesce(c.customer_key, -1) END AS customer_key,
         coalesce(p.product_key, -1) AS product_key,
         CASE WHEN keep.old THEN o.transaction_date_key ELSE coalesce(d.date_key, -1) END AS transaction_date_key,
         i.transaction_id,
         CASE WHEN keep.old THEN o.order_number ELSE h.order_number END AS order_number,
         CASE WHEN keep.old THEN o.payment_method ELSE h.payment_method END AS payment_method,
         CASE WHEN keep.old THEN o.payment_status ELSE h.payment_status END AS payment_status,
         CASE WHEN keep.old THEN o.transaction_datetime ELSE h.transaction_datetime END AS transaction_datetime,
         i.quantity,
         i.unit_price::numeric(12, 2) AS unit_price,
         i.line_total::numeric(14, 2) AS line_total,
         i.discount_amount::numeric(14, 2) AS discount_amount,
         (i.line_total - i.discount_amount)::numeric(14, 2) AS net_amount,
         i.row_hash AS source_item_hash,
         CASE WHEN keep.old THEN o.source_header_hash ELSE h.row_hash END AS source_header_hash,
         o.customer_key AS old_customer_key,
         to_char(o.transaction_datetime, 'YYYY-MM') AS old_year_month,
         o.product_key AS old_product_key, o.transaction_date_key AS old_transaction_date_key,
         o.transaction_id AS old_transaction_id, o.order_number AS old_order_number,
         o.payment_method AS old_payment_method, o.payment_status AS old_payment_status,
         o.transaction_datetime AS old_transaction_datetime, o.quantity AS old_quantity,
         o.unit_price AS old_unit_price, o.line_total AS old_line_total, o.discount_amount AS old_discount_amount,
         o.net_amount AS old_net_amount, o.source_item_hash AS old_source_item_hash,
         o.source_header_hash AS old_source_header_hash
    FROM items i
    LEFT JOIN old o ON o.transaction_item_id = i.transaction_item_id
    LEFT JOIN headers h ON h.transaction_id = i.transaction_id
    CROSS JOIN LATERAL (SELECT h.transaction_id IS NULL AND o.transaction_id = i.transaction_id AS old) keep
    LEFT JOIN dim_customer c ON c.customer_id = h.customer_id
                            AND c.valid_from <= h.transaction_datetime::date AND h.transaction_datetime::date < c.valid_to
    LEFT JOIN dim_product p ON p.product_id = i.product_id
    LEFT JOIN dim_date d ON d.date_actual = h.transaction_datetime::date
)
SELECT b.*,
       (b.old_customer_key, b.old_product_key, b.old_transaction_date_key, b.old_transaction_id, b.old_order_number,
        b.old_payment_method, b.old_payment_status, b.old_transaction_datetime, b.old_quantity, b.old_unit_price,
        b.old_line_total, b.old_discount_amount, b.old_net_amount)
         IS DISTINCT FROM
       (b.customer_key, b.product_key, b.transaction_date_key, b.transaction_id, b.order_number, b.payment_method,
        b.payment_status, b.transaction_datetime, b.quantity, b.unit_price, b.line_total, b.discount_amount, b.net_amount)
         AS values_changed,
       (b.old_source_item_hash, b.old_source_header_hash) IS DISTINCT FROM (b.source_item_hash, b.source_header_hash)
         AS sources_changed,
       NOT b.is_new AND b.customer_key IS DISTINCT FROM b.old_customer_key AS moved
  FROM built b;

-- New items.
INSERT INTO fact_transactions (transaction_item_id, customer_key, product_key, transaction_date_key, transaction_id,
                               order_number, payment_method, payment_status, transaction_datetime, quantity, unit_price,
                               line_total, discount_amount, net_amount, source_item_hash, source_header_hash)
SELECT transaction_item_id, customer_key, product_key, transaction_date_key, transaction_id,
       order_number, payment_method, payment_status, transaction_datetime, quantity, unit_price,
       line_total, discount_amount, net_amount, source_item_hash, source_header_hash
  FROM (SELECT * FROM dq_fact_compared WHERE is_new) c
ON CONFLICT (transaction_item_id, customer_key) DO NOTHING;

-- Corrected items on the same customer: updated in place.
UPDATE fact_transactions f
   SET product_key = c.product_key, transaction_date_key = c.transaction_date_key,
       transaction_id = c.transaction_id, order_number = c.order_number, payment_method = c.payment_method,
       payment_status = c.payment_status, transaction_datetime = c.transaction_datetime, quantity = c.quantity,
       unit_price = c.unit_price, line_total = c.line_total, discount_amount = c.discount_amount,
       net_amount = c.net_amount, source_item_hash = c.source_item_hash, source_header_hash = c.source_header_hash
  FROM (SELECT * FROM dq_fact_compared WHERE NOT is_new AND NOT moved AND (values_changed OR sources_changed)) c
 WHERE f.transaction_item_id = c.transaction_item_id AND f.customer_key = c.customer_key;

-- Corrected items on another customer: moved, keeping their surrogate key.
DELETE FROM fact_transactions f
 USING (SELECT * FROM dq_fact_compared WHERE moved) c
 WHERE f.transaction_item_id = c.transaction_item_id AND f.customer_key = c.old_customer_key;

INSERT INTO fact_transactions (transaction_item_key, transaction_item_id, customer_key, product_key,
                               transaction_date_key, transaction_id, order_number, payment_method, payment_status,
                               transaction_datetime, quantity, unit_price, line_total, discount_amount, net_amount,
                               source_item_hash, source_header_hash)
SELECT old_transaction_item_key, transaction_item_id, customer_key, product_key, transaction_date_key, transaction_id,
       order_number, payment_method, payment_status, transaction_datetime, quantity, unit_price,
       line_total, discount_amount, net_amount, source_item_hash, source_header_hash
  FROM (SELECT * FROM dq_fact_compared WHERE moved) c;

-- The monthly aggregate recomputes the cells new facts entered, and the cells a corrected fact
-- left and the ones it entered.
INSERT INTO agg_customer_monthly_pending (customer_key, year_month)
SELECT customer_key, year_month FROM (
  SELECT old_customer_key AS customer_key, old_year_month AS year_month
    FROM dq_fact_compared WHERE NOT is_new AND values_changed AND old_year_month IS NOT NULL
   UNION
  SELECT customer_key, to_char(transaction_datetime, 'YYYY-MM')
    FROM dq_fact_compared WHERE (is_new OR values_changed) AND transaction_datetime IS NOT NULL
) cells
ON CONFLICT DO NOTHING;

-- Facts whose transaction the feed holds again, without them.
CREATE TEMP TABLE dq_fact_counts ON COMMIT DROP AS
WITH facts AS MATERIALIZED (
  SELECT transaction_item_id, transaction_id FROM fact_transactions
), missing AS MATERIALIZED (
  SELECT f.transaction_item_id
    FROM facts f
   WHERE f.transaction_id IN (SELECT transaction_id FROM stg_ecom_transaction_items)
     AND NOT EXISTS (SELECT 1 FROM stg_ecom_transaction_items s WHERE s.transaction_item_id = f.transaction_item_id)
)
SELECT (SELECT count(*) FROM dq_fact_compared WHERE is_new)::int AS inserted,
       (SELECT count(*) FROM dq_fact_compared WHERE NOT is_new AND values_changed)::int AS updated,
       (SELECT count(*) FROM missing)::int AS missing,
       (SELECT array_agg(transaction_item_id ORDER BY transaction_item_id)
          FROM (SELECT transaction_item_id FROM missing ORDER BY transaction_item_id LIMIT 10) m) AS missing_sample;

DROP TABLE dq_fact_compared;
