-- What fact_transactions is built from, in a few numbers: the row count and the newest load id of
-- each staging table it reads, and its own row count. Each dq load gives its rows a new load id,
-- so while these are the numbers of the last run, nothing was loaded (or deleted) since and the
-- loader has nothing to compare.
SELECT concat_ws(' ',
         (SELECT count(*) || ':' || coalesce(max(load_id), 0) FROM stg_ecom_transaction_items),
         (SELECT count(*) || ':' || coalesce(max(load_id), 0) FROM stg_ecom_transactions),
         (SELECT count(*) FROM fact_transactions)) AS sources
