-- AlterTable
ALTER TABLE "messaging"."batches" ADD COLUMN     "digests_cursor" UUID,
ADD COLUMN     "digests_started_at" TIMESTAMPTZ(3);
