CREATE TABLE "duplicate_dismissals" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "duplicate_dismissals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"first_id" integer NOT NULL,
	"second_id" integer NOT NULL,
	"dismissed_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "duplicate_dismissals_pair_unique" UNIQUE("kind","first_id","second_id"),
	CONSTRAINT "duplicate_dismissals_kind_check" CHECK ("duplicate_dismissals"."kind" in ('person', 'organization')),
	CONSTRAINT "duplicate_dismissals_order_check" CHECK ("duplicate_dismissals"."first_id" < "duplicate_dismissals"."second_id")
);
--> statement-breakpoint
CREATE TABLE "merges" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "merges_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"survivor_id" integer NOT NULL,
	"merged_id" integer NOT NULL,
	"survivor_before" jsonb NOT NULL,
	"survivor_version" integer NOT NULL,
	"merged_version" integer NOT NULL,
	"merged_archived_at" timestamp with time zone,
	"moved" jsonb NOT NULL,
	"merged_by" integer,
	"undone_at" timestamp with time zone,
	"undone_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "merges_kind_check" CHECK ("merges"."kind" in ('person', 'organization'))
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "name_key" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "name_key" text;--> statement-breakpoint
ALTER TABLE "duplicate_dismissals" ADD CONSTRAINT "duplicate_dismissals_dismissed_by_users_id_fk" FOREIGN KEY ("dismissed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merges" ADD CONSTRAINT "merges_merged_by_users_id_fk" FOREIGN KEY ("merged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merges" ADD CONSTRAINT "merges_undone_by_users_id_fk" FOREIGN KEY ("undone_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "merges_survivor_idx" ON "merges" USING btree ("kind","survivor_id");--> statement-breakpoint
CREATE INDEX "merges_merged_idx" ON "merges" USING btree ("kind","merged_id");--> statement-breakpoint
CREATE INDEX "organizations_name_key_idx" ON "organizations" USING btree ("name_key") WHERE "organizations"."archived_at" is null and "organizations"."name_key" <> '';--> statement-breakpoint
CREATE INDEX "organizations_name_key_missing_idx" ON "organizations" USING btree ("id") WHERE "organizations"."name_key" is null;--> statement-breakpoint
CREATE INDEX "people_name_key_idx" ON "people" USING btree ("name_key") WHERE "people"."archived_at" is null and "people"."name_key" <> '';--> statement-breakpoint
CREATE INDEX "people_name_key_missing_idx" ON "people" USING btree ("id") WHERE "people"."name_key" is null;