-- fact_campaign_responses when it is empty: every staged response is new; the same rows as
-- fact_campaign_responses.sql in one pass (indexes built after, by the loader). The last row in
-- the file wins for a duplicate response; each staged value is parsed once (OFFSET 0).
WITH responses AS (
  SELECT s.response_id, s.campaign_id, s.customer_id, s.response_type, s.row_hash,
         dq_try_timestamp(s.response_date) AS response_datetime,
         dq_try_numeric(s.conversion_value)::numeric(15, 2) AS conversion_value
    FROM stg_campaign_responses s
   WHERE s.response_id IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM stg_campaign_responses l WHERE l.response_id = s.response_id AND l.ctid > s.ctid)
  OFFSET 0
), inserted AS (
  INSERT INTO fact_campaign_responses (response_id, campaign_key, customer_key, response_date_key, response_type,
                                       response_datetime, conversion_value, source_row_hash)
  SELECT r.response_id,
         coalesce(k.campaign_key, -1),
         coalesce(c.customer_key, -1),
         coalesce(d.date_key, -1),
         r.response_type, r.response_datetime, r.conversion_value, r.row_hash
    FROM responses r
    LEFT JOIN dim_campaign k ON k.campaign_id = r.campaign_id
    LEFT JOIN dim_customer c ON c.customer_id = r.customer_id
                            AND c.valid_from <= r.response_datetime::date AND r.response_datetime::date < c.valid_to
    LEFT JOIN dim_date d ON d.date_actual = r.response_datetime::date
  RETURNING 1
)
SELECT count(*)::int AS inserted, 0 AS updated FROM inserted
