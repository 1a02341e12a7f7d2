-- AlterTable
ALTER TABLE "messaging"."threads" ADD COLUMN     "previous_holder_seq" BIGINT,
ADD COLUMN     "transferred_at" TIMESTAMPTZ(3);
