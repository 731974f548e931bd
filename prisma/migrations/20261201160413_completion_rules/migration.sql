-- AlterTable
ALTER TABLE "Seminar" ADD COLUMN "completionMinSessions" INTEGER;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "seminarId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT,
    "titleEn" TEXT,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "venueName" TEXT,
    "reminderQueuedAt" DATETIME,
    "requiredForCompletion" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Session_seminarId_fkey" FOREIGN KEY ("seminarId") REFERENCES "Seminar" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Session" ("createdAt", "endsAt", "id", "number", "reminderQueuedAt", "seminarId", "startsAt", "title", "titleEn", "updatedAt", "venueName") SELECT "createdAt", "endsAt", "id", "number", "reminderQueuedAt", "seminarId", "startsAt", "title", "titleEn", "updatedAt", "venueName" FROM "Session";
DROP TABLE "Session";
ALTER TABLE "new_Session" RENAME TO "Session";
CREATE INDEX "Session_startsAt_idx" ON "Session"("startsAt");
CREATE UNIQUE INDEX "Session_seminarId_number_key" ON "Session"("seminarId", "number");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

