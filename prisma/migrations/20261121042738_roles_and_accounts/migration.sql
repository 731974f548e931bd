-- AlterTable
ALTER TABLE "StaffSession" ADD COLUMN "userAgent" TEXT;

-- CreateTable
CREATE TABLE "StaffProgram" (
    "userId" TEXT NOT NULL,
    "programId" TEXT NOT NULL,

    PRIMARY KEY ("userId", "programId"),
    CONSTRAINT "StaffProgram_userId_fkey" FOREIGN KEY ("userId") REFERENCES "StaffUser" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "StaffProgram_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StaffSeminar" (
    "userId" TEXT NOT NULL,
    "seminarId" TEXT NOT NULL,

    PRIMARY KEY ("userId", "seminarId"),
    CONSTRAINT "StaffSeminar_userId_fkey" FOREIGN KEY ("userId") REFERENCES "StaffUser" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "StaffSeminar_seminarId_fkey" FOREIGN KEY ("seminarId") REFERENCES "Seminar" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AccountToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AccountToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "StaffUser" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_StaffUser" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT,
    "role" TEXT NOT NULL DEFAULT 'ADMIN',
    "disabledAt" DATETIME,
    "accessExpiresAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_StaffUser" ("createdAt", "email", "id", "name", "passwordHash", "role", "updatedAt") SELECT "createdAt", "email", "id", "name", "passwordHash", "role", "updatedAt" FROM "StaffUser";
DROP TABLE "StaffUser";
ALTER TABLE "new_StaffUser" RENAME TO "StaffUser";
CREATE UNIQUE INDEX "StaffUser_email_key" ON "StaffUser"("email");
CREATE TABLE "new_OutboxMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "seminarId" TEXT,
    "registrationId" TEXT,
    "staffUserId" TEXT,
    "sessionId" TEXT,
    "waitlistPosition" INTEGER,
    "subject" TEXT,
    "body" TEXT,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" DATETIME,
    "lastError" TEXT,
    "sentAt" DATETIME,
    "emlFile" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OutboxMessage_seminarId_fkey" FOREIGN KEY ("seminarId") REFERENCES "Seminar" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OutboxMessage_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OutboxMessage_staffUserId_fkey" FOREIGN KEY ("staffUserId") REFERENCES "StaffUser" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_OutboxMessage" ("attempts", "body", "createdAt", "createdById", "emlFile", "id", "kind", "lastError", "lockedUntil", "messageId", "nextAttemptAt", "registrationId", "seminarId", "sentAt", "sessionId", "status", "subject", "waitlistPosition") SELECT "attempts", "body", "createdAt", "createdById", "emlFile", "id", "kind", "lastError", "lockedUntil", "messageId", "nextAttemptAt", "registrationId", "seminarId", "sentAt", "sessionId", "status", "subject", "waitlistPosition" FROM "OutboxMessage";
DROP TABLE "OutboxMessage";
ALTER TABLE "new_OutboxMessage" RENAME TO "OutboxMessage";
CREATE UNIQUE INDEX "OutboxMessage_messageId_key" ON "OutboxMessage"("messageId");
CREATE INDEX "OutboxMessage_status_nextAttemptAt_idx" ON "OutboxMessage"("status", "nextAttemptAt");
CREATE INDEX "OutboxMessage_seminarId_status_idx" ON "OutboxMessage"("seminarId", "status");
CREATE INDEX "OutboxMessage_registrationId_idx" ON "OutboxMessage"("registrationId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "StaffProgram_programId_idx" ON "StaffProgram"("programId");

-- CreateIndex
CREATE INDEX "StaffSeminar_seminarId_idx" ON "StaffSeminar"("seminarId");

-- CreateIndex
CREATE INDEX "AccountToken_userId_idx" ON "AccountToken"("userId");

-- Read-only viewers become staff (the closest of the four roles; docs/decisions/0013).
UPDATE "StaffUser" SET "role" = 'STAFF' WHERE "role" = 'VIEWER';

-- Organizers used to see every program: they keep exactly that by being assigned all of them.
INSERT INTO "StaffProgram" ("userId", "programId")
SELECT "StaffUser"."id", "Program"."id" FROM "StaffUser" CROSS JOIN "Program" WHERE "StaffUser"."role" = 'ORGANIZER';
