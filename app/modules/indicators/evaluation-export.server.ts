import type { Db } from '~/utils/db.server'
import type { Lang } from '~/utils/i18n'
import { translator } from '~/utils/i18n.server'
import type { Download, ExportFormat } from '../exports/download.server'
import { csvStream, xlsxStream, type Row, type SheetColumn } from '../exports/tabular.server'
import type { FigureState } from '~/generated/prisma/client'
import { achievementBand } from './achievement'
import { fiscalYearLabel } from '~/utils/time'
import { evaluationSheet, multiYearActuals } from './indicators.server'
import { achievementBands } from './office-settings.server'
import { signedNumber } from './signed-number'
import { currentTime } from '~/utils/clock.server'

/*
 * The evaluation-sheet layouts (事業評価調書): per indicator the previous year's actual, this
 * year's plan and actual, next year's plan; and the multi-year variant, one column per year.
 * The figures are those of the dashboard (closed years frozen, with their adjustments).
 */

export type Table = { name: string; columns: SheetColumn[]; rows: Row[] }

async function* iterate(rows: Row[]) {
  yield* rows
}

/** The state cell: 確定 / 見込 / 集計中, with 「手入力」 when the figure was entered by hand. */
function stateCell(t: ReturnType<typeof translator>, state: FigureState, manual: boolean) {
  const label = t(`ind.state.${state}`)
  return manual ? t('plans.stateHandEntered', { state: label }) : label
}

const RATE_FORMAT = '0.0'

/**
 * What a closed year's figure carries beside it (docs/decisions/0018-closed-years.md): the
 * difference waiting since the close, and the adjustments accepted with their reasons.
 */
function closedNotes(
  t: ReturnType<typeof translator>,
  year: string,
  figure: { pending: number; adjustments: { delta: number; reason: string }[] },
): string[] {
  return [
    ...(figure.pending !== 0 ? [`${year} ${t('close.notePending', { delta: signedNumber(figure.pending) })}`] : []),
    ...figure.adjustments.map(
      (a) => `${year} ${t('close.noteAdjusted', { delta: signedNumber(a.delta), reason: a.reason })}`,
    ),
  ]
}

/**
 * Columns: program, indicator, kind, unit, previous actual, plan, actual, 達成率 (%), 達成度区分
 * (when the office turned the bands on), next plan, state (確定 only for a closed year), and which
 * figures were entered by hand. Years without data are blank cells, never 0.
 */
export async function evaluationTable(db: Db, fiscalYear: number, lang: Lang, now = currentTime()): Promise<Table> {
  const t = translator(lang)
  const label = (fy: number) => fiscalYearLabel(fy, lang)
  const [rows, bands] = await Promise.all([evaluationSheet(db, fiscalYear, now), achievementBands(db)])
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
      { header: t('plans.rate'), width: 12, numFmt: RATE_FORMAT },
      ...(bands.bandsEnabled ? [{ header: t('plans.band'), width: 10 }] : []),
      { header: `${t('eval.nextPlan')}（${label(fiscalYear + 1)}）`, width: 18, numFmt: '#,##0.##' },
      { header: t('eval.state'), width: 10 },
      { header: t('plans.handEntered'), width: 24 },
      { header: t('close.noteColumn'), width: 40 },
    ],
    rows: rows.map((r) => [
      r.programs,
      lang === 'en' && r.indicator.nameEn ? r.indicator.nameEn : r.indicator.name,
      t(`ind.kind.${r.indicator.kind}`),
      r.indicator.unit,
      r.previousActual,
      r.plan,
      r.actual.actual,
      r.rate,
      ...(bands.bandsEnabled ? [achievementBand(r.rate, bands)] : []),
      r.nextPlan,
      t(`ind.state.${r.state}`),
      [
        r.previous.manual && r.previous.actual !== null ? t('eval.previousActual') : null,
        r.actual.manual && r.actual.actual !== null ? t('eval.actual') : null,
      ]
        .filter(Boolean)
        .join(t('plans.listSeparator')) || null,
      [...closedNotes(t, label(fiscalYear - 1), r.previous), ...closedNotes(t, label(fiscalYear), r.actual)].join(
        ' / ',
      ) || null,
    ]),
  }
}

/**
 * Per indicator, for each year: plan, actual, 達成率 (%), 達成度区分 (when on) and state (with
 * 「手入力」 for a figure entered by hand). Years without data are blank.
 */
export async function multiYearTable(
  db: Db,
  fiscalYear: number,
  lang: Lang,
  span = 5,
  now = currentTime(),
): Promise<Table> {
  const t = translator(lang)
  const years = Array.from({ length: span }, (_, i) => fiscalYear - span + 1 + i)
  const [rows, bands] = await Promise.all([multiYearActuals(db, years, now), achievementBands(db)])
  return {
    name: `${t('ind.title')} ${fiscalYearLabel(years[0], lang)}–${fiscalYearLabel(fiscalYear, lang)}`,
    columns: [
      { header: t('eval.program'), width: 28 },
      { header: t('eval.indicator'), width: 44 },
      { header: t('eval.unit'), width: 8 },
      { header: t('ind.baseline'), width: 12, numFmt: '#,##0.##' },
      ...years.flatMap((fy) => {
        const year = fiscalYearLabel(fy, lang)
        return [
          { header: t('plans.yearPlan', { year }), width: 14, numFmt: '#,##0.##' },
          { header: t('plans.yearActual', { year }), width: 14, numFmt: '#,##0.##' },
          { header: t('plans.yearRate', { year }), width: 14, numFmt: RATE_FORMAT },
          ...(bands.bandsEnabled ? [{ header: t('plans.yearBand', { year }), width: 10 }] : []),
          { header: t('plans.yearState', { year }), width: 16 },
        ]
      }),
      { header: t('close.noteColumn'), width: 40 },
    ],
    rows: rows.map((r) => [
      r.programs,
      lang === 'en' && r.indicator.nameEn ? r.indicator.nameEn : r.indicator.name,
      r.indicator.unit,
      r.indicator.baseline,
      ...years.flatMap((_, k) => [
        r.plans[k],
        r.actuals[k],
        r.rates[k],
        ...(bands.bandsEnabled ? [achievementBand(r.rates[k], bands)] : []),
        stateCell(t, r.states[k], r.figures[k].manual && r.actuals[k] !== null),
      ]),
      years.flatMap((fy, k) => closedNotes(t, fiscalYearLabel(fy, lang), r.figures[k])).join(' / ') || null,
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

function tableFile(table: Table, format: ExportFormat, names: Download['names']): Download {
  return { body: format === 'csv' ? tableCsv(table) : tableXlsx(table), format, names }
}

/** The evaluation sheet of a fiscal year as a file: 事業評価調書_FY2026.csv (or .xlsx). */
export async function evaluationSheetFile(db: Db, fiscalYear: number, lang: Lang, format: ExportFormat) {
  return tableFile(await evaluationTable(db, fiscalYear, lang), format, {
    fileName: `事業評価調書_FY${fiscalYear}.${format}`,
    asciiName: `evaluation-sheet-FY${fiscalYear}.${format}`,
  })
}

/** The multi-year table up to a fiscal year as a file: 年度別推移_FY2026.csv (or .xlsx). */
export async function multiYearFile(db: Db, fiscalYear: number, lang: Lang, format: ExportFormat) {
  return tableFile(await multiYearTable(db, fiscalYear, lang), format, {
    fileName: `年度別推移_FY${fiscalYear}.${format}`,
    asciiName: `multi-year-FY${fiscalYear}.${format}`,
  })
}
