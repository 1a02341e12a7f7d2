-- CreateEnum
CREATE TYPE "transmissions"."LicenceStatus" AS ENUM ('pending', 'processing', 'granted', 'refused');

-- CreateEnum
CREATE TYPE "transmissions"."BatchKind" AS ENUM ('scheduled', 'urgent', 'manual');

-- CreateEnum
CREATE TYPE "transmissions"."BatchStatus" AS ENUM ('draft', 'dispatching', 'dispatched', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "transmissions"."licences" (
    "id" UUID NOT NULL,
    "company_id" UUID NOT NULL,
    "licence_number" TEXT NOT NULL,
    "number_normalised" TEXT NOT NULL,
    "application_date" DATE,
    "submitted_at" TIMESTAMPTZ(3),
    "status" "transmissions"."LicenceStatus" NOT NULL DEFAULT 'pending',
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 0,
    "status_version" INTEGER NOT NULL DEFAULT 0,
    "urgent_version" INTEGER NOT NULL DEFAULT 0,
    "application_date_version" INTEGER NOT NULL DEFAULT 0,
    "last_transmitted_at" TIMESTAMPTZ(6),

    CONSTRAINT "licences_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transmissions"."counters" (
    "name" TEXT NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "counters_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "transmissions"."batches" (
    "id" UUID NOT NULL,
    "run_number" INTEGER NOT NULL,
    "kind" "transmissions"."BatchKind" NOT NULL,
    "slot_key" TEXT,
    "period" TEXT NOT NULL,
    "cut_off" TIMESTAMPTZ(3) NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "status" "transmissions"."BatchStatus" NOT NULL DEFAULT 'draft',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dispatched_at" TIMESTAMPTZ(3),
    "item_count" INTEGER NOT NULL DEFAULT 0,
    "excluded_count" INTEGER NOT NULL DEFAULT 0,
    "file_sha256" TEXT,
    "dispatch_attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "message_id" TEXT,

    CONSTRAINT "batches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transmissions"."batch_items" (
    "batch_id" UUID NOT NULL,
    "licence_id" UUID NOT NULL,
    "licence_number" TEXT NOT NULL,
    "submission_date" DATE NOT NULL,
    "excluded" BOOLEAN NOT NULL DEFAULT false,
    "exclusion_reason" TEXT,

    CONSTRAINT "batch_items_pkey" PRIMARY KEY ("batch_id","licence_id")
);

-- CreateTable
CREATE TABLE "transmissions"."outbox_events" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(6),
    "attempts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transmissions"."processed_events" (
    "consumer" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "processed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("consumer","event_id")
);

-- CreateIndex
CREATE INDEX "licences_number_normalised_idx" ON "transmissions"."licences"("number_normalised");

-- CreateIndex
CREATE INDEX "licences_status_submitted_idx" ON "transmissions"."licences"("status", "submitted_at");

-- CreateIndex
CREATE INDEX "licences_urgent_idx" ON "transmissions"."licences"("status", "submitted_at") WHERE (urgent);

-- CreateIndex
CREATE UNIQUE INDEX "batches_run_number_key" ON "transmissions"."batches"("run_number");

-- CreateIndex
CREATE UNIQUE INDEX "batches_slot_key_key" ON "transmissions"."batches"("slot_key");

-- CreateIndex
CREATE INDEX "batches_dispatching_idx" ON "transmissions"."batches"("status") WHERE (status = 'dispatching');

-- CreateIndex
CREATE INDEX "batches_kind_run_idx" ON "transmissions"."batches"("kind", "run_number" DESC);

-- CreateIndex
CREATE INDEX "batch_items_file_idx" ON "transmissions"."batch_items"("batch_id", "licence_number", "licence_id");

-- CreateIndex
CREATE INDEX "batch_items_licence_id_idx" ON "transmissions"."batch_items"("licence_id");

-- CreateIndex
CREATE INDEX "outbox_events_pending_idx" ON "transmissions"."outbox_events"("attempts", "created_at", "id") WHERE (published_at IS NULL);

-- AddForeignKey
ALTER TABLE "transmissions"."batch_items" ADD CONSTRAINT "batch_items_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "transmissions"."batches"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transmissions"."batch_items" ADD CONSTRAINT "batch_items_licence_id_fkey" FOREIGN KEY ("licence_id") REFERENCES "transmissions"."licences"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
