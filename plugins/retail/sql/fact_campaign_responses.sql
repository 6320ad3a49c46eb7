-- fact_campaign_responses at event grain, incremental by response_id; customer version by the
-- SCD2 window at the response date; unknown members (-1) instead of NULL keys.
WITH responses AS (
  SELECT DISTINCT ON (response_id)
         response_id, campaign_id, customer_id, response_type,
         dq_try_timestamp(response_date) AS response_datetime,
         dq_try_numeric(conversion_value) AS conversion_value
    FROM stg_campaign_responses
   WHERE response_id IS NOT NULL
     -- incremental: only responses not loaded yet are parsed and joined
     AND NOT EXISTS (SELECT 1 FROM fact_campaign_responses f WHERE f.response_id = stg_campaign_responses.response_id)
   ORDER BY response_id, ctid DESC
)
INSERT INTO fact_campaign_responses (response_id, campaign_key, customer_key, response_date_key, response_type,
                                     response_datetime, conversion_value)
SELECT r.response_id,
       coalesce(k.campaign_key, -1),
       coalesce(c.customer_key, -1),
       coalesce(d.date_key, -1),
       r.response_type, r.response_datetime, r.conversion_value
  FROM responses r
  LEFT JOIN dim_campaign k ON k.campaign_id = r.campaign_id
  LEFT JOIN dim_customer c ON c.customer_id = r.customer_id
                          AND c.valid_from <= r.response_datetime::date AND r.response_datetime::date < c.valid_to
  LEFT JOIN dim_date d ON d.date_actual = r.response_datetime::date
ON CONFLICT (response_id) DO NOTHING
