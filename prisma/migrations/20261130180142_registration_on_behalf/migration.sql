-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Registration" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "seminarId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "organizationId" TEXT,
    "name" TEXT NOT NULL,
    "furigana" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emailNormalized" TEXT NOT NULL,
    "organizationName" TEXT,
    "corporateNumber" TEXT,
    "industry" TEXT,
    "inCity" BOOLEAN,
    "mode" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "waitlistPosition" INTEGER,
    "activeEmailKey" TEXT,
    "manageToken" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "checkinToken" TEXT,
    "submissionKey" TEXT,
    "language" TEXT NOT NULL DEFAULT 'ja',
    "source" TEXT NOT NULL DEFAULT 'WEB',
    "phone" TEXT,
    "enteredById" TEXT,
    "promotedAt" DATETIME,
    "role" TEXT NOT NULL DEFAULT 'PARTICIPANT',
    "overCapacity" BOOLEAN NOT NULL DEFAULT false,
    "cancelledAt" DATETIME,
    "cancelledBy" TEXT,
    "cancelledByUserId" TEXT,
    "consentedAt" DATETIME,
    "privacyVersion" TEXT,
    "anonymizedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Registration_seminarId_fkey" FOREIGN KEY ("seminarId") REFERENCES "Seminar" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Registration_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Registration_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Registration_enteredById_fkey" FOREIGN KEY ("enteredById") REFERENCES "StaffUser" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Registration" ("activeEmailKey", "anonymizedAt", "cancelledAt", "cancelledBy", "cancelledByUserId", "checkinToken", "code", "consentedAt", "corporateNumber", "createdAt", "email", "emailNormalized", "furigana", "id", "inCity", "industry", "language", "manageToken", "mode", "name", "organizationId", "organizationName", "overCapacity", "personId", "privacyVersion", "promotedAt", "role", "seminarId", "source", "status", "submissionKey", "updatedAt", "waitlistPosition") SELECT "activeEmailKey", "anonymizedAt", "cancelledAt", "cancelledBy", "cancelledByUserId", "checkinToken", "code", "consentedAt", "corporateNumber", "createdAt", "email", "emailNormalized", "furigana", "id", "inCity", "industry", "language", "manageToken", "mode", "name", "organizationId", "organizationName", "overCapacity", "personId", "privacyVersion", "promotedAt", "role", "seminarId", "source", "status", "submissionKey", "updatedAt", "waitlistPosition" FROM "Registration";
DROP TABLE "Registration";
ALTER TABLE "new_Registration" RENAME TO "Registration";
CREATE UNIQUE INDEX "Registration_manageToken_key" ON "Registration"("manageToken");
CREATE UNIQUE INDEX "Registration_code_key" ON "Registration"("code");
CREATE UNIQUE INDEX "Registration_checkinToken_key" ON "Registration"("checkinToken");
CREATE UNIQUE INDEX "Registration_submissionKey_key" ON "Registration"("submissionKey");
CREATE INDEX "Registration_seminarId_status_mode_waitlistPosition_idx" ON "Registration"("seminarId", "status", "mode", "waitlistPosition");
CREATE INDEX "Registration_personId_idx" ON "Registration"("personId");
CREATE INDEX "Registration_organizationId_idx" ON "Registration"("organizationId");
CREATE UNIQUE INDEX "Registration_seminarId_activeEmailKey_key" ON "Registration"("seminarId", "activeEmailKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

