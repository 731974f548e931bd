-- AlterEnum
ALTER TYPE "CountingRule" ADD VALUE 'COMPLETERS';

-- AlterTable
ALTER TABLE "Seminar" ADD COLUMN     "completionMinSessions" INTEGER;

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "requiredForCompletion" BOOLEAN NOT NULL DEFAULT false;

