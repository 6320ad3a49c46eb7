CREATE TABLE "agg_customer_monthly" (
	"customer_key" bigint NOT NULL,
	"year_month" text NOT NULL,
	"total_transactions" integer NOT NULL,
	"total_revenue" numeric(15, 2) NOT NULL,
	"total_units" integer NOT NULL,
	"avg_transaction_value" numeric(15, 2),
	CONSTRAINT "agg_customer_monthly_customer_key_year_month_pk" PRIMARY KEY("customer_key","year_month")
);
--> statement-breakpoint
CREATE TABLE "dim_campaign" (
	"campaign_key" bigserial PRIMARY KEY NOT NULL,
	"campaign_id" text NOT NULL,
	"campaign_name" text,
	"campaign_channel" text,
	"start_date" date,
	"end_date" date,
	"budget_amount" numeric(15, 2),
	"target_audience" text,
	"campaign_duration_days" integer,
	CONSTRAINT "dim_campaign_campaign_id_unique" UNIQUE("campaign_id")
);
--> statement-breakpoint
CREATE TABLE "dim_customer" (
	"customer_key" bigserial PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"first_name" text,
	"last_name" text,
	"full_name" text,
	"email" text,
	"phone_number" text,
	"date_of_birth" date,
	"age" integer,
	"age_group" text,
	"gender" text,
	"address" text,
	"city" text,
	"state" text,
	"postal_code" text,
	"country" text,
	"registration_date" date,
	"customer_segment" text,
	"account_status" text,
	"valid_from" date NOT NULL,
	"valid_to" date DEFAULT '9999-12-31' NOT NULL,
	"is_current" boolean DEFAULT true NOT NULL,
	"total_orders" integer DEFAULT 0 NOT NULL,
	"total_spent" numeric(15, 2) DEFAULT '0' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dim_date" (
	"date_key" integer PRIMARY KEY NOT NULL,
	"date_actual" date,
	"day_name" text,
	"day_of_week" integer,
	"day_of_month" integer,
	"day_of_year" integer,
	"week_of_year" integer,
	"month_number" integer,
	"month_name" text,
	"quarter" integer,
	"year_number" integer,
	"is_weekend" boolean,
	"is_holiday" boolean,
	"holiday_name" text
);
--> statement-breakpoint
CREATE TABLE "dim_product" (
	"product_key" bigserial PRIMARY KEY NOT NULL,
	"product_id" text NOT NULL,
	"product_name" text,
	"product_category" text,
	"product_subcategory" text,
	"brand" text,
	"unit_cost" numeric(12, 2),
	"retail_price" numeric(12, 2),
	"margin_percentage" numeric(7, 2),
	"product_status" text,
	"is_active" boolean,
	CONSTRAINT "dim_product_product_id_unique" UNIQUE("product_id")
);
--> statement-breakpoint
CREATE TABLE "fact_campaign_responses" (
	"response_key" bigserial PRIMARY KEY NOT NULL,
	"response_id" text NOT NULL,
	"campaign_key" bigint NOT NULL,
	"customer_key" bigint NOT NULL,
	"response_date_key" integer NOT NULL,
	"response_type" text,
	"response_datetime" timestamp,
	"conversion_value" numeric(15, 2),
	CONSTRAINT "fact_campaign_responses_response_id_unique" UNIQUE("response_id")
);
--> statement-breakpoint
CREATE TABLE "fact_transactions" (
	"transaction_item_key" bigserial PRIMARY KEY NOT NULL,
	"transaction_item_id" text NOT NULL,
	"customer_key" bigint NOT NULL,
	"product_key" bigint NOT NULL,
	"transaction_date_key" integer NOT NULL,
	"transaction_id" text,
	"order_number" text,
	"payment_method" text,
	"payment_status" text,
	"transaction_datetime" timestamp,
	"quantity" integer,
	"unit_price" numeric(12, 2),
	"line_total" numeric(14, 2),
	"discount_amount" numeric(14, 2),
	"net_amount" numeric(14, 2),
	CONSTRAINT "fact_transactions_transaction_item_id_unique" UNIQUE("transaction_item_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "dim_customer_current_uq" ON "dim_customer" USING btree ("customer_id") WHERE is_current;--> statement-breakpoint
CREATE INDEX "dim_customer_window_idx" ON "dim_customer" USING btree ("customer_id","valid_from","valid_to");--> statement-breakpoint
CREATE INDEX "fact_transactions_customer_idx" ON "fact_transactions" USING btree ("customer_key");--> statement-breakpoint
CREATE INDEX "fact_transactions_date_idx" ON "fact_transactions" USING btree ("transaction_date_key");