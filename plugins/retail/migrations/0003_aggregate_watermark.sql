-- How far each incremental aggregate has read the facts (the highest fact key it has seen).
CREATE TABLE IF NOT EXISTS dq_agg_watermark (
  agg text PRIMARY KEY,
  last_fact_key bigint NOT NULL
);
