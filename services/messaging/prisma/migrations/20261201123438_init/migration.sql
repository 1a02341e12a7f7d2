-- CreateEnum
CREATE TYPE "messaging"."MessageSide" AS ENUM ('company', 'commission');

-- CreateTable
CREATE TABLE "messaging"."companies" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "member_state" TEXT NOT NULL,
    "sector" TEXT NOT NULL,
    "event_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "companies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "messaging"."licences" (
    "id" UUID NOT NULL,
    "company_id" UUID,
    "licence_number" TEXT,
    "number_normalised" TEXT,
    "submitted" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 0,
    "field_versions" JSONB NOT NULL DEFAULT '{}',
    "exporter_name" TEXT,
    "application_date" DATE,
    "elements" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "sector" TEXT,
    "status" TEXT,
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "status_changed_at" TIMESTAMPTZ(3),
    "last_transmitted_at" TIMESTAMPTZ(3),
    "transmission_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "licences_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "messaging"."transmissions" (
    "batch_id" UUID NOT NULL,
    "licence_id" UUID NOT NULL,
    "licence_number" TEXT NOT NULL,
    "transmitted_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "transmissions_pkey" PRIMARY KEY ("batch_id","licence_id")
);

-- CreateTable
CREATE TABLE "messaging"."batches" (
    "id" UUID NOT NULL,
    "run_number" INTEGER,
    "period" TEXT,
    "item_count" INTEGER,
    "dispatched_at" TIMESTAMPTZ(3),
    "digests_sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "batches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "messaging"."recipients" (
    "company_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "email_key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "joined_at" TIMESTAMPTZ(3),
    "left_at" TIMESTAMPTZ(3),

    CONSTRAINT "recipients_pkey" PRIMARY KEY ("company_id","user_id")
);

-- CreateTable
CREATE TABLE "messaging"."notification_preferences" (
    "email_key" TEXT NOT NULL,
    "new_message" TEXT NOT NULL DEFAULT 'immediate',
    "transmission_digest" BOOLEAN NOT NULL DEFAULT true,
    "stale_reminder" BOOLEAN NOT NULL DEFAULT true,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_preferences_pkey" PRIMARY KEY ("email_key")
);

-- CreateTable
CREATE TABLE "messaging"."threads" (
    "id" UUID NOT NULL,
    "company_id" UUID NOT NULL,
    "licence_id" UUID,
    "subject" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_message_at" TIMESTAMPTZ(3) NOT NULL,
    "unread_by_company" INTEGER NOT NULL DEFAULT 0,
    "unread_by_commission" INTEGER NOT NULL DEFAULT 0,
    "company_read_at" TIMESTAMPTZ(3),
    "commission_read_at" TIMESTAMPTZ(3),

    CONSTRAINT "threads_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "messaging"."messages" (
    "id" UUID NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "thread_id" UUID NOT NULL,
    "author_side" "messaging"."MessageSide" NOT NULL,
    "author_key" TEXT NOT NULL,
    "author_name" TEXT NOT NULL,
    "subject" TEXT,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "broadcast_id" UUID,
    "idempotency_key" TEXT,

    CONSTRAINT "messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "messaging"."attachments" (
    "id" UUID NOT NULL,
    "message_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,

    CONSTRAINT "attachments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "messaging"."broadcasts" (
    "id" UUID NOT NULL,
    "idempotency_key" TEXT,
    "filter" JSONB NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "sent_by_key" TEXT NOT NULL,
    "sent_by_name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "company_count" INTEGER NOT NULL,
    "licence_count" INTEGER NOT NULL,
    "company_ids" UUID[],
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "broadcasts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "messaging"."pending_digest_items" (
    "email_key" TEXT NOT NULL,
    "message_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pending_digest_items_pkey" PRIMARY KEY ("email_key","message_id")
);

-- CreateTable
CREATE TABLE "messaging"."job_runs" (
    "job" TEXT NOT NULL,
    "period_key" TEXT NOT NULL,
    "ran_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "mail_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "job_runs_pkey" PRIMARY KEY ("job","period_key")
);

-- CreateTable
CREATE TABLE "messaging"."outbox_events" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(6),
    "attempts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "messaging"."processed_events" (
    "consumer" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "processed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("consumer","event_id")
);

-- CreateTable
CREATE TABLE "messaging"."mail_outbox" (
    "id" UUID NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "to_address" TEXT NOT NULL,
    "to_name" TEXT,
    "subject" TEXT NOT NULL,
    "text_body" TEXT NOT NULL,
    "html_body" TEXT NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "message_id" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(6),
    "last_error" TEXT,
    "failed_at" TIMESTAMPTZ(6),

    CONSTRAINT "mail_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "licences_company_id_idx" ON "messaging"."licences"("company_id");

-- CreateIndex
CREATE INDEX "licences_number_normalised_idx" ON "messaging"."licences"("number_normalised");

-- CreateIndex
CREATE INDEX "licences_stale_idx" ON "messaging"."licences"("status_changed_at") WHERE (last_transmitted_at IS NOT NULL);

-- CreateIndex
CREATE INDEX "batches_digests_due_idx" ON "messaging"."batches"("dispatched_at") WHERE (digests_sent_at IS NULL);

-- CreateIndex
CREATE INDEX "recipients_email_key_idx" ON "messaging"."recipients"("email_key");

-- CreateIndex
CREATE UNIQUE INDEX "threads_licence_id_key" ON "messaging"."threads"("licence_id");

-- CreateIndex
CREATE INDEX "threads_company_last_idx" ON "messaging"."threads"("company_id", "last_message_at" DESC);

-- CreateIndex
CREATE INDEX "threads_inbox_idx" ON "messaging"."threads"("last_message_at" DESC, "id");

-- CreateIndex
CREATE UNIQUE INDEX "threads_general_company_key" ON "messaging"."threads"("company_id") WHERE (licence_id IS NULL);

-- CreateIndex
CREATE INDEX "messages_thread_id_created_at_idx" ON "messaging"."messages"("thread_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "messages_broadcast_thread_key" ON "messaging"."messages"("thread_id", "broadcast_id");

-- CreateIndex
CREATE UNIQUE INDEX "messages_idempotency_key" ON "messaging"."messages"("author_key", "idempotency_key");

-- CreateIndex
CREATE INDEX "attachments_message_id_idx" ON "messaging"."attachments"("message_id");

-- CreateIndex
CREATE UNIQUE INDEX "broadcasts_idempotency_key_key" ON "messaging"."broadcasts"("idempotency_key");

-- CreateIndex
CREATE INDEX "outbox_events_pending_idx" ON "messaging"."outbox_events"("attempts", "created_at", "id") WHERE (published_at IS NULL);

-- CreateIndex
CREATE UNIQUE INDEX "mail_outbox_dedupe_key_key" ON "messaging"."mail_outbox"("dedupe_key");

-- CreateIndex
CREATE INDEX "mail_outbox_due_idx" ON "messaging"."mail_outbox"("next_attempt_at", "created_at") WHERE (sent_at IS NULL AND failed_at IS NULL);

-- CreateIndex
CREATE INDEX "mail_outbox_sent_idx" ON "messaging"."mail_outbox"("sent_at") WHERE (sent_at IS NOT NULL);

-- AddForeignKey
ALTER TABLE "messaging"."messages" ADD CONSTRAINT "messages_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "messaging"."threads"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messaging"."attachments" ADD CONSTRAINT "attachments_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messaging"."messages"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
