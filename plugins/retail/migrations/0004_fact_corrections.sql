CREATE TABLE "agg_customer_monthly_pending" (
	"customer_key" bigint NOT NULL,
	"year_month" text NOT NULL,
	CONSTRAINT "agg_customer_monthly_pending_customer_key_year_month_pk" PRIMARY KEY("customer_key","year_month")
);
--> statement-breakpoint
CREATE TABLE "dq_fact_sources_seen" (
	"loader" text PRIMARY KEY NOT NULL,
	"sources" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fact_campaign_responses" ADD COLUMN "source_row_hash" text;--> statement-breakpoint
ALTER TABLE "fact_transactions" ADD COLUMN "source_item_hash" text;--> statement-breakpoint
ALTER TABLE "fact_transactions" ADD COLUMN "source_header_hash" text;