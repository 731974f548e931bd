-- AlterTable
ALTER TABLE "Registration" ALTER COLUMN "inCity" DROP NOT NULL;

