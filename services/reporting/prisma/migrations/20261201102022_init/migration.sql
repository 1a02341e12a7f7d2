-- CreateTable
CREATE TABLE "reporting"."companies" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "eori" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "member_state" TEXT NOT NULL,
    "sme" BOOLEAN NOT NULL,
    "sector" TEXT NOT NULL,
    "event_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "companies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reporting"."licences" (
    "id" UUID NOT NULL,
    "company_id" UUID,
    "licence_number" TEXT,
    "number_normalised" TEXT,
    "submitted" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 0,
    "field_versions" JSONB NOT NULL DEFAULT '{}',
    "licence_type" TEXT,
    "valid_from" DATE,
    "valid_to" DATE,
    "application_date" DATE,
    "exporter_name" TEXT,
    "exporter_credit_code" TEXT,
    "sector" TEXT,
    "elements" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "product_type" TEXT,
    "quantity_kg" DECIMAL(14,3),
    "value_eur" DECIMAL(16,2),
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "decision_date" DATE,
    "customs_status" TEXT NOT NULL DEFAULT 'not_started',
    "source" TEXT,
    "submitted_at" TIMESTAMPTZ(3),
    "submitted_on" DATE,
    "status_changed_at" TIMESTAMPTZ(3),
    "transmission_count" INTEGER NOT NULL DEFAULT 0,
    "first_transmitted_at" TIMESTAMPTZ(3),
    "last_transmitted_at" TIMESTAMPTZ(3),
    "company_name" TEXT,
    "company_eori" TEXT,
    "company_country" TEXT,
    "member_state" TEXT,
    "sme" BOOLEAN,
    "company_sector" TEXT,

    CONSTRAINT "licences_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reporting"."licence_transmissions" (
    "licence_id" UUID NOT NULL,
    "batch_id" UUID NOT NULL,
    "transmitted_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "licence_transmissions_pkey" PRIMARY KEY ("licence_id","batch_id")
);

-- CreateTable
CREATE TABLE "reporting"."batches" (
    "id" UUID NOT NULL,
    "run_number" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "item_count" INTEGER NOT NULL,
    "dispatched_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "batches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reporting"."mofcom_reports" (
    "feedback_id" UUID NOT NULL,
    "number_normalised" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "date" DATE,
    "received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "mofcom_reports_pkey" PRIMARY KEY ("feedback_id")
);

-- CreateTable
CREATE TABLE "reporting"."confirmations" (
    "id" UUID NOT NULL,
    "licence_id" UUID NOT NULL,
    "company_id" UUID NOT NULL,
    "licence_number" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "reported_status" TEXT NOT NULL,
    "confirmed_status" TEXT NOT NULL,
    "comment" TEXT,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "confirmations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reporting"."outbox_events" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(6),
    "attempts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reporting"."processed_events" (
    "consumer" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "processed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("consumer","event_id")
);

-- CreateIndex
CREATE INDEX "licences_company_id_idx" ON "reporting"."licences"("company_id");

-- CreateIndex
CREATE INDEX "licences_number_normalised_idx" ON "reporting"."licences"("number_normalised");

-- CreateIndex
CREATE INDEX "licences_submitted_on_idx" ON "reporting"."licences"("submitted_on");

-- CreateIndex
CREATE INDEX "licences_exporter_idx" ON "reporting"."licences"("exporter_name");

-- CreateIndex
CREATE INDEX "licences_elements_idx" ON "reporting"."licences" USING GIN ("elements");

-- CreateIndex
CREATE INDEX "licences_stale_idx" ON "reporting"."licences"("status_changed_at") WHERE ((status = ANY (ARRAY['pending'::text, 'processing'::text])) AND (transmission_count > 0));

-- CreateIndex
CREATE INDEX "licences_export_idx" ON "reporting"."licences"("submitted_at", "id");

-- CreateIndex
CREATE INDEX "batches_dispatched_idx" ON "reporting"."batches"("dispatched_at" DESC);

-- CreateIndex
CREATE INDEX "mofcom_reports_number_idx" ON "reporting"."mofcom_reports"("number_normalised", "received_at" DESC);

-- CreateIndex
CREATE INDEX "confirmations_licence_idx" ON "reporting"."confirmations"("licence_id", "recorded_at" DESC);

-- CreateIndex
CREATE INDEX "outbox_events_pending_idx" ON "reporting"."outbox_events"("attempts", "created_at", "id") WHERE (published_at IS NULL);
