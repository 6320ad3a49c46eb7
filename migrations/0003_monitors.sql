CREATE TABLE "dq_monitor_exclusions" (
	"exclusion_id" serial PRIMARY KEY NOT NULL,
	"rule_id" integer NOT NULL,
	"from_bucket" timestamp NOT NULL,
	"to_bucket" timestamp NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "dq_monitor_results" (
	"result_id" bigint PRIMARY KEY NOT NULL,
	"rule_id" integer NOT NULL,
	"bucket" timestamp,
	"metric" text,
	"column_name" text,
	"method" text,
	"state" text NOT NULL,
	"observed" numeric,
	"expected_low" numeric,
	"expected_high" numeric,
	"score" numeric,
	"training_points" integer
);
--> statement-breakpoint
CREATE TABLE "dq_schema_snapshots" (
	"snapshot_id" bigserial PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"rule_id" integer NOT NULL,
	"table_name" text NOT NULL,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL,
	"table_exists" boolean NOT NULL,
	"columns" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dq_check_runs" ADD COLUMN "as_of" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dq_metric_history" ADD COLUMN "column_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "dq_metric_history" ADD COLUMN "bucket" timestamp;--> statement-breakpoint
ALTER TABLE "dq_metric_history" ADD COLUMN "is_anomaly" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "dq_monitor_results" ADD CONSTRAINT "dq_monitor_results_result_id_dq_test_results_result_id_fk" FOREIGN KEY ("result_id") REFERENCES "public"."dq_test_results"("result_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dq_monitor_exclusions_rule_idx" ON "dq_monitor_exclusions" USING btree ("rule_id");--> statement-breakpoint
CREATE INDEX "dq_monitor_results_rule_idx" ON "dq_monitor_results" USING btree ("rule_id","bucket");--> statement-breakpoint
CREATE INDEX "dq_schema_snapshots_rule_idx" ON "dq_schema_snapshots" USING btree ("rule_id","snapshot_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dq_metric_history_bucket_idx" ON "dq_metric_history" USING btree ("rule_id","metric","column_name","bucket") WHERE "dq_metric_history"."bucket" IS NOT NULL;