CREATE TABLE "partner_proposals" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "partner_proposals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"organization_id" integer NOT NULL,
	"person_id" integer,
	"field" text NOT NULL,
	"old_value" text,
	"new_value" text,
	"status" text DEFAULT 'open' NOT NULL,
	"reason" text,
	"proposed_by" integer,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_proposals_status_check" CHECK ("partner_proposals"."status" in ('open', 'accepted', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "partner_requests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "partner_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"email" text NOT NULL,
	"locale" text DEFAULT 'en' NOT NULL,
	"organization_id" integer,
	"organization_name" text NOT NULL,
	"message" text,
	"confirmation_hash" text,
	"confirmation_expires_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"status" text DEFAULT 'unconfirmed' NOT NULL,
	"reason" text,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_requests_status_check" CHECK ("partner_requests"."status" in ('unconfirmed', 'waiting', 'approved', 'rejected')),
	CONSTRAINT "partner_requests_locale_check" CHECK ("partner_requests"."locale" in ('en', 'az', 'ru'))
);
--> statement-breakpoint
ALTER TABLE "participations" DROP CONSTRAINT "participations_status_check";--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_role_check";--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "nominations_open" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "capacity" integer;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "nomination_deadline" date;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "organization_id" integer;--> statement-breakpoint
ALTER TABLE "partner_proposals" ADD CONSTRAINT "partner_proposals_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_proposals" ADD CONSTRAINT "partner_proposals_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_proposals" ADD CONSTRAINT "partner_proposals_proposed_by_users_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_proposals" ADD CONSTRAINT "partner_proposals_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_requests" ADD CONSTRAINT "partner_requests_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_requests" ADD CONSTRAINT "partner_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_requests" ADD CONSTRAINT "partner_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "partner_proposals_open_idx" ON "partner_proposals" USING btree ("status","organization_id");--> statement-breakpoint
CREATE INDEX "partner_proposals_person_id_idx" ON "partner_proposals" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "partner_requests_status_idx" ON "partner_requests" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "partner_requests_confirmation_idx" ON "partner_requests" USING btree ("confirmation_hash");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "users_organization_id_idx" ON "users" USING btree ("organization_id");--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_capacity_check" CHECK ("activities"."capacity" is null or "activities"."capacity" > 0);--> statement-breakpoint
ALTER TABLE "participations" ADD CONSTRAINT "participations_status_check" CHECK ("participations"."status" in ('invited', 'registered', 'attended', 'no_show', 'cancelled', 'nominated', 'declined'));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_partner_organization_check" CHECK (("users"."role" = 'partner') = ("users"."organization_id" is not null));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_role_check" CHECK ("users"."role" in ('partner', 'staff', 'coordinator', 'manager', 'admin'));