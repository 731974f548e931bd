-- AlterTable
ALTER TABLE "Certificate" ADD COLUMN     "holderName" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "holderOrganization" TEXT,
ADD COLUMN     "pdf" BYTEA,
ADD COLUMN     "seminarTitle" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "snapshot" TEXT NOT NULL DEFAULT '{}';

