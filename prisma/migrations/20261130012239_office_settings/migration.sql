-- CreateTable
CREATE TABLE "OfficeSetting" (
    "id" TEXT NOT NULL PRIMARY KEY DEFAULT 'office',
    "bandsEnabled" BOOLEAN NOT NULL DEFAULT false,
    "bandA" REAL NOT NULL DEFAULT 110,
    "bandB" REAL NOT NULL DEFAULT 80,
    "bandC" REAL NOT NULL DEFAULT 50,
    "updatedById" TEXT,
    "updatedAt" DATETIME NOT NULL
);

