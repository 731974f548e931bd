-- AlterTable
ALTER TABLE "Registration" ADD COLUMN "checkinToken" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Registration_checkinToken_key" ON "Registration"("checkinToken");


-- Registrations made before: a QR token of their own (128 random bits).
UPDATE "Registration" SET "checkinToken" = upper(hex(randomblob(16))) WHERE "checkinToken" IS NULL;
