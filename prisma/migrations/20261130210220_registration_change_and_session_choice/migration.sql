-- CreateTable
CREATE TABLE "RegistrationSession" (
    "registrationId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("registrationId", "sessionId"),
    CONSTRAINT "RegistrationSession_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RegistrationSession_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Seminar" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "programId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "titleEn" TEXT,
    "description" TEXT NOT NULL DEFAULT '',
    "categoryId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "mode" TEXT NOT NULL,
    "venueName" TEXT,
    "venueAddress" TEXT,
    "onlineUrl" TEXT,
    "capacityInPerson" INTEGER,
    "capacityOnline" INTEGER,
    "seatsTakenInPerson" INTEGER NOT NULL DEFAULT 0,
    "seatsTakenOnline" INTEGER NOT NULL DEFAULT 0,
    "queueVersion" INTEGER NOT NULL DEFAULT 0,
    "waitlistEnabled" BOOLEAN NOT NULL DEFAULT true,
    "registrationOpensAt" DATETIME NOT NULL,
    "registrationClosesAt" DATETIME NOT NULL,
    "minOnlineMinutes" INTEGER NOT NULL DEFAULT 30,
    "materialsUrl" TEXT,
    "calendarSequence" INTEGER NOT NULL DEFAULT 0,
    "thankYouQueuedAt" DATETIME,
    "sessionChoice" BOOLEAN NOT NULL DEFAULT false,
    "publishedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Seminar_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Seminar_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "Category" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Seminar" ("calendarSequence", "capacityInPerson", "capacityOnline", "categoryId", "createdAt", "description", "id", "materialsUrl", "minOnlineMinutes", "mode", "onlineUrl", "programId", "publishedAt", "queueVersion", "registrationClosesAt", "registrationOpensAt", "seatsTakenInPerson", "seatsTakenOnline", "status", "thankYouQueuedAt", "title", "titleEn", "updatedAt", "venueAddress", "venueName", "waitlistEnabled") SELECT "calendarSequence", "capacityInPerson", "capacityOnline", "categoryId", "createdAt", "description", "id", "materialsUrl", "minOnlineMinutes", "mode", "onlineUrl", "programId", "publishedAt", "queueVersion", "registrationClosesAt", "registrationOpensAt", "seatsTakenInPerson", "seatsTakenOnline", "status", "thankYouQueuedAt", "title", "titleEn", "updatedAt", "venueAddress", "venueName", "waitlistEnabled" FROM "Seminar";
DROP TABLE "Seminar";
ALTER TABLE "new_Seminar" RENAME TO "Seminar";
CREATE INDEX "Seminar_status_registrationClosesAt_idx" ON "Seminar"("status", "registrationClosesAt");
CREATE INDEX "Seminar_programId_idx" ON "Seminar"("programId");
CREATE INDEX "Seminar_categoryId_idx" ON "Seminar"("categoryId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "RegistrationSession_sessionId_idx" ON "RegistrationSession"("sessionId");

