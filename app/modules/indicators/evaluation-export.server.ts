import type { Db } from '~/utils/db.server'
import { translator, type Lang } from '~/utils/i18n'
import { csvStream, xlsxStream, type Row, type SheetColumn } from '../exports/tabular.server'
import { fiscalYearLabel } from './fiscal-year'
import { evaluationSheet, multiYearActuals } from './indicators.server'

/*
 * The evaluation-sheet layouts (事業評価調書): per indicator the previous year's actual, this
 * year's plan and actual, next year's plan; and the multi-year variant, one column per year.
 * The figures are those of the dashboard (closed years frozen, with their adjustments).
 */

type Table = { name: string; columns: SheetColumn[]; rows: Row[] }

async function* iterate(rows: Row[]) {
  yield* rows
}

export async function evaluationTable(db: Db, fiscalYear: number, lang: Lang): Promise<Table> {
  const t = translator(lang)
  const label = (fy: number) => fiscalYearLabel(fy, lang)
  const rows = await evaluationSheet(db, fiscalYear)
  return {
    name: `${t('ind.title')} ${label(fiscalYear)}`,
    columns: [
      { header: t('eval.program'), width: 28 },
      { header: t('eval.indicator'), width: 44 },
      { header: t('eval.kind'), width: 12 },
      { header: t('eval.unit'), width: 8 },
      { header: `${t('eval.previousActual')}（${label(fiscalYear - 1)}）`, width: 18, numFmt: '#,##0.##' },
      { header: `${t('eval.plan')}（${label(fiscalYear)}）`, width: 18, numFmt: '#,##0.##' },
      { header: `${t('eval.actual')}（${label(fiscalYear)}）`, width: 18, numFmt: '#,##0.##' },
      { header: `${t('eval.nextPlan')}（${label(fiscalYear + 1)}）`, width: 18, numFmt: '#,##0.##' },
      { header: t('eval.state'), width: 10 },
    ],
    rows: rows.map((r) => [
      r.programs,
      lang === 'en' && r.indicator.nameEn ? r.indicator.nameEn : r.indicator.name,
      t(`ind.kind.${r.indicator.kind}`),
      r.indicator.unit,
      r.previousActual,
      r.plan,
      r.actual.actual,
      r.nextPlan,
      t(`ind.state.${r.actual.state}`),
    ]),
  }
}

export async function multiYearTable(db: Db, fiscalYear: number, lang: Lang, span = 5): Promise<Table> {
  const t = translator(lang)
  const years = Array.from({ length: span }, (_, i) => fiscalYear - span + 1 + i)
  const rows = await multiYearActuals(db, years)
  return {
    name: `${t('ind.title')} ${fiscalYearLabel(years[0], lang)}–${fiscalYearLabel(fiscalYear, lang)}`,
    columns: [
      { header: t('eval.program'), width: 28 },
      { header: t('eval.indicator'), width: 44 },
      { header: t('eval.unit'), width: 8 },
      { header: t('ind.baseline'), width: 12, numFmt: '#,##0.##' },
      ...years.map((fy) => ({ header: fiscalYearLabel(fy, lang), width: 14, numFmt: '#,##0.##' })),
    ],
    rows: rows.map((r) => [
      r.programs,
      lang === 'en' && r.indicator.nameEn ? r.indicator.nameEn : r.indicator.name,
      r.indicator.unit,
      r.indicator.baseline,
      ...r.actuals,
    ]),
  }
}

export function tableCsv(table: Table) {
  return csvStream(
    table.columns.map((c) => c.header),
    iterate(table.rows),
  )
}

export function tableXlsx(table: Table) {
  // Sheet names are limited to 31 characters in Excel.
  return xlsxStream([{ name: table.name.slice(0, 31), columns: table.columns, rows: iterate(table.rows) }])
}
