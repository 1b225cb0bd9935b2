CREATE TABLE "access_log" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "access_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer,
	"kind" text NOT NULL,
	"what" text NOT NULL,
	"person_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"detail" jsonb,
	"request_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "access_log_kind_check" CHECK ("access_log"."kind" in ('view', 'export'))
);
--> statement-breakpoint
CREATE TABLE "consents" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "consents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"person_id" integer NOT NULL,
	"purpose" text NOT NULL,
	"status" text NOT NULL,
	"given_on" date,
	"method" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	"updated_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "consents_purpose_check" CHECK ("consents"."purpose" in ('participation', 'contact', 'photos', 'donor_sharing')),
	CONSTRAINT "consents_status_check" CHECK ("consents"."status" in ('given', 'refused', 'withdrawn')),
	CONSTRAINT "consents_method_check" CHECK ("consents"."method" in ('written', 'verbal', 'electronic', 'other'))
);
--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "pseudonym" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "erased_by" integer;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "erasure_reason" text;--> statement-breakpoint
ALTER TABLE "access_log" ADD CONSTRAINT "access_log_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_log_person_ids_idx" ON "access_log" USING gin ("person_ids");--> statement-breakpoint
CREATE INDEX "access_log_created_at_idx" ON "access_log" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "access_log_user_id_idx" ON "access_log" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "consents_person_purpose_idx" ON "consents" USING btree ("person_id","purpose");--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_erased_by_users_id_fk" FOREIGN KEY ("erased_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "people_pseudonym_idx" ON "people" USING btree ("pseudonym");--> statement-breakpoint
-- Consent recorded before purposes existed was for taking part in the programme.
INSERT INTO "consents" ("person_id", "purpose", "status", "given_on", "note")
SELECT "id", 'participation', "consent_status", "consent_date", "consent_note" FROM "people" WHERE "consent_status" <> 'unknown';
