-- CreateTable
CREATE TABLE "OfficeSetting" (
    "id" TEXT NOT NULL DEFAULT 'office',
    "bandsEnabled" BOOLEAN NOT NULL DEFAULT false,
    "bandA" DOUBLE PRECISION NOT NULL DEFAULT 110,
    "bandB" DOUBLE PRECISION NOT NULL DEFAULT 80,
    "bandC" DOUBLE PRECISION NOT NULL DEFAULT 50,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OfficeSetting_pkey" PRIMARY KEY ("id")
);

