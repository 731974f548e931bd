-- CreateTable
CREATE TABLE "IndicatorMonthly" (
    "indicatorId" TEXT NOT NULL,
    "fiscalYear" INTEGER NOT NULL,
    "fiscalMonth" INTEGER NOT NULL,
    "personTimes" INTEGER NOT NULL DEFAULT 0,
    "persons" INTEGER NOT NULL DEFAULT 0,
    "organizations" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("indicatorId", "fiscalYear", "fiscalMonth"),
    CONSTRAINT "IndicatorMonthly_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_IndicatorActual" (
    "indicatorId" TEXT NOT NULL,
    "fiscalYear" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "newPersons" INTEGER NOT NULL DEFAULT 0,
    "newOrganizations" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("indicatorId", "fiscalYear"),
    CONSTRAINT "IndicatorActual_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_IndicatorActual" ("fiscalYear", "indicatorId", "version") SELECT "fiscalYear", "indicatorId", "version" FROM "IndicatorActual";
DROP TABLE "IndicatorActual";
ALTER TABLE "new_IndicatorActual" RENAME TO "IndicatorActual";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "IndicatorTally_indicatorId_memberKey_fiscalYear_count_idx" ON "IndicatorTally"("indicatorId", "memberKey", "fiscalYear", "count");


-- Backfill from the tallies already kept: person-times per month, and each member in the month
-- it first counted in its fiscal year.
INSERT INTO "IndicatorMonthly" ("indicatorId", "fiscalYear", "fiscalMonth", "personTimes", "persons", "organizations")
SELECT t."indicatorId", t."fiscalYear", t."fm", SUM(CASE WHEN t."memberKey" LIKE 'P:%' THEN t."count" ELSE 0 END), 0, 0
FROM (
    SELECT "indicatorId", "fiscalYear", "memberKey", "count",
        CASE WHEN "month" >= 4 THEN "month" - 4 ELSE "month" + 8 END AS "fm"
    FROM "IndicatorTally"
) t
GROUP BY t."indicatorId", t."fiscalYear", t."fm";

UPDATE "IndicatorMonthly" SET
    "persons" = (
        SELECT COUNT(*) FROM (
            SELECT "indicatorId", "fiscalYear", MIN(CASE WHEN "month" >= 4 THEN "month" - 4 ELSE "month" + 8 END) AS "fm"
            FROM "IndicatorTally" WHERE "count" > 0 AND "memberKey" LIKE 'P:%'
            GROUP BY "indicatorId", "fiscalYear", "memberKey"
        ) f
        WHERE f."indicatorId" = "IndicatorMonthly"."indicatorId" AND f."fiscalYear" = "IndicatorMonthly"."fiscalYear"
            AND f."fm" = "IndicatorMonthly"."fiscalMonth"
    ),
    "organizations" = (
        SELECT COUNT(*) FROM (
            SELECT "indicatorId", "fiscalYear", MIN(CASE WHEN "month" >= 4 THEN "month" - 4 ELSE "month" + 8 END) AS "fm"
            FROM "IndicatorTally" WHERE "count" > 0 AND "memberKey" LIKE 'O:%'
            GROUP BY "indicatorId", "fiscalYear", "memberKey"
        ) f
        WHERE f."indicatorId" = "IndicatorMonthly"."indicatorId" AND f."fiscalYear" = "IndicatorMonthly"."fiscalYear"
            AND f."fm" = "IndicatorMonthly"."fiscalMonth"
    );

-- Cumulative unique indicators: each member in the first fiscal year it counted since the base year.
UPDATE "IndicatorActual" SET
    "newPersons" = (
        SELECT COUNT(*) FROM (
            SELECT t."indicatorId", MIN(t."fiscalYear") AS "fy"
            FROM "IndicatorTally" t JOIN "Indicator" i ON i."id" = t."indicatorId"
            WHERE i."cumulative" AND i."baseYear" IS NOT NULL AND t."fiscalYear" >= i."baseYear"
                AND t."count" > 0 AND t."memberKey" LIKE 'P:%'
            GROUP BY t."indicatorId", t."memberKey"
        ) f
        WHERE f."indicatorId" = "IndicatorActual"."indicatorId" AND f."fy" = "IndicatorActual"."fiscalYear"
    ),
    "newOrganizations" = (
        SELECT COUNT(*) FROM (
            SELECT t."indicatorId", MIN(t."fiscalYear") AS "fy"
            FROM "IndicatorTally" t JOIN "Indicator" i ON i."id" = t."indicatorId"
            WHERE i."cumulative" AND i."baseYear" IS NOT NULL AND t."fiscalYear" >= i."baseYear"
                AND t."count" > 0 AND t."memberKey" LIKE 'O:%'
            GROUP BY t."indicatorId", t."memberKey"
        ) f
        WHERE f."indicatorId" = "IndicatorActual"."indicatorId" AND f."fy" = "IndicatorActual"."fiscalYear"
    );
