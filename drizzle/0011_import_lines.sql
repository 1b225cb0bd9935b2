CREATE SEQUENCE "public"."import_stagings" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "import_lines" (
	"import_id" integer NOT NULL,
	"staging" integer NOT NULL,
	"line" integer NOT NULL,
	"values" jsonb,
	"cells" jsonb,
	"errors" jsonb,
	"warnings" jsonb,
	"name_key" text,
	CONSTRAINT "import_lines_staging_line_pk" PRIMARY KEY("staging","line")
);
--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "staging" integer;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "staged_for" text;--> statement-breakpoint
ALTER TABLE "import_lines" ADD CONSTRAINT "import_lines_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_lines_import_id_idx" ON "import_lines" USING btree ("import_id");