-- AlterTable
ALTER TABLE "reporting"."licences" ADD COLUMN     "change_xid" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "slot" SERIAL NOT NULL;

-- DropIndex: the report index (in memory) answers the filters and groupings these served.
DROP INDEX "reporting"."licences_submitted_on_idx";
DROP INDEX "reporting"."licences_exporter_idx";
DROP INDEX "reporting"."licences_elements_idx";

-- CreateTable
CREATE TABLE "reporting"."read_model_state" (
    "id" INTEGER NOT NULL,
    "generation" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "read_model_state_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "licences_slot_key" ON "reporting"."licences"("slot");

-- CreateIndex
CREATE INDEX "licences_change_xid_idx" ON "reporting"."licences"("change_xid", "slot");

-- Every write of a licence row records its transaction: each replica's report index syncs the
-- rows written by transactions its previous snapshot did not see (one place, whatever writes).
CREATE FUNCTION "reporting"."licences_touch"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_xid := pg_current_xact_id()::text::bigint;
  RETURN NEW;
END $$;

CREATE TRIGGER "licences_touch" BEFORE INSERT OR UPDATE ON "reporting"."licences"
  FOR EACH ROW EXECUTE FUNCTION "reporting"."licences_touch"();

-- Rows removed (a rebuild's TRUNCATE, a DELETE) leave nothing to sync: a new generation makes
-- every report index load again from scratch.
CREATE FUNCTION "reporting"."licences_removed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "reporting"."read_model_state" SET generation = generation + 1 WHERE id = 1;
  RETURN NULL;
END $$;

CREATE TRIGGER "licences_truncated" AFTER TRUNCATE ON "reporting"."licences"
  FOR EACH STATEMENT EXECUTE FUNCTION "reporting"."licences_removed"();

CREATE TRIGGER "licences_deleted" AFTER DELETE ON "reporting"."licences"
  FOR EACH STATEMENT EXECUTE FUNCTION "reporting"."licences_removed"();

INSERT INTO "reporting"."read_model_state" ("id", "generation") VALUES (1, 0);
