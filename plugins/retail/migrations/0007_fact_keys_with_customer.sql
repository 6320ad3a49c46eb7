-- The facts' keys include customer_key, the column Citus shards them by (DESIGN section 12).
ALTER TABLE "fact_campaign_responses" DROP CONSTRAINT "fact_campaign_responses_response_id_unique";--> statement-breakpoint
ALTER TABLE "fact_transactions" DROP CONSTRAINT "fact_transactions_transaction_item_id_unique";--> statement-breakpoint
ALTER TABLE "fact_campaign_responses" DROP CONSTRAINT "fact_campaign_responses_pkey";--> statement-breakpoint
ALTER TABLE "fact_transactions" DROP CONSTRAINT "fact_transactions_pkey";--> statement-breakpoint
ALTER TABLE "fact_campaign_responses" ADD CONSTRAINT "fact_campaign_responses_response_key_customer_key_pk" PRIMARY KEY("response_key","customer_key");--> statement-breakpoint
ALTER TABLE "fact_transactions" ADD CONSTRAINT "fact_transactions_transaction_item_key_customer_key_pk" PRIMARY KEY("transaction_item_key","customer_key");--> statement-breakpoint
ALTER TABLE "fact_campaign_responses" ADD CONSTRAINT "fact_campaign_responses_response_customer_uq" UNIQUE("response_id","customer_key");--> statement-breakpoint
ALTER TABLE "fact_transactions" ADD CONSTRAINT "fact_transactions_item_customer_uq" UNIQUE("transaction_item_id","customer_key");
