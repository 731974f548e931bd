-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "identityHash" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Person_identityHash_key" ON "Person"("identityHash");

