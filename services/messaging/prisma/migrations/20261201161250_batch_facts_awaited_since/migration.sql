-- AlterTable
ALTER TABLE "messaging"."batches" ADD COLUMN     "facts_awaited_since" TIMESTAMPTZ(3);
