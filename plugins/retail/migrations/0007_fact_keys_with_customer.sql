-- The facts' keys include customer_key, the column Citus shards them by (DESIGN section 12).
ALTER TABLE "fact_campaign_responses" DROP CONSTRAINT "fact_campaign_responses_response_id_unique";--> statement-breakpoint
ALTER TABLE "fact_transactions" DROP CONSTRAINT "fact_transactions_transaction_item_id_unique";--> statement-breakpoint
ALTER TABLE "fact_campaign_responses" DROP CONSTRAINT "fact_campaign_responses_pkey";--> statement-breakpoint
ALTER TABLE "fact_transactions" DROP CONSTRAINT "fact_transactions_pkey";--> statement-breakpoint
ALTER TABLE "fact_campaign_responses" ADD CONSTRAINT "fact_campaign_responses_response_key_customer_key_pk" PRIMARY KEY("response_key","customer_key");--> statement-breakpoint
ALTER TABLE "fact_transactions" ADD CONSTRAINT "fact_transactions_transaction_item_key_customer_key_pk" PRIMARY KEY("transaction_item_key","customer_key");--> statement-breakpoint
ALTER TABLE "fact_campaign_responses" ADD CONSTRAINT "fact_campaign_responses_response_customer_uq" UNIQUE("response_id","customer_key");--> statement-breakpoint
ALTER TABLE "fact_transactions" ADD CONSTRAINT "fact_transactions_item_customer_uq" UNIQUE("transaction_item_id","customer_key");
--> statement-breakpoint
-- The monthly aggregate now reads what is new from agg_customer_monthly_pending, not from a
-- watermark on the fact key: facts the watermark had not reached yet are pending.
INSERT INTO "agg_customer_monthly_pending" ("customer_key", "year_month")
SELECT DISTINCT f.customer_key, to_char(f.transaction_datetime, 'YYYY-MM')
  FROM "fact_transactions" f
 WHERE f.transaction_datetime IS NOT NULL
   AND f.transaction_item_key > coalesce((SELECT last_fact_key FROM "dq_agg_watermark" WHERE agg = 'agg_customer_monthly'), 0)
ON CONFLICT DO NOTHING;
