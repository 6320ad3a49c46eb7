ALTER TABLE "stg_audit_log" ADD COLUMN "file_size" bigint;--> statement-breakpoint
ALTER TABLE "stg_audit_log" ADD COLUMN "content_hash" text;