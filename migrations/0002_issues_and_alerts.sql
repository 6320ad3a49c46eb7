CREATE TABLE "dq_alert_log" (
	"alert_id" bigserial PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"run_id" text,
	"issue_id" bigint,
	"route" text NOT NULL,
	"destination" text NOT NULL,
	"destination_kind" text NOT NULL,
	"fingerprint" text NOT NULL,
	"alert_kind" text NOT NULL,
	"decision" text NOT NULL,
	"reason" text NOT NULL,
	"rule_status" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"http_status" integer,
	"idempotency_key" text,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "dq_issue_records" (
	"issue_id" bigint NOT NULL,
	"record_identifier" text NOT NULL,
	"first_seen_run_id" text NOT NULL,
	"last_seen_run_id" text NOT NULL,
	"fixed_run_id" text,
	CONSTRAINT "dq_issue_records_issue_id_record_identifier_pk" PRIMARY KEY("issue_id","record_identifier")
);
--> statement-breakpoint
CREATE TABLE "dq_issues" (
	"issue_id" bigserial PRIMARY KEY NOT NULL,
	"rule_id" integer NOT NULL,
	"rule_name" text NOT NULL,
	"table_name" text NOT NULL,
	"column_name" text,
	"category" text,
	"severity" text,
	"fingerprint" text NOT NULL,
	"change_kind" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"opened_run_id" text NOT NULL,
	"last_run_id" text NOT NULL,
	"closed_run_id" text,
	"first_status" text NOT NULL,
	"previous_status" text,
	"last_status" text NOT NULL,
	"worst_status" text NOT NULL,
	"runs_failing" integer DEFAULT 1 NOT NULL,
	"first_failed_records" bigint,
	"first_scope" bigint,
	"first_failure_pct" numeric(9, 4),
	"last_failed_records" bigint,
	"last_scope" bigint,
	"last_failure_pct" numeric(9, 4),
	"max_failed_records" bigint,
	"records_tracked" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dq_alert_log" ADD CONSTRAINT "dq_alert_log_issue_id_dq_issues_issue_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."dq_issues"("issue_id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dq_issue_records" ADD CONSTRAINT "dq_issue_records_issue_id_dq_issues_issue_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."dq_issues"("issue_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dq_issues" ADD CONSTRAINT "dq_issues_rule_id_dq_rules_rule_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."dq_rules"("rule_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dq_alert_log_issue_idx" ON "dq_alert_log" USING btree ("destination","fingerprint","created_at");--> statement-breakpoint
CREATE INDEX "dq_alert_log_run_idx" ON "dq_alert_log" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "dq_issue_records_fixed_idx" ON "dq_issue_records" USING btree ("issue_id","fixed_run_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dq_issues_open_rule_idx" ON "dq_issues" USING btree ("rule_id") WHERE "dq_issues"."closed_at" IS NULL;--> statement-breakpoint
CREATE INDEX "dq_issues_rule_idx" ON "dq_issues" USING btree ("rule_id","first_seen_at");