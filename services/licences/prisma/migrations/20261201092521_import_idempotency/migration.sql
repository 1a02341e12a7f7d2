-- Idempotency-Key on POST /licences/import (issue 7, item 5): an import reserves its key first
-- (state running, no answer yet, attempt_id = the attempt holding it) and stores its report at
-- the end (state done). Existing keys and every POST /licences key are done with their answer.
-- "A done key has its answer" is kept by the code (data-access/idempotency.repository.ts), not a
-- CHECK constraint: lmp-migrate's WebAssembly schema engine panics on one in a migration.

-- CreateEnum
CREATE TYPE "licences"."IdempotencyState" AS ENUM ('running', 'done');

-- AlterTable
ALTER TABLE "licences"."idempotency_keys" ADD COLUMN     "attempt_id" UUID,
ADD COLUMN     "state" "licences"."IdempotencyState" NOT NULL DEFAULT 'done',
ALTER COLUMN "response_status" DROP NOT NULL,
ALTER COLUMN "response_body" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "idempotency_keys_created_at_idx" ON "licences"."idempotency_keys"("created_at");

