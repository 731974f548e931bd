-- AlterEnum
ALTER TYPE "MessageKind" ADD VALUE 'LINK_REISSUED';

-- AlterTable
ALTER TABLE "Registration" ADD COLUMN     "checkinToken" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Registration_checkinToken_key" ON "Registration"("checkinToken");


-- Registrations made before: a QR token of their own (md5 of two random UUIDs: 128 bits).
UPDATE "Registration" SET "checkinToken" = upper(md5(gen_random_uuid()::text || gen_random_uuid()::text)) WHERE "checkinToken" IS NULL;
