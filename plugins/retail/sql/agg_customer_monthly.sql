-- Revenue per customer (version key, as in the facts) and month. Incremental: only the
-- (customer, month) cells in agg_customer_monthly_pending are recomputed: the fact loader adds
-- the cells its new facts entered and the cells corrected facts left or entered. That list, not
-- a watermark on the fact key, says what is new: keys from a sequence are not in insertion order
-- across Citus nodes (a worker's sequence starts at 2^48). A re-run with nothing pending changes
-- nothing. The list is sharded with the facts and the aggregate, so on Citus each shard does its
-- own cells.
DELETE FROM agg_customer_monthly a USING agg_customer_monthly_pending t
 WHERE a.customer_key = t.customer_key AND a.year_month = t.year_month;

INSERT INTO agg_customer_monthly (customer_key, year_month, total_transactions, total_revenue, total_units,
                                  avg_transaction_value)
SELECT f.customer_key, t.year_month, count(DISTINCT f.transaction_id)::int,
       coalesce(sum(f.net_amount), 0), coalesce(sum(f.quantity), 0)::int,
       round(coalesce(sum(f.net_amount), 0) / nullif(count(DISTINCT f.transaction_id), 0), 2)
  FROM agg_customer_monthly_pending t
  JOIN fact_transactions f ON f.customer_key = t.customer_key AND f.transaction_datetime IS NOT NULL
                          AND to_char(f.transaction_datetime, 'YYYY-MM') = t.year_month
 GROUP BY f.customer_key, t.year_month;

DELETE FROM agg_customer_monthly_pending;
