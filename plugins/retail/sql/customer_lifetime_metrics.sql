-- Lifetime metrics on each customer's current version: orders and net spend over all versions'
-- facts. Only rows whose values change are written, so a re-run changes nothing.
-- Orders are distinct transactions per customer, counted by grouping three times with hashes
-- (per version and transaction, per customer and transaction, per customer) rather than with
-- count(DISTINCT), which sorts every fact row.
WITH per_version AS (
  SELECT f.customer_key, f.transaction_id, sum(f.net_amount) AS spent
    FROM fact_transactions f
   WHERE f.customer_key <> -1
   GROUP BY f.customer_key, f.transaction_id
), per_transaction AS (
  SELECT c.customer_id, v.transaction_id, sum(v.spent) AS spent
    FROM per_version v
    JOIN dim_customer c ON c.customer_key = v.customer_key
   GROUP BY c.customer_id, v.transaction_id
), metrics AS (
  SELECT customer_id, count(transaction_id)::int AS orders, sum(spent) AS spent
    FROM per_transaction
   GROUP BY customer_id
), target AS (
  SELECT d.customer_key, coalesce(m.orders, 0) AS orders, coalesce(m.spent, 0)::numeric(15, 2) AS spent
    FROM dim_customer d
    LEFT JOIN metrics m ON m.customer_id = d.customer_id
   WHERE d.is_current AND d.customer_key <> -1
)
UPDATE dim_customer d
   SET total_orders = t.orders, total_spent = t.spent
  FROM target t
 WHERE d.customer_key = t.customer_key
   AND (d.total_orders IS DISTINCT FROM t.orders OR d.total_spent IS DISTINCT FROM t.spent)
