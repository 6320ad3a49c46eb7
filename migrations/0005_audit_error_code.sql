ALTER TABLE "stg_audit_log" ADD COLUMN "error_code" text;--> statement-breakpoint
ALTER TABLE "stg_audit_log" ADD COLUMN "error_details" jsonb;