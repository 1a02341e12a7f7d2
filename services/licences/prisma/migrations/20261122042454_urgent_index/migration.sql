-- CreateIndex
CREATE INDEX "licences_urgent_submitted_idx" ON "licences"."licences"("submitted_at" DESC, "id" DESC) WHERE (urgent);
