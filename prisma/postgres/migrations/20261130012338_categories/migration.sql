
-- CreateTable
CREATE TABLE "Category" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Category_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IndicatorCategory" (
    "indicatorId" TEXT NOT NULL,
    "categoryId" TEXT NOT NULL,

    CONSTRAINT "IndicatorCategory_pkey" PRIMARY KEY ("indicatorId","categoryId")
);

-- CreateTable
CREATE TABLE "IndicatorSeminar" (
    "indicatorId" TEXT NOT NULL,
    "seminarId" TEXT NOT NULL,

    CONSTRAINT "IndicatorSeminar_pkey" PRIMARY KEY ("indicatorId","seminarId")
);

-- AlterTable
ALTER TABLE "Seminar" ADD COLUMN     "categoryId" TEXT;

-- Data (docs/decisions/0016-categories.md): one category per distinct free-text value across
-- seminars and indicator scopes, NFKC-normalized and trimmed (「セミナー」 and 「セミナー 」 are one;
-- an empty value becomes 「未分類」), the same rule as the SQLite migration's.
CREATE FUNCTION pg_temp.jisseki_category_name(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT COALESCE(NULLIF(regexp_replace(normalize(COALESCE(v, ''), NFKC), '^\s+|\s+$', '', 'g'), ''), '未分類')
$$;
INSERT INTO "Category" ("id", "name", "sortOrder", "createdAt", "updatedAt")
SELECT 'c' || substr(md5(random()::text || "name"), 1, 24), "name", (row_number() OVER (ORDER BY "name" COLLATE "C")) - 1, now(), now()
FROM (
  SELECT DISTINCT pg_temp.jisseki_category_name("value") AS "name" FROM (
    SELECT "category" AS "value" FROM "Seminar"
    UNION
    SELECT j."value" FROM "Indicator", json_array_elements_text("Indicator"."categories"::json) AS j("value")
  ) AS "raw"
) AS "names";
UPDATE "Seminar" SET "categoryId" = "Category"."id"
FROM "Category" WHERE "Category"."name" = pg_temp.jisseki_category_name("Seminar"."category");
INSERT INTO "IndicatorCategory" ("indicatorId", "categoryId")
SELECT DISTINCT "Indicator"."id", "Category"."id"
FROM "Indicator", json_array_elements_text("Indicator"."categories"::json) AS j("value"), "Category"
WHERE "Category"."name" = pg_temp.jisseki_category_name(j."value");
DROP FUNCTION pg_temp.jisseki_category_name(text);

-- AlterTable
ALTER TABLE "Seminar" DROP COLUMN "category";

-- AlterTable
ALTER TABLE "Indicator" DROP COLUMN "categories";

-- CreateIndex
CREATE UNIQUE INDEX "Category_name_key" ON "Category"("name");

-- CreateIndex
CREATE INDEX "IndicatorCategory_categoryId_idx" ON "IndicatorCategory"("categoryId");

-- CreateIndex
CREATE INDEX "IndicatorSeminar_seminarId_idx" ON "IndicatorSeminar"("seminarId");

-- CreateIndex
CREATE INDEX "Seminar_categoryId_idx" ON "Seminar"("categoryId");

-- AddForeignKey
ALTER TABLE "Seminar" ADD CONSTRAINT "Seminar_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "Category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorCategory" ADD CONSTRAINT "IndicatorCategory_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorCategory" ADD CONSTRAINT "IndicatorCategory_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "Category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorSeminar" ADD CONSTRAINT "IndicatorSeminar_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorSeminar" ADD CONSTRAINT "IndicatorSeminar_seminarId_fkey" FOREIGN KEY ("seminarId") REFERENCES "Seminar"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

