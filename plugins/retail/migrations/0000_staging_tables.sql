CREATE TABLE "stg_campaign_responses" (
	"response_id" text,
	"campaign_id" text,
	"customer_id" text,
	"response_date" text,
	"response_type" text,
	"conversion_value" text,
	"load_id" bigint,
	"source_file" text,
	"row_hash" text,
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
	"row_hash" text,
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
	"row_hash" text,
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
	"row_hash" text,
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
	"row_hash" text,
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
	"row_hash" text,
	"load_timestamp" timestamp with time zone DEFAULT now()
);
