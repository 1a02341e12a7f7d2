-- CreateEnum
CREATE TYPE "licences"."Role" AS ENUM ('operator', 'commission');

-- CreateEnum
CREATE TYPE "licences"."LicenceType" AS ENUM ('individual', 'general');

-- CreateEnum
CREATE TYPE "licences"."LicenceStatus" AS ENUM ('pending', 'processing', 'granted', 'refused');

-- CreateEnum
CREATE TYPE "licences"."CustomsStatus" AS ENUM ('not_started', 'in_progress', 'cleared', 'blocked');

-- CreateEnum
CREATE TYPE "licences"."ProductType" AS ENUM ('magnets_ndfeb', 'magnets_smco', 'metals_alloys', 'oxides_compounds', 'other');

-- CreateEnum
CREATE TYPE "licences"."Sector" AS ENUM ('automotive', 'aerospace', 'defence', 'electronics', 'energy', 'medical', 'industrial_machinery', 'chemicals', 'research', 'other');

-- CreateEnum
CREATE TYPE "licences"."LicenceSource" AS ENUM ('platform', 'eusurvey_migration');

-- CreateTable
CREATE TABLE "licences"."companies" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "eori" TEXT NOT NULL,
    "country" CHAR(2) NOT NULL,
    "member_state" CHAR(2) NOT NULL,
    "sme" BOOLEAN NOT NULL,
    "sector" "licences"."Sector" NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "companies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "licences"."users" (
    "id" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "licences"."Role" NOT NULL,
    "company_id" UUID,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "licences"."licences" (
    "id" UUID NOT NULL,
    "company_id" UUID NOT NULL,
    "licence_number" TEXT NOT NULL,
    "number_normalised" TEXT NOT NULL,
    "licence_type" "licences"."LicenceType" NOT NULL,
    "valid_from" DATE,
    "valid_to" DATE,
    "application_date" DATE NOT NULL,
    "exporter_name" TEXT NOT NULL,
    "exporter_credit_code" TEXT,
    "sector" "licences"."Sector" NOT NULL,
    "elements" TEXT[],
    "product_type" "licences"."ProductType" NOT NULL,
    "quantity_kg" DECIMAL(15,3) NOT NULL,
    "value_eur" DECIMAL(15,2),
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "urgency_reason" TEXT,
    "status" "licences"."LicenceStatus" NOT NULL DEFAULT 'pending',
    "decision_date" DATE,
    "customs_status" "licences"."CustomsStatus" NOT NULL DEFAULT 'not_started',
    "customs_note" TEXT,
    "mofcom_central_level" BOOLEAN NOT NULL,
    "source" "licences"."LicenceSource" NOT NULL DEFAULT 'platform',
    "submitted_by" UUID NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "transmission_count" INTEGER NOT NULL DEFAULT 0,
    "last_transmitted_at" TIMESTAMPTZ(6),

    CONSTRAINT "licences_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "licences"."licence_history" (
    "id" UUID NOT NULL,
    "licence_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(6) NOT NULL,
    "actor_id" TEXT NOT NULL,
    "actor_name" TEXT NOT NULL,
    "changes" JSONB NOT NULL,

    CONSTRAINT "licence_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "licences"."licence_transmissions" (
    "licence_id" UUID NOT NULL,
    "batch_id" UUID NOT NULL,
    "transmitted_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "licence_transmissions_pkey" PRIMARY KEY ("licence_id","batch_id")
);

-- CreateTable
CREATE TABLE "licences"."confirmation_requests" (
    "id" UUID NOT NULL,
    "licence_id" UUID NOT NULL,
    "company_id" UUID NOT NULL,
    "reported_status" "licences"."LicenceStatus" NOT NULL,
    "reported_date" DATE,
    "requested_at" TIMESTAMPTZ(6) NOT NULL,
    "decision" TEXT,
    "confirmed_status" "licences"."LicenceStatus",
    "comment" TEXT,
    "resolved_at" TIMESTAMPTZ(6),
    "resolved_by" UUID,

    CONSTRAINT "confirmation_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "licences"."idempotency_keys" (
    "user_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "response_status" INTEGER NOT NULL,
    "response_body" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("user_id","key")
);

-- CreateTable
CREATE TABLE "licences"."outbox_events" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(6),
    "attempts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "licences"."processed_events" (
    "consumer" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "processed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("consumer","event_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "companies_eori_key" ON "licences"."companies"("eori");

-- CreateIndex
CREATE UNIQUE INDEX "users_subject_key" ON "licences"."users"("subject");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "licences"."users"("email");

-- CreateIndex
CREATE INDEX "users_company_id_idx" ON "licences"."users"("company_id");

-- CreateIndex
CREATE UNIQUE INDEX "licences_number_normalised_key" ON "licences"."licences"("number_normalised");

-- CreateIndex
CREATE INDEX "licences_company_submitted_idx" ON "licences"."licences"("company_id", "submitted_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "licences_submitted_idx" ON "licences"."licences"("submitted_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "licences_company_updated_idx" ON "licences"."licences"("company_id", "updated_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "licences_updated_idx" ON "licences"."licences"("updated_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "licences_company_application_idx" ON "licences"."licences"("company_id", "application_date", "id");

-- CreateIndex
CREATE INDEX "licences_application_idx" ON "licences"."licences"("application_date", "id");

-- CreateIndex
CREATE INDEX "licences_status_urgent_idx" ON "licences"."licences"("status", "urgent");

-- CreateIndex
CREATE INDEX "licences_number_trgm_idx" ON "licences"."licences" USING GIN ("number_normalised" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "licences_exporter_trgm_idx" ON "licences"."licences" USING GIN ("exporter_name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "licence_history_licence_id_at_idx" ON "licences"."licence_history"("licence_id", "at");

-- CreateIndex
CREATE INDEX "confirmation_requests_company_id_resolved_at_idx" ON "licences"."confirmation_requests"("company_id", "resolved_at");

-- CreateIndex
CREATE INDEX "confirmation_requests_licence_id_idx" ON "licences"."confirmation_requests"("licence_id");

-- CreateIndex
CREATE INDEX "outbox_events_unpublished_idx" ON "licences"."outbox_events"("created_at");

-- AddForeignKey
ALTER TABLE "licences"."users" ADD CONSTRAINT "users_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "licences"."companies"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "licences"."licences" ADD CONSTRAINT "licences_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "licences"."companies"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "licences"."licence_history" ADD CONSTRAINT "licence_history_licence_id_fkey" FOREIGN KEY ("licence_id") REFERENCES "licences"."licences"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "licences"."licence_transmissions" ADD CONSTRAINT "licence_transmissions_licence_id_fkey" FOREIGN KEY ("licence_id") REFERENCES "licences"."licences"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "licences"."confirmation_requests" ADD CONSTRAINT "confirmation_requests_licence_id_fkey" FOREIGN KEY ("licence_id") REFERENCES "licences"."licences"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
