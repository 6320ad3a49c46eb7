CREATE SEQUENCE "public"."dq_load_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "dq_exceptions" (
	"exception_id" bigserial PRIMARY KEY NOT NULL,
	"result_id" bigint NOT NULL,
	"rule_id" integer NOT NULL,
	"table_name" text NOT NULL,
	"record_identifier" text,
	"column_name" text,
	"failed_value" text,
	"expected_value" text,
	"detected_date" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dq_metric_history" (
	"metric_id" bigserial PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"rule_id" integer NOT NULL,
	"measured_at" timestamp with time zone DEFAULT now() NOT NULL,
	"metric" text NOT NULL,
	"value" numeric,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "dq_rule_categories" (
	"category_id" serial PRIMARY KEY NOT NULL,
	"category_name" text NOT NULL,
	"description" text,
	CONSTRAINT "dq_rule_categories_category_name_unique" UNIQUE("category_name")
);
--> statement-breakpoint
CREATE TABLE "dq_rules" (
	"rule_id" serial PRIMARY KEY NOT NULL,
	"rule_name" text NOT NULL,
	"rule_description" text,
	"category_id" integer,
	"target_table" text NOT NULL,
	"target_column" text,
	"check_kind" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"where_clause" text,
	"rule_sql" text,
	"severity" text NOT NULL,
	"failure_threshold" numeric(5, 2) DEFAULT '0' NOT NULL,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"owner" text,
	"source_file" text,
	"content_hash" text,
	"version" integer DEFAULT 1 NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dq_rules_rule_name_unique" UNIQUE("rule_name")
);
--> statement-breakpoint
CREATE TABLE "dq_scorecard_categories" (
	"scorecard_id" bigint NOT NULL,
	"category" text NOT NULL,
	"score" numeric(5, 2),
	"rules_executed" integer DEFAULT 0 NOT NULL,
	"records_checked" bigint DEFAULT 0 NOT NULL,
	"failed_records" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "dq_scorecard_categories_scorecard_id_category_pk" PRIMARY KEY("scorecard_id","category")
);
--> statement-breakpoint
CREATE TABLE "dq_scorecards" (
	"scorecard_id" bigserial PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"report_date" date NOT NULL,
	"overall_quality_score" numeric(5, 2),
	"completeness_score" numeric(5, 2),
	"accuracy_score" numeric(5, 2),
	"consistency_score" numeric(5, 2),
	"validity_score" numeric(5, 2),
	"uniqueness_score" numeric(5, 2),
	"timeliness_score" numeric(5, 2),
	"integrity_score" numeric(5, 2),
	"total_rules_executed" integer DEFAULT 0 NOT NULL,
	"rules_passed" integer DEFAULT 0 NOT NULL,
	"rules_warned" integer DEFAULT 0 NOT NULL,
	"rules_failed" integer DEFAULT 0 NOT NULL,
	"rules_errored" integer DEFAULT 0 NOT NULL,
	"total_records_checked" bigint DEFAULT 0 NOT NULL,
	"total_failed_records" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dq_scorecards_run_id_unique" UNIQUE("run_id")
);
--> statement-breakpoint
CREATE TABLE "dq_test_results" (
	"result_id" bigserial PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"rule_id" integer NOT NULL,
	"execution_date" timestamp with time zone DEFAULT now() NOT NULL,
	"execution_duration_ms" integer,
	"total_records_checked" bigint,
	"failed_records" bigint,
	"passed_records" bigint,
	"failure_percentage" numeric(9, 4),
	"severity" text,
	"failure_threshold" numeric(5, 2),
	"test_status" text NOT NULL,
	"test_message" text
);
--> statement-breakpoint
CREATE TABLE "stg_audit_log" (
	"audit_id" bigserial PRIMARY KEY NOT NULL,
	"load_id" bigint NOT NULL,
	"source_name" text NOT NULL,
	"table_name" text NOT NULL,
	"source_file" text,
	"load_type" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"rows_read" bigint DEFAULT 0 NOT NULL,
	"rows_loaded" bigint DEFAULT 0 NOT NULL,
	"rows_rejected" bigint DEFAULT 0 NOT NULL,
	"rows_new" bigint DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"error_message" text
);
--> statement-breakpoint
CREATE TABLE "stg_data_profile" (
	"profile_id" bigserial PRIMARY KEY NOT NULL,
	"load_id" bigint,
	"table_name" text NOT NULL,
	"column_name" text NOT NULL,
	"row_count" bigint NOT NULL,
	"null_count" bigint NOT NULL,
	"null_pct" numeric(6, 2),
	"distinct_count" bigint,
	"min_value" text,
	"max_value" text,
	"min_length" integer,
	"max_length" integer,
	"top_values" jsonb,
	"profiled_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stg_rejects" (
	"reject_id" bigserial PRIMARY KEY NOT NULL,
	"load_id" bigint NOT NULL,
	"table_name" text NOT NULL,
	"source_file" text,
	"line_number" bigint,
	"raw_line" text,
	"reason" text NOT NULL,
	"rejected_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dq_exceptions" ADD CONSTRAINT "dq_exceptions_result_id_dq_test_results_result_id_fk" FOREIGN KEY ("result_id") REFERENCES "public"."dq_test_results"("result_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dq_rules" ADD CONSTRAINT "dq_rules_category_id_dq_rule_categories_category_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."dq_rule_categories"("category_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dq_scorecard_categories" ADD CONSTRAINT "dq_scorecard_categories_scorecard_id_dq_scorecards_scorecard_id_fk" FOREIGN KEY ("scorecard_id") REFERENCES "public"."dq_scorecards"("scorecard_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dq_test_results" ADD CONSTRAINT "dq_test_results_rule_id_dq_rules_rule_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."dq_rules"("rule_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dq_exceptions_result_idx" ON "dq_exceptions" USING btree ("result_id");--> statement-breakpoint
CREATE INDEX "dq_metric_history_rule_idx" ON "dq_metric_history" USING btree ("rule_id","metric","measured_at");--> statement-breakpoint
CREATE INDEX "dq_scorecards_date_idx" ON "dq_scorecards" USING btree ("report_date");--> statement-breakpoint
CREATE INDEX "dq_test_results_run_idx" ON "dq_test_results" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "dq_test_results_rule_idx" ON "dq_test_results" USING btree ("rule_id","execution_date");--> statement-breakpoint
CREATE INDEX "stg_audit_log_load_idx" ON "stg_audit_log" USING btree ("load_id");--> statement-breakpoint
CREATE INDEX "stg_audit_log_table_idx" ON "stg_audit_log" USING btree ("table_name");--> statement-breakpoint
CREATE INDEX "stg_data_profile_table_idx" ON "stg_data_profile" USING btree ("table_name","profiled_at");--> statement-breakpoint
CREATE INDEX "stg_rejects_load_idx" ON "stg_rejects" USING btree ("load_id","table_name");