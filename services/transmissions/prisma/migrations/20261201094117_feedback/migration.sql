-- CreateEnum
CREATE TYPE "transmissions"."FeedbackSource" AS ENUM ('json', 'csv', 'xlsx');

-- CreateEnum
CREATE TYPE "transmissions"."FeedbackOutcome" AS ENUM ('matched', 'unmatched', 'invalid', 'unchanged');

-- CreateTable
CREATE TABLE "transmissions"."feedback_submissions" (
    "id" UUID NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "received_by" TEXT NOT NULL,
    "received_by_name" TEXT NOT NULL,
    "source" "transmissions"."FeedbackSource" NOT NULL,
    "sha256" TEXT NOT NULL,
    "row_count" INTEGER NOT NULL,
    "matched_count" INTEGER NOT NULL,
    "unmatched_count" INTEGER NOT NULL,
    "invalid_count" INTEGER NOT NULL,
    "unchanged_count" INTEGER NOT NULL,

    CONSTRAINT "feedback_submissions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transmissions"."feedback_rows" (
    "submission_id" UUID NOT NULL,
    "row_number" INTEGER NOT NULL,
    "licence_number" TEXT,
    "number_normalised" TEXT,
    "status" TEXT,
    "date" TEXT,
    "outcome" "transmissions"."FeedbackOutcome" NOT NULL,
    "reason" TEXT,
    "licence_id" UUID,
    "feedback_key" TEXT,
    "event_id" UUID,

    CONSTRAINT "feedback_rows_pkey" PRIMARY KEY ("submission_id","row_number")
);

-- CreateTable
CREATE TABLE "transmissions"."discrepancies" (
    "id" UUID NOT NULL,
    "confirmation_id" UUID NOT NULL,
    "licence_id" UUID NOT NULL,
    "company_id" UUID NOT NULL,
    "licence_number" TEXT NOT NULL,
    "reported_status" "transmissions"."LicenceStatus" NOT NULL,
    "reported_date" DATE,
    "confirmed_status" "transmissions"."LicenceStatus" NOT NULL,
    "comment" TEXT,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "discrepancies_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "feedback_submissions_received_idx" ON "transmissions"."feedback_submissions"("received_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "feedback_rows_licence_idx" ON "transmissions"."feedback_rows"("licence_id");

-- CreateIndex
CREATE UNIQUE INDEX "feedback_rows_feedback_key_key" ON "transmissions"."feedback_rows"("feedback_key");

-- CreateIndex
CREATE UNIQUE INDEX "discrepancies_confirmation_id_key" ON "transmissions"."discrepancies"("confirmation_id");

-- CreateIndex
CREATE INDEX "discrepancies_recorded_idx" ON "transmissions"."discrepancies"("recorded_at" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "transmissions"."feedback_rows" ADD CONSTRAINT "feedback_rows_submission_id_fkey" FOREIGN KEY ("submission_id") REFERENCES "transmissions"."feedback_submissions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
