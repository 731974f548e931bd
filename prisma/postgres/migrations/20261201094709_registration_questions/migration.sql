-- CreateEnum
CREATE TYPE "QuestionForm" AS ENUM ('REGISTRATION', 'SURVEY');

-- CreateEnum
CREATE TYPE "QuestionKind" AS ENUM ('SHORT_TEXT', 'LONG_TEXT', 'ONE_CHOICE', 'MANY_CHOICES', 'YES_NO', 'NUMBER', 'SATISFACTION');

-- CreateTable
CREATE TABLE "Question" (
    "id" TEXT NOT NULL,
    "seminarId" TEXT,
    "programId" TEXT,
    "form" "QuestionForm" NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" "QuestionKind" NOT NULL,
    "label" TEXT NOT NULL,
    "labelEn" TEXT,
    "choices" TEXT NOT NULL DEFAULT '[]',
    "asSelect" BOOLEAN NOT NULL DEFAULT false,
    "required" BOOLEAN NOT NULL DEFAULT false,
    "retiredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Question_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Answer" (
    "id" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "registrationId" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "questionLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Answer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Question_seminarId_form_position_idx" ON "Question"("seminarId", "form", "position");

-- CreateIndex
CREATE INDEX "Question_programId_form_position_idx" ON "Question"("programId", "form", "position");

-- CreateIndex
CREATE INDEX "Answer_registrationId_idx" ON "Answer"("registrationId");

-- CreateIndex
CREATE UNIQUE INDEX "Answer_questionId_registrationId_key" ON "Answer"("questionId", "registrationId");

-- AddForeignKey
ALTER TABLE "Question" ADD CONSTRAINT "Question_seminarId_fkey" FOREIGN KEY ("seminarId") REFERENCES "Seminar"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Question" ADD CONSTRAINT "Question_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Answer" ADD CONSTRAINT "Answer_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Answer" ADD CONSTRAINT "Answer_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

