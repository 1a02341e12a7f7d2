-- Licence number keys version 2 (issue 7, item 4). Existing keys were computed with rule 1; the
-- service re-keys them when it starts (domain/licence/rekey-licence-numbers.use-case.ts), with the
-- one normaliseLicenceNumber of @lmp/contracts: the rule is not repeated in SQL.

-- AlterTable
ALTER TABLE "licences"."licences" ADD COLUMN     "number_key_version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "licences"."licence_number_collisions" (
    "licence_id" UUID NOT NULL,
    "other_licence_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "key_version" INTEGER NOT NULL,
    "found_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "licence_number_collisions_pkey" PRIMARY KEY ("licence_id","other_licence_id")
);

-- CreateIndex
CREATE INDEX "licence_number_collisions_other_licence_id_idx" ON "licences"."licence_number_collisions"("other_licence_id");

-- AddForeignKey
ALTER TABLE "licences"."licence_number_collisions" ADD CONSTRAINT "licence_number_collisions_licence_id_fkey" FOREIGN KEY ("licence_id") REFERENCES "licences"."licences"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "licences"."licence_number_collisions" ADD CONSTRAINT "licence_number_collisions_other_licence_id_fkey" FOREIGN KEY ("other_licence_id") REFERENCES "licences"."licences"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
