-- CreateTable
CREATE TABLE "SpreadsheetImport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "seminarId" TEXT,
    "programId" TEXT,
    "categoryId" TEXT,
    "fileName" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "headers" TEXT NOT NULL,
    "rows" TEXT NOT NULL,
    "mapping" TEXT,
    "sendMail" BOOLEAN NOT NULL DEFAULT false,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "appliedAt" DATETIME,
    "appliedById" TEXT,
    "summary" TEXT,
    "undoneAt" DATETIME,
    "undoneById" TEXT
);

-- CreateTable
CREATE TABLE "SpreadsheetImportItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "importId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    CONSTRAINT "SpreadsheetImportItem_importId_fkey" FOREIGN KEY ("importId") REFERENCES "SpreadsheetImport" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ImportPreset" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "signature" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "mapping" TEXT NOT NULL,
    "savedById" TEXT,
    "savedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "SpreadsheetImport_seminarId_createdAt_idx" ON "SpreadsheetImport"("seminarId", "createdAt");

-- CreateIndex
CREATE INDEX "SpreadsheetImport_programId_createdAt_idx" ON "SpreadsheetImport"("programId", "createdAt");

-- CreateIndex
CREATE INDEX "SpreadsheetImport_sha256_idx" ON "SpreadsheetImport"("sha256");

-- CreateIndex
CREATE INDEX "SpreadsheetImportItem_importId_idx" ON "SpreadsheetImportItem"("importId");

-- CreateIndex
CREATE INDEX "SpreadsheetImportItem_kind_entityId_idx" ON "SpreadsheetImportItem"("kind", "entityId");

-- CreateIndex
CREATE UNIQUE INDEX "ImportPreset_signature_key" ON "ImportPreset"("signature");

