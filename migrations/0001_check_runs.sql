CREATE TABLE "dq_check_runs" (
	"run_id" text PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"is_partial" boolean DEFAULT false NOT NULL,
	"selection" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"rules_path" text,
	"rules_selected" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dq_scorecards" ADD COLUMN "is_partial" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "dq_check_runs_started_idx" ON "dq_check_runs" USING btree ("started_at");