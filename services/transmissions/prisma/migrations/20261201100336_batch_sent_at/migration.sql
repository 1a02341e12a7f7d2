-- AlterTable
ALTER TABLE "transmissions"."batches" ADD COLUMN     "sent_at" TIMESTAMPTZ(3);
