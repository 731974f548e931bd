-- AlterTable
ALTER TABLE "Program" ADD COLUMN     "retentionYears" INTEGER NOT NULL DEFAULT 3;

-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "anonymizedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Registration" ADD COLUMN     "anonymizedAt" TIMESTAMP(3),
ADD COLUMN     "consentedAt" TIMESTAMP(3),
ADD COLUMN     "privacyVersion" TEXT;

-- CreateTable
CREATE TABLE "RateLimitHit" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RateLimitHit_pkey" PRIMARY KEY ("key","windowStart")
);

