-- Revenue per customer (version key, as in the facts) and month. Incremental: only the
-- (customer, month) cells that received facts since the last run (a watermark on the fact key)
-- are recomputed, and the cells corrected facts left or entered (agg_customer_monthly_pending,
-- filled by the fact loader), so a re-run with no new or corrected facts changes nothing.
CREATE TEMP TABLE dq_touched_months ON COMMIT DROP AS
SELECT f.customer_key, to_char(f.transaction_datetime, 'YYYY-MM') AS year_month
  FROM fact_transactions f
 WHERE f.transaction_datetime IS NOT NULL
   AND f.transaction_item_key > coalesce((SELECT last_fact_key FROM dq_agg_watermark WHERE agg = 'agg_customer_monthly'), 0)
 UNION
SELECT customer_key, year_month FROM agg_customer_monthly_pending;

DELETE FROM agg_customer_monthly a USING dq_touched_months t
 WHERE a.customer_key = t.customer_key AND a.year_month = t.year_month;

INSERT INTO agg_customer_monthly (customer_key, year_month, total_transactions, total_revenue, total_units,
                                  avg_transaction_value)
SELECT f.customer_key, t.year_month, count(DISTINCT f.transaction_id)::int,
       coalesce(sum(f.net_amount), 0), coalesce(sum(f.quantity), 0)::int,
       round(coalesce(sum(f.net_amount), 0) / nullif(count(DISTINCT f.transaction_id), 0), 2)
  FROM dq_touched_months t
  JOIN fact_transactions f ON f.customer_key = t.customer_key AND f.transaction_datetime IS NOT NULL
                          AND to_char(f.transaction_datetime, 'YYYY-MM') = t.year_month
 GROUP BY f.customer_key, t.year_month;

INSERT INTO dq_agg_watermark (agg, last_fact_key)
SELECT 'agg_customer_monthly', coalesce(max(transaction_item_key), 0) FROM fact_transactions
ON CONFLICT (agg) DO UPDATE SET last_fact_key = EXCLUDED.last_fact_key
 WHERE dq_agg_watermark.last_fact_key IS DISTINCT FROM EXCLUDED.last_fact_key;

DELETE FROM agg_customer_monthly_pending;

DROP TABLE dq_touched_months;
