-- AlterEnum
ALTER TYPE "MessageKind" ADD VALUE 'REGISTRATION_CHANGED';

-- AlterTable
ALTER TABLE "Seminar" ADD COLUMN     "sessionChoice" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "RegistrationSession" (
    "registrationId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RegistrationSession_pkey" PRIMARY KEY ("registrationId","sessionId")
);

-- CreateIndex
CREATE INDEX "RegistrationSession_sessionId_idx" ON "RegistrationSession"("sessionId");

-- AddForeignKey
ALTER TABLE "RegistrationSession" ADD CONSTRAINT "RegistrationSession_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegistrationSession" ADD CONSTRAINT "RegistrationSession_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

