-- CreateEnum
CREATE TYPE "CertificateKind" AS ENUM ('ATTENDANCE', 'COMPLETION');

-- AlterEnum
ALTER TYPE "MessageKind" ADD VALUE 'CERTIFICATE';

-- AlterTable
ALTER TABLE "Seminar" ADD COLUMN     "certificatesByMail" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "certificatesQueuedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "CertificateLayout" (
    "programId" TEXT NOT NULL,
    "officeName" TEXT NOT NULL DEFAULT '',
    "attendanceTitle" TEXT NOT NULL DEFAULT '受講証明書',
    "completionTitle" TEXT NOT NULL DEFAULT '修了証',
    "body" TEXT NOT NULL DEFAULT '',
    "signerTitle" TEXT NOT NULL DEFAULT '',
    "signerName" TEXT NOT NULL DEFAULT '',
    "sealImage" BYTEA,
    "sealType" TEXT,
    "dateStyle" TEXT NOT NULL DEFAULT 'ERA',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CertificateLayout_pkey" PRIMARY KEY ("programId")
);

-- CreateTable
CREATE TABLE "Certificate" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "registrationId" TEXT NOT NULL,
    "seminarId" TEXT NOT NULL,
    "kind" "CertificateKind" NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Certificate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_code_key" ON "Certificate"("code");

-- CreateIndex
CREATE INDEX "Certificate_seminarId_idx" ON "Certificate"("seminarId");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_registrationId_kind_key" ON "Certificate"("registrationId", "kind");

-- AddForeignKey
ALTER TABLE "CertificateLayout" ADD CONSTRAINT "CertificateLayout_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_seminarId_fkey" FOREIGN KEY ("seminarId") REFERENCES "Seminar"("id") ON DELETE CASCADE ON UPDATE CASCADE;

