-- AlterTable
ALTER TABLE "Seminar" ADD COLUMN     "descriptionEn" TEXT,
ADD COLUMN     "venueNameEn" TEXT;

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "titleEn" TEXT;

