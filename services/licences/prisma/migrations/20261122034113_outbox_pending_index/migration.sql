-- DropIndex
DROP INDEX "licences"."outbox_events_unpublished_idx";

-- CreateIndex
CREATE INDEX "outbox_events_pending_idx" ON "licences"."outbox_events"("attempts", "created_at", "id") WHERE (published_at IS NULL);
