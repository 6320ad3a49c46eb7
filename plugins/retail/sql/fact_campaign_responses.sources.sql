-- What fact_campaign_responses is built from (see fact_transactions.sources.sql).
SELECT concat_ws(' ',
         (SELECT count(*) || ':' || coalesce(max(load_id), 0) FROM stg_campaign_responses),
         (SELECT count(*) FROM fact_campaign_responses)) AS sources
