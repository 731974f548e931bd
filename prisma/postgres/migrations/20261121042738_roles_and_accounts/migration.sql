-- CreateEnum
CREATE TYPE "AccountTokenPurpose" AS ENUM ('INVITATION', 'PASSWORD_RESET', 'CHECKIN_LINK');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "MessageKind" ADD VALUE 'STAFF_INVITATION';
ALTER TYPE "MessageKind" ADD VALUE 'PASSWORD_RESET';

-- AlterEnum
BEGIN;
CREATE TYPE "StaffRole_new" AS ENUM ('ADMIN', 'STAFF', 'ORGANIZER', 'CHECKIN');
ALTER TABLE "StaffUser" ALTER COLUMN "role" DROP DEFAULT;
-- Read-only viewers become staff (the closest of the four roles; docs/decisions/0013).
ALTER TABLE "StaffUser" ALTER COLUMN "role" TYPE "StaffRole_new" USING ((CASE WHEN "role"::text = 'VIEWER' THEN 'STAFF' ELSE "role"::text END)::"StaffRole_new");
ALTER TYPE "StaffRole" RENAME TO "StaffRole_old";
ALTER TYPE "StaffRole_new" RENAME TO "StaffRole";
DROP TYPE "StaffRole_old";
ALTER TABLE "StaffUser" ALTER COLUMN "role" SET DEFAULT 'ADMIN';
COMMIT;

-- AlterTable
ALTER TABLE "StaffUser" ADD COLUMN     "accessExpiresAt" TIMESTAMP(3),
ADD COLUMN     "disabledAt" TIMESTAMP(3),
ALTER COLUMN "passwordHash" DROP NOT NULL;

-- AlterTable
ALTER TABLE "StaffSession" ADD COLUMN     "userAgent" TEXT;

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "staffUserId" TEXT,
ALTER COLUMN "seminarId" DROP NOT NULL,
ALTER COLUMN "registrationId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "StaffProgram" (
    "userId" TEXT NOT NULL,
    "programId" TEXT NOT NULL,

    CONSTRAINT "StaffProgram_pkey" PRIMARY KEY ("userId","programId")
);

-- CreateTable
CREATE TABLE "StaffSeminar" (
    "userId" TEXT NOT NULL,
    "seminarId" TEXT NOT NULL,

    CONSTRAINT "StaffSeminar_pkey" PRIMARY KEY ("userId","seminarId")
);

-- CreateTable
CREATE TABLE "AccountToken" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "purpose" "AccountTokenPurpose" NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AccountToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StaffProgram_programId_idx" ON "StaffProgram"("programId");

-- CreateIndex
CREATE INDEX "StaffSeminar_seminarId_idx" ON "StaffSeminar"("seminarId");

-- CreateIndex
CREATE INDEX "AccountToken_userId_idx" ON "AccountToken"("userId");

-- AddForeignKey
ALTER TABLE "StaffProgram" ADD CONSTRAINT "StaffProgram_userId_fkey" FOREIGN KEY ("userId") REFERENCES "StaffUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffProgram" ADD CONSTRAINT "StaffProgram_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffSeminar" ADD CONSTRAINT "StaffSeminar_userId_fkey" FOREIGN KEY ("userId") REFERENCES "StaffUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffSeminar" ADD CONSTRAINT "StaffSeminar_seminarId_fkey" FOREIGN KEY ("seminarId") REFERENCES "Seminar"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccountToken" ADD CONSTRAINT "AccountToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "StaffUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_staffUserId_fkey" FOREIGN KEY ("staffUserId") REFERENCES "StaffUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Organizers used to see every program: they keep exactly that by being assigned all of them.
INSERT INTO "StaffProgram" ("userId", "programId")
SELECT "StaffUser"."id", "Program"."id" FROM "StaffUser" CROSS JOIN "Program" WHERE "StaffUser"."role" = 'ORGANIZER';
