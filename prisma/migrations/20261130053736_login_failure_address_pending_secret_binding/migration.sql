-- AlterTable
ALTER TABLE "StaffUser" ADD COLUMN "totpPendingAt" DATETIME;
ALTER TABLE "StaffUser" ADD COLUMN "totpPendingFor" TEXT;

-- AlterTable
ALTER TABLE "LoginFailure" ADD COLUMN "address" TEXT;


-- Secrets left pending before this change have no start time or owner: they are dropped (enrolment
-- starts again behind the password).
UPDATE "StaffUser" SET "totpPending" = NULL;
