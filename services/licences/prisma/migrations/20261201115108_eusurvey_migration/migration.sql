-- EU Survey migration (issue 11, docs/eusurvey-migration.md): the "check this migrated licence" flag
-- on licences (false for every existing licence), the runs, the migrated rows (their stable keys make
-- a re-run change nothing) and the pre-provisioned respondents. Nothing else (colleagues and claims
-- have their own migration).

-- AlterTable
ALTER TABLE "licences"."licences" ADD COLUMN     "review_required" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "licences"."eusurvey_migration_runs" (
    "id" UUID NOT NULL,
    "file_sha256" TEXT NOT NULL,
    "file_name" TEXT,
    "format" TEXT NOT NULL,
    "run_by_id" TEXT NOT NULL,
    "run_by_name" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(6) NOT NULL,
    "finished_at" TIMESTAMPTZ(6) NOT NULL,
    "totals" JSONB NOT NULL,
    "rows" JSONB NOT NULL,

    CONSTRAINT "eusurvey_migration_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "licences"."eusurvey_migrated_rows" (
    "row_key" TEXT NOT NULL,
    "run_id" UUID NOT NULL,
    "licence_id" UUID NOT NULL,
    "respondent_email" TEXT NOT NULL,
    "file_row" INTEGER NOT NULL,
    "survey_submitted_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "eusurvey_migrated_rows_pkey" PRIMARY KEY ("row_key")
);

-- CreateTable
CREATE TABLE "licences"."eusurvey_provisioned_users" (
    "user_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "company_id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "provisioned_at" TIMESTAMPTZ(6) NOT NULL,
    "bound_at" TIMESTAMPTZ(6),

    CONSTRAINT "eusurvey_provisioned_users_pkey" PRIMARY KEY ("user_id")
);

-- CreateIndex
CREATE INDEX "eusurvey_migration_runs_started_at_idx" ON "licences"."eusurvey_migration_runs"("started_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "eusurvey_migrated_rows_licence_id_key" ON "licences"."eusurvey_migrated_rows"("licence_id");

-- CreateIndex
CREATE INDEX "eusurvey_migrated_rows_run_id_idx" ON "licences"."eusurvey_migrated_rows"("run_id");

-- CreateIndex
CREATE UNIQUE INDEX "eusurvey_provisioned_users_email_key" ON "licences"."eusurvey_provisioned_users"("email");

-- CreateIndex
CREATE INDEX "eusurvey_provisioned_users_company_id_idx" ON "licences"."eusurvey_provisioned_users"("company_id");

-- CreateIndex
CREATE INDEX "licences_review_required_idx" ON "licences"."licences"("company_id") WHERE (review_required);

-- AddForeignKey
ALTER TABLE "licences"."eusurvey_migrated_rows" ADD CONSTRAINT "eusurvey_migrated_rows_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "licences"."eusurvey_migration_runs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "licences"."eusurvey_migrated_rows" ADD CONSTRAINT "eusurvey_migrated_rows_licence_id_fkey" FOREIGN KEY ("licence_id") REFERENCES "licences"."licences"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
