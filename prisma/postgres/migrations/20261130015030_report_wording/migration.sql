-- AlterTable
ALTER TABLE "Program" ADD COLUMN     "reportCompanies" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "reportCounter" TEXT NOT NULL DEFAULT '名',
ADD COLUMN     "reportTotalWord" TEXT NOT NULL DEFAULT '延べ',
ADD COLUMN     "reportUniquePersons" BOOLEAN NOT NULL DEFAULT true;

