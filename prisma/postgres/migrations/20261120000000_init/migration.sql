-- CreateEnum
CREATE TYPE "SeminarMode" AS ENUM ('IN_PERSON', 'ONLINE', 'HYBRID');

-- CreateEnum
CREATE TYPE "AttendanceMode" AS ENUM ('IN_PERSON', 'ONLINE');

-- CreateEnum
CREATE TYPE "SeminarStatus" AS ENUM ('DRAFT', 'PUBLISHED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "RegistrationStatus" AS ENUM ('CONFIRMED', 'WAITLISTED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "RegistrationSource" AS ENUM ('WEB', 'CONSOLE', 'WALK_IN', 'IMPORT');

-- CreateEnum
CREATE TYPE "CancelledBy" AS ENUM ('PARTICIPANT', 'ORGANIZER');

-- CreateEnum
CREATE TYPE "AttendanceSource" AS ENUM ('QR', 'SEARCH', 'WALK_IN', 'IMPORT', 'POST_HOC');

-- CreateEnum
CREATE TYPE "Language" AS ENUM ('ja', 'en');

-- CreateEnum
CREATE TYPE "AttendeeRole" AS ENUM ('PARTICIPANT', 'SPEAKER', 'STAFF');

-- CreateEnum
CREATE TYPE "IndicatorKind" AS ENUM ('ACTIVITY', 'OUTCOME');

-- CreateEnum
CREATE TYPE "CountingRule" AS ENUM ('PERSON_TIMES', 'UNIQUE_PERSONS', 'UNIQUE_ORGANIZATIONS', 'SESSIONS_HELD', 'REGISTRATIONS', 'MANUAL');

-- CreateEnum
CREATE TYPE "ModeScope" AS ENUM ('ALL', 'IN_PERSON', 'ONLINE');

-- CreateEnum
CREATE TYPE "FigureState" AS ENUM ('FINAL', 'ESTIMATE', 'COUNTING');

-- CreateEnum
CREATE TYPE "StaffRole" AS ENUM ('ADMIN', 'ORGANIZER', 'VIEWER');

-- CreateTable
CREATE TABLE "Program" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Program_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Seminar" (
    "id" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "titleEn" TEXT,
    "description" TEXT NOT NULL DEFAULT '',
    "category" TEXT NOT NULL,
    "status" "SeminarStatus" NOT NULL DEFAULT 'DRAFT',
    "mode" "SeminarMode" NOT NULL,
    "venueName" TEXT,
    "venueAddress" TEXT,
    "onlineUrl" TEXT,
    "capacityInPerson" INTEGER,
    "capacityOnline" INTEGER,
    "seatsTakenInPerson" INTEGER NOT NULL DEFAULT 0,
    "seatsTakenOnline" INTEGER NOT NULL DEFAULT 0,
    "queueVersion" INTEGER NOT NULL DEFAULT 0,
    "waitlistEnabled" BOOLEAN NOT NULL DEFAULT true,
    "registrationOpensAt" TIMESTAMP(3) NOT NULL,
    "registrationClosesAt" TIMESTAMP(3) NOT NULL,
    "minOnlineMinutes" INTEGER NOT NULL DEFAULT 30,
    "materialsUrl" TEXT,
    "publishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Seminar_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "seminarId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "venueName" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL,
    "emailNormalized" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "furigana" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Organization" (
    "id" TEXT NOT NULL,
    "identityKey" TEXT NOT NULL,
    "corporateNumber" TEXT,
    "name" TEXT NOT NULL,
    "normalizedName" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Registration" (
    "id" TEXT NOT NULL,
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
    "inCity" BOOLEAN NOT NULL,
    "mode" "AttendanceMode" NOT NULL,
    "status" "RegistrationStatus" NOT NULL,
    "waitlistPosition" INTEGER,
    "activeEmailKey" TEXT,
    "manageToken" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "submissionKey" TEXT,
    "language" "Language" NOT NULL DEFAULT 'ja',
    "source" "RegistrationSource" NOT NULL DEFAULT 'WEB',
    "promotedAt" TIMESTAMP(3),
    "role" "AttendeeRole" NOT NULL DEFAULT 'PARTICIPANT',
    "overCapacity" BOOLEAN NOT NULL DEFAULT false,
    "cancelledAt" TIMESTAMP(3),
    "cancelledBy" "CancelledBy",
    "cancelledByUserId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Registration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attendance" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "registrationId" TEXT NOT NULL,
    "mode" "AttendanceMode" NOT NULL,
    "source" "AttendanceSource" NOT NULL,
    "onlineMinutes" INTEGER,
    "checkedInAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "recordedById" TEXT,
    "importId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Attendance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttendanceImport" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "parsed" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "appliedAt" TIMESTAMP(3),

    CONSTRAINT "AttendanceImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffUser" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "StaffRole" NOT NULL DEFAULT 'ADMIN',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StaffUser_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffSession" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StaffSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginFailure" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoginFailure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Indicator" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT,
    "kind" "IndicatorKind" NOT NULL DEFAULT 'ACTIVITY',
    "unit" TEXT NOT NULL,
    "rule" "CountingRule" NOT NULL,
    "categories" TEXT NOT NULL DEFAULT '[]',
    "modeScope" "ModeScope" NOT NULL DEFAULT 'ALL',
    "cumulative" BOOLEAN NOT NULL DEFAULT false,
    "baseYear" INTEGER,
    "baseline" DOUBLE PRECISION,
    "note" TEXT NOT NULL DEFAULT '',
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Indicator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IndicatorProgram" (
    "indicatorId" TEXT NOT NULL,
    "programId" TEXT NOT NULL,

    CONSTRAINT "IndicatorProgram_pkey" PRIMARY KEY ("indicatorId","programId")
);

-- CreateTable
CREATE TABLE "IndicatorTarget" (
    "indicatorId" TEXT NOT NULL,
    "fiscalYear" INTEGER NOT NULL,
    "plan" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "IndicatorTarget_pkey" PRIMARY KEY ("indicatorId","fiscalYear")
);

-- CreateTable
CREATE TABLE "ManualFigure" (
    "id" TEXT NOT NULL,
    "indicatorId" TEXT NOT NULL,
    "fiscalYear" INTEGER NOT NULL,
    "month" INTEGER NOT NULL DEFAULT 0,
    "value" DOUBLE PRECISION NOT NULL,
    "state" "FigureState" NOT NULL DEFAULT 'FINAL',
    "note" TEXT NOT NULL DEFAULT '',
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ManualFigure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IndicatorTally" (
    "indicatorId" TEXT NOT NULL,
    "fiscalYear" INTEGER NOT NULL,
    "month" INTEGER NOT NULL,
    "memberKey" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "IndicatorTally_pkey" PRIMARY KEY ("indicatorId","fiscalYear","month","memberKey")
);

-- CreateTable
CREATE TABLE "IndicatorActual" (
    "indicatorId" TEXT NOT NULL,
    "fiscalYear" INTEGER NOT NULL,
    "personTimes" INTEGER NOT NULL DEFAULT 0,
    "persons" INTEGER NOT NULL DEFAULT 0,
    "organizations" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "IndicatorActual_pkey" PRIMARY KEY ("indicatorId","fiscalYear")
);

-- CreateTable
CREATE TABLE "FiscalYearClose" (
    "fiscalYear" INTEGER NOT NULL,
    "closedAt" TIMESTAMP(3) NOT NULL,
    "closedById" TEXT,
    "reopenedAt" TIMESTAMP(3),
    "reopenedById" TEXT,

    CONSTRAINT "FiscalYearClose_pkey" PRIMARY KEY ("fiscalYear")
);

-- CreateTable
CREATE TABLE "IndicatorSnapshot" (
    "indicatorId" TEXT NOT NULL,
    "fiscalYear" INTEGER NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "IndicatorSnapshot_pkey" PRIMARY KEY ("indicatorId","fiscalYear")
);

-- CreateTable
CREATE TABLE "IndicatorAdjustment" (
    "id" TEXT NOT NULL,
    "indicatorId" TEXT NOT NULL,
    "fiscalYear" INTEGER NOT NULL,
    "delta" DOUBLE PRECISION NOT NULL,
    "reason" TEXT NOT NULL,
    "acceptedById" TEXT,
    "acceptedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IndicatorAdjustment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Program_code_key" ON "Program"("code");

-- CreateIndex
CREATE INDEX "Seminar_status_registrationClosesAt_idx" ON "Seminar"("status", "registrationClosesAt");

-- CreateIndex
CREATE INDEX "Seminar_programId_idx" ON "Seminar"("programId");

-- CreateIndex
CREATE INDEX "Session_startsAt_idx" ON "Session"("startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "Session_seminarId_number_key" ON "Session"("seminarId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Person_emailNormalized_key" ON "Person"("emailNormalized");

-- CreateIndex
CREATE UNIQUE INDEX "Organization_identityKey_key" ON "Organization"("identityKey");

-- CreateIndex
CREATE UNIQUE INDEX "Organization_corporateNumber_key" ON "Organization"("corporateNumber");

-- CreateIndex
CREATE INDEX "Organization_normalizedName_idx" ON "Organization"("normalizedName");

-- CreateIndex
CREATE UNIQUE INDEX "Registration_manageToken_key" ON "Registration"("manageToken");

-- CreateIndex
CREATE UNIQUE INDEX "Registration_code_key" ON "Registration"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Registration_submissionKey_key" ON "Registration"("submissionKey");

-- CreateIndex
CREATE INDEX "Registration_seminarId_status_mode_waitlistPosition_idx" ON "Registration"("seminarId", "status", "mode", "waitlistPosition");

-- CreateIndex
CREATE INDEX "Registration_personId_idx" ON "Registration"("personId");

-- CreateIndex
CREATE INDEX "Registration_organizationId_idx" ON "Registration"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "Registration_seminarId_activeEmailKey_key" ON "Registration"("seminarId", "activeEmailKey");

-- CreateIndex
CREATE INDEX "Attendance_registrationId_idx" ON "Attendance"("registrationId");

-- CreateIndex
CREATE UNIQUE INDEX "Attendance_sessionId_registrationId_key" ON "Attendance"("sessionId", "registrationId");

-- CreateIndex
CREATE INDEX "AttendanceImport_sessionId_sha256_idx" ON "AttendanceImport"("sessionId", "sha256");

-- CreateIndex
CREATE UNIQUE INDEX "StaffUser_email_key" ON "StaffUser"("email");

-- CreateIndex
CREATE INDEX "StaffSession_userId_idx" ON "StaffSession"("userId");

-- CreateIndex
CREATE INDEX "LoginFailure_email_at_idx" ON "LoginFailure"("email", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_entityType_entityId_idx" ON "AuditEvent"("entityType", "entityId");

-- CreateIndex
CREATE UNIQUE INDEX "Indicator_code_key" ON "Indicator"("code");

-- CreateIndex
CREATE INDEX "IndicatorProgram_programId_idx" ON "IndicatorProgram"("programId");

-- CreateIndex
CREATE UNIQUE INDEX "ManualFigure_indicatorId_fiscalYear_month_key" ON "ManualFigure"("indicatorId", "fiscalYear", "month");

-- CreateIndex
CREATE INDEX "IndicatorTally_indicatorId_fiscalYear_memberKey_month_count_idx" ON "IndicatorTally"("indicatorId", "fiscalYear", "memberKey", "month", "count");

-- CreateIndex
CREATE INDEX "IndicatorAdjustment_indicatorId_fiscalYear_idx" ON "IndicatorAdjustment"("indicatorId", "fiscalYear");

-- AddForeignKey
ALTER TABLE "Seminar" ADD CONSTRAINT "Seminar_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_seminarId_fkey" FOREIGN KEY ("seminarId") REFERENCES "Seminar"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_seminarId_fkey" FOREIGN KEY ("seminarId") REFERENCES "Seminar"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attendance" ADD CONSTRAINT "Attendance_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attendance" ADD CONSTRAINT "Attendance_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attendance" ADD CONSTRAINT "Attendance_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "StaffUser"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attendance" ADD CONSTRAINT "Attendance_importId_fkey" FOREIGN KEY ("importId") REFERENCES "AttendanceImport"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttendanceImport" ADD CONSTRAINT "AttendanceImport_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttendanceImport" ADD CONSTRAINT "AttendanceImport_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "StaffUser"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffSession" ADD CONSTRAINT "StaffSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "StaffUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "StaffUser"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorProgram" ADD CONSTRAINT "IndicatorProgram_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorProgram" ADD CONSTRAINT "IndicatorProgram_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorTarget" ADD CONSTRAINT "IndicatorTarget_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ManualFigure" ADD CONSTRAINT "ManualFigure_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorTally" ADD CONSTRAINT "IndicatorTally_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorActual" ADD CONSTRAINT "IndicatorActual_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorSnapshot" ADD CONSTRAINT "IndicatorSnapshot_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorAdjustment" ADD CONSTRAINT "IndicatorAdjustment_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

