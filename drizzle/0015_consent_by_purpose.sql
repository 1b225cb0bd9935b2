ALTER TABLE "people" DROP CONSTRAINT "people_consent_status_check";--> statement-breakpoint
ALTER TABLE "people" DROP COLUMN "consent_status";--> statement-breakpoint
ALTER TABLE "people" DROP COLUMN "consent_date";--> statement-breakpoint
ALTER TABLE "people" DROP COLUMN "consent_note";