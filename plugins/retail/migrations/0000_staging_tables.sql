CREATE TABLE "stg_campaign_responses" (
	"response_id" text,
	"campaign_id" text,
	"customer_id" text,
	"response_date" text,
	"response_type" text,
	"conversion_value" text,
	"load_id" bigint,
	"source_file" text,
	"row_hash" text GENERATED ALWAYS AS (md5(quote_nullable("response_id") || ',' || quote_nullable("campaign_id") || ',' || quote_nullable("customer_id") || ',' || quote_nullable("response_date") || ',' || quote_nullable("response_type") || ',' || quote_nullable("conversion_value"))) STORED,
	"load_timestamp" timestamp with time zone DEFAULT now()
);
--> statement-breakpoint
CREATE TABLE "stg_crm_customers" (
	"customer_id" text,
	"first_name" text,
	"last_name" text,
	"email" text,
	"phone_number" text,
	"date_of_birth" text,
	"gender" text,
	"address" text,
	"city" text,
	"state" text,
	"postal_code" text,
	"country" text,
	"registration_date" text,
	"customer_segment" text,
	"account_status" text,
	"load_id" bigint,
	"source_file" text,
	"row_hash" text GENERATED ALWAYS AS (md5(quote_nullable("customer_id") || ',' || quote_nullable("first_name") || ',' || quote_nullable("last_name") || ',' || quote_nullable("email") || ',' || quote_nullable("phone_number") || ',' || quote_nullable("date_of_birth") || ',' || quote_nullable("gender") || ',' || quote_nullable("address") || ',' || quote_nullable("city") || ',' || quote_nullable("state") || ',' || quote_nullable("postal_code") || ',' || quote_nullable("country") || ',' || quote_nullable("registration_date") || ',' || quote_nullable("customer_segment") || ',' || quote_nullable("account_status"))) STORED,
	"load_timestamp" timestamp with time zone DEFAULT now()
);
--> statement-breakpoint
CREATE TABLE "stg_ecom_transaction_items" (
	"transaction_item_id" text,
	"transaction_id" text,
	"product_id" text,
	"quantity" text,
	"unit_price" text,
	"line_total" text,
	"discount_amount" text,
	"load_id" bigint,
	"source_file" text,
	"row_hash" text GENERATED ALWAYS AS (md5(quote_nullable("transaction_item_id") || ',' || quote_nullable("transaction_id") || ',' || quote_nullable("product_id") || ',' || quote_nullable("quantity") || ',' || quote_nullable("unit_price") || ',' || quote_nullable("line_total") || ',' || quote_nullable("discount_amount"))) STORED,
	"load_timestamp" timestamp with time zone DEFAULT now()
);
--> statement-breakpoint
CREATE TABLE "stg_ecom_transactions" (
	"transaction_id" text,
	"customer_id" text,
	"transaction_date" text,
	"order_number" text,
	"payment_method" text,
	"payment_status" text,
	"total_amount" text,
	"discount_amount" text,
	"tax_amount" text,
	"shipping_amount" text,
	"currency_code" text,
	"load_id" bigint,
	"source_file" text,
	"row_hash" text GENERATED ALWAYS AS (md5(quote_nullable("transaction_id") || ',' || quote_nullable("customer_id") || ',' || quote_nullable("transaction_date") || ',' || quote_nullable("order_number") || ',' || quote_nullable("payment_method") || ',' || quote_nullable("payment_status") || ',' || quote_nullable("total_amount") || ',' || quote_nullable("discount_amount") || ',' || quote_nullable("tax_amount") || ',' || quote_nullable("shipping_amount") || ',' || quote_nullable("currency_code"))) STORED,
	"load_timestamp" timestamp with time zone DEFAULT now()
);
--> statement-breakpoint
CREATE TABLE "stg_marketing_campaigns" (
	"campaign_id" text,
	"campaign_name" text,
	"campaign_channel" text,
	"start_date" text,
	"end_date" text,
	"budget_amount" text,
	"target_audience" text,
	"load_id" bigint,
	"source_file" text,
	"row_hash" text GENERATED ALWAYS AS (md5(quote_nullable("campaign_id") || ',' || quote_nullable("campaign_name") || ',' || quote_nullable("campaign_channel") || ',' || quote_nullable("start_date") || ',' || quote_nullable("end_date") || ',' || quote_nullable("budget_amount") || ',' || quote_nullable("target_audience"))) STORED,
	"load_timestamp" timestamp with time zone DEFAULT now()
);
--> statement-breakpoint
CREATE TABLE "stg_products" (
	"product_id" text,
	"product_name" text,
	"product_category" text,
	"product_subcategory" text,
	"brand" text,
	"unit_cost" text,
	"retail_price" text,
	"product_status" text,
	"load_id" bigint,
	"source_file" text,
	"row_hash" text GENERATED ALWAYS AS (md5(quote_nullable("product_id") || ',' || quote_nullable("product_name") || ',' || quote_nullable("product_category") || ',' || quote_nullable("product_subcategory") || ',' || quote_nullable("brand") || ',' || quote_nullable("unit_cost") || ',' || quote_nullable("retail_price") || ',' || quote_nullable("product_status"))) STORED,
	"load_timestamp" timestamp with time zone DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX "stg_campaign_responses_row_hash_idx" ON "stg_campaign_responses" USING btree ("row_hash");--> statement-breakpoint
CREATE INDEX "stg_crm_customers_row_hash_idx" ON "stg_crm_customers" USING btree ("row_hash");--> statement-breakpoint
CREATE INDEX "stg_ecom_transaction_items_row_hash_idx" ON "stg_ecom_transaction_items" USING btree ("row_hash");--> statement-breakpoint
CREATE INDEX "stg_ecom_transactions_row_hash_idx" ON "stg_ecom_transactions" USING btree ("row_hash");--> statement-breakpoint
CREATE INDEX "stg_marketing_campaigns_row_hash_idx" ON "stg_marketing_campaigns" USING btree ("row_hash");--> statement-breakpoint
CREATE INDEX "stg_products_row_hash_idx" ON "stg_products" USING btree ("row_hash");