-- CreateTable
CREATE TABLE "RegistrationGroup" (
    "id" TEXT NOT NULL,
    "seminarId" TEXT NOT NULL,
    "submissionKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RegistrationGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegistrationGroupMember" (
    "registrationId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "RegistrationGroupMember_pkey" PRIMARY KEY ("registrationId")
);

-- CreateIndex
CREATE UNIQUE INDEX "RegistrationGroup_submissionKey_key" ON "RegistrationGroup"("submissionKey");

-- CreateIndex
CREATE INDEX "RegistrationGroup_seminarId_idx" ON "RegistrationGroup"("seminarId");

-- CreateIndex
CREATE UNIQUE INDEX "RegistrationGroupMember_groupId_position_key" ON "RegistrationGroupMember"("groupId", "position");

-- AddForeignKey
ALTER TABLE "RegistrationGroup" ADD CONSTRAINT "RegistrationGroup_seminarId_fkey" FOREIGN KEY ("seminarId") REFERENCES "Seminar"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegistrationGroupMember" ADD CONSTRAINT "RegistrationGroupMember_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegistrationGroupMember" ADD CONSTRAINT "RegistrationGroupMember_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "RegistrationGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

