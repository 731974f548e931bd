-- CreateTable
CREATE TABLE "CertificateLayout" (
    "programId" TEXT NOT NULL PRIMARY KEY,
    "officeName" TEXT NOT NULL DEFAULT '',
    "attendanceTitle" TEXT NOT NULL DEFAULT '受講証明書',
    "completionTitle" TEXT NOT NULL DEFAULT '修了証',
    "body" TEXT NOT NULL DEFAULT '',
    "signerTitle" TEXT NOT NULL DEFAULT '',
    "signerName" TEXT NOT NULL DEFAULT '',
    "sealImage" BLOB,
    "sealType" TEXT,
    "dateStyle" TEXT NOT NULL DEFAULT 'ERA',
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CertificateLayout_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Certificate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "registrationId" TEXT NOT NULL,
    "seminarId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "issuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Certificate_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Certificate_seminarId_fkey" FOREIGN KEY ("seminarId") REFERENCES "Seminar" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
    "descriptionEn" TEXT,
    "venueNameEn" TEXT,
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
    "completionMinSessions" INTEGER,
    "publishedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "certificatesByMail" BOOLEAN NOT NULL DEFAULT false,
    "certificatesQueuedAt" DATETIME,
    CONSTRAINT "Seminar_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Seminar_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "Category" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Seminar" ("calendarSequence", "capacityInPerson", "capacityOnline", "categoryId", "completionMinSessions", "createdAt", "description", "descriptionEn", "id", "materialsUrl", "minOnlineMinutes", "mode", "onlineUrl", "programId", "publishedAt", "queueVersion", "registrationClosesAt", "registrationOpensAt", "seatsTakenInPerson", "seatsTakenOnline", "sessionChoice", "status", "thankYouQueuedAt", "title", "titleEn", "updatedAt", "venueAddress", "venueName", "venueNameEn", "waitlistEnabled") SELECT "calendarSequence", "capacityInPerson", "capacityOnline", "categoryId", "completionMinSessions", "createdAt", "description", "descriptionEn", "id", "materialsUrl", "minOnlineMinutes", "mode", "onlineUrl", "programId", "publishedAt", "queueVersion", "registrationClosesAt", "registrationOpensAt", "seatsTakenInPerson", "seatsTakenOnline", "sessionChoice", "status", "thankYouQueuedAt", "title", "titleEn", "updatedAt", "venueAddress", "venueName", "venueNameEn", "waitlistEnabled" FROM "Seminar";
DROP TABLE "Seminar";
ALTER TABLE "new_Seminar" RENAME TO "Seminar";
CREATE INDEX "Seminar_status_registrationClosesAt_idx" ON "Seminar"("status", "registrationClosesAt");
CREATE INDEX "Seminar_programId_idx" ON "Seminar"("programId");
CREATE INDEX "Seminar_categoryId_idx" ON "Seminar"("categoryId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_code_key" ON "Certificate"("code");

-- CreateIndex
CREATE INDEX "Certificate_seminarId_idx" ON "Certificate"("seminarId");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_registrationId_kind_key" ON "Certificate"("registrationId", "kind");

