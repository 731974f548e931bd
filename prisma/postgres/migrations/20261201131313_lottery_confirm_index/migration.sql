-- CreateIndex
CREATE INDEX "Registration_confirmBy_idx" ON "Registration"("confirmBy");

