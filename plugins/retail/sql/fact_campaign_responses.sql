-- fact_campaign_responses at event grain: customer version by the SCD2 window at the response
-- date; unknown members (-1) instead of NULL keys. Duplicate keys: the last row in the file wins.
--
-- Incremental by change, as fact_transactions: a row remembers the row_hash of the staged
-- response it was built from; a new response is inserted, a corrected one (campaign, customer,
-- date, type, value) is updated in place, and a second run updates 0. In the forms that run on
-- one server and on Citus alike (see fact_transactions.sql); the counts end in dq_fact_counts.
CREATE TEMP TABLE dq_fact_compared ON COMMIT DROP AS
WITH seen AS MATERIALIZED (
  SELECT response_id, source_row_hash FROM fact_campaign_responses
), changed AS MATERIALIZED (
  SELECT s.response_id
    FROM stg_campaign_responses s
   WHERE s.response_id IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM seen f WHERE f.response_id = s.response_id AND f.source_row_hash = s.row_hash)
), responses AS (
  SELECT DISTINCT ON (response_id)
         response_id, campaign_id, customer_id, response_type, row_hash,
         dq_try_timestamp(response_date) AS response_datetime,
         dq_try_numeric(conversion_value)::numeric(15, 2) AS conversion_value
    FROM stg_campaign_responses
   WHERE response_id IN (SELECT response_id FROM changed)
   ORDER BY response_id, ctid DESC
), old AS MATERIALIZED (
  SELECT f.* FROM fact_campaign_responses f WHERE f.response_id IN (SELECT response_id FROM changed)
)
SELECT r.response_id,
       o.response_key AS old_response_key,
       o.customer_key AS old_customer_key,
       o.source_row_hash AS old_source_row_hash,
       coalesce(k.campaign_key, -1) AS campaign_key,
       coalesce(c.customer_key, -1) AS customer_key,
       coalesce(d.date_key, -1) AS response_date_key,
       r.response_type, r.response_datetime, r.conversion_value, r.row_hash AS source_row_hash,
       o.response_id IS NULL AS is_new,
       (o.campaign_key, o.customer_key, o.response_date_key, o.response_type, o.response_datetime, o.conversion_value)
         IS DISTINCT FROM
       (coalesce(k.campaign_key, -1), coalesce(c.customer_key, -1), coalesce(d.date_key, -1), r.response_type,
        r.response_datetime, r.conversion_value) AS values_changed,
       o.response_id IS NOT NULL AND o.customer_key IS DISTINCT FROM coalesce(c.customer_key, -1) AS moved
  FROM responses r
  LEFT JOIN old o ON o.response_id = r.response_id
  LEFT JOIN dim_campaign k ON k.campaign_id = r.campaign_id
  LEFT JOIN dim_customer c ON c.customer_id = r.customer_id
                          AND c.valid_from <= r.response_datetime::date AND r.response_datetime::date < c.valid_to
  LEFT JOIN dim_date d ON d.date_actual = r.response_datetime::date;

INSERT INTO fact_campaign_responses (response_id, campaign_key, customer_key, response_date_key, response_type,
                                     response_datetime, conversion_value, source_row_hash)
SELECT response_id, campaign_key, customer_key, response_date_key, response_type, response_datetime,
       conversion_value, source_row_hash
  FROM (SELECT * FROM dq_fact_compared WHERE is_new) c
ON CONFLICT (response_id, customer_key) DO NOTHING;

UPDATE fact_campaign_responses f
   SET campaign_key = c.campaign_key, response_date_key = c.response_date_key,
       response_type = c.response_type, response_datetime = c.response_datetime,
       conversion_value = c.conversion_value, source_row_hash = c.source_row_hash
  FROM (SELECT * FROM dq_fact_compared
         WHERE NOT is_new AND NOT moved
           AND (values_changed OR old_source_row_hash IS DISTINCT FROM source_row_hash)) c
 WHERE f.response_id = c.response_id AND f.customer_key = c.customer_key;

-- A response on another customer (the column the facts are sharded by) moves, keeping its key.
DELETE FROM fact_campaign_responses f
 USING (SELECT * FROM dq_fact_compared WHERE moved) c
 WHERE f.response_id = c.response_id AND f.customer_key = c.old_customer_key;

INSERT INTO fact_campaign_responses (response_key, response_id, campaign_key, customer_key, response_date_key,
                                     response_type, response_datetime, conversion_value, source_row_hash)
SELECT old_response_key, response_id, campaign_key, customer_key, response_date_key, response_type,
       response_datetime, conversion_value, source_row_hash
  FROM (SELECT * FROM dq_fact_compared WHERE moved) c;

CREATE TEMP TABLE dq_fact_counts ON COMMIT DROP AS
SELECT count(*) FILTER (WHERE is_new)::int AS inserted,
       count(*) FILTER (WHERE NOT is_new AND values_changed)::int AS updated
  FROM dq_fact_compared;

DROP TABLE dq_fact_compared;
