-- AlterTable
ALTER TABLE "Seminar" ADD COLUMN "descriptionEn" TEXT;
ALTER TABLE "Seminar" ADD COLUMN "venueNameEn" TEXT;

-- AlterTable
ALTER TABLE "Session" ADD COLUMN "titleEn" TEXT;

