-- CreateEnum
CREATE TYPE "licences"."CompanyRole" AS ENUM ('admin', 'member');

-- CreateEnum
CREATE TYPE "licences"."ClaimStatus" AS ENUM ('open', 'transferred', 'rejected');

-- AlterTable
ALTER TABLE "licences"."users" ADD COLUMN     "company_role" "licences"."CompanyRole",
ADD COLUMN     "joined_company_at" TIMESTAMPTZ(6);

-- CreateTable
CREATE TABLE "licences"."company_invitations" (
    "id" UUID NOT NULL,
    "company_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "invited_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL,
    "expires_at" TIMESTAMPTZ(6) NOT NULL,
    "accepted_at" TIMESTAMPTZ(6),
    "accepted_by" UUID,
    "revoked_at" TIMESTAMPTZ(6),
    "revoked_by" UUID,

    CONSTRAINT "company_invitations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "licences"."licence_claims" (
    "id" UUID NOT NULL,
    "licence_id" UUID NOT NULL,
    "licence_number" TEXT NOT NULL,
    "claimant_company_id" UUID NOT NULL,
    "claimant_user_id" UUID NOT NULL,
    "claimant_user_name" TEXT NOT NULL,
    "holder_company_id" UUID NOT NULL,
    "comment" TEXT NOT NULL,
    "status" "licences"."ClaimStatus" NOT NULL DEFAULT 'open',
    "created_at" TIMESTAMPTZ(6) NOT NULL,
    "decided_at" TIMESTAMPTZ(6),
    "decided_by" UUID,
    "decided_by_name" TEXT,
    "decision_comment" TEXT,

    CONSTRAINT "licence_claims_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "company_invitations_open_email_idx" ON "licences"."company_invitations"("email") WHERE (accepted_at IS NULL AND revoked_at IS NULL);

-- CreateIndex
CREATE INDEX "company_invitations_company_id_created_at_idx" ON "licences"."company_invitations"("company_id", "created_at");

-- CreateIndex
CREATE INDEX "licence_claims_claimant_company_id_created_at_idx" ON "licences"."licence_claims"("claimant_company_id", "created_at");

-- CreateIndex
CREATE INDEX "licence_claims_status_created_at_idx" ON "licences"."licence_claims"("status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "licence_claims_open_key" ON "licences"."licence_claims"("licence_id", "claimant_company_id") WHERE (status = 'open');

-- AddForeignKey
ALTER TABLE "licences"."company_invitations" ADD CONSTRAINT "company_invitations_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "licences"."companies"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "licences"."licence_claims" ADD CONSTRAINT "licence_claims_licence_id_fkey" FOREIGN KEY ("licence_id") REFERENCES "licences"."licences"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "licences"."licence_claims" ADD CONSTRAINT "licence_claims_claimant_company_id_fkey" FOREIGN KEY ("claimant_company_id") REFERENCES "licences"."companies"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "licences"."licence_claims" ADD CONSTRAINT "licence_claims_holder_company_id_fkey" FOREIGN KEY ("holder_company_id") REFERENCES "licences"."companies"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Colleagues (issue 11), by hand: until now every company had exactly one user, who created it,
-- so each existing member is its company's admin, a member since the company was created.
UPDATE "licences"."users" AS u
   SET "company_role" = 'admin', "joined_company_at" = c."created_at"
  FROM "licences"."companies" AS c
 WHERE u."company_id" = c."id";

