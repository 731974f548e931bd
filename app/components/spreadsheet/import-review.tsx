import { Fragment } from 'react'
import { Form } from '@remix-run/react'
import type { ImportPlan, RowOutcome } from '~/modules/spreadsheet/import-plan'
import { MAPPING_CHOICES } from '~/modules/spreadsheet/import-forms'
import type { ColumnMapping, RowError } from '~/modules/spreadsheet/types'
import type { MessageKey, T } from '~/utils/i18n'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

type Counts = ImportPlan['counts'] & { mailed?: number }

export type ImportReviewData = {
  import: {
    id: string
    kind: 'SEMINAR' | 'PAST'
    fileName: string
    format: string
    appliedAt: Date | string | null
    undoneAt: Date | string | null
    summary: Counts | null
  }
  headers: string[]
  samples: string[][]
  mapping: ColumnMapping
  preset: { name: string; savedAt: Date | string } | null
  sameFileApplied: { appliedAt: Date | string | null } | null
  plan: ImportPlan
  closedYears: number[]
  undoRefusal: string | null
  digest: string
}

/** A message key that came as data (a row error, a mapping problem): shown translated, or as it is. */
function message(t: T, key: string, vars?: Record<string, string | number>): string {
  return t.has(key) ? t(key, vars) : key
}

function fieldName(t: T, field: string): string {
  return message(t, `imports.field.${field}`)
}

/**
 * An uploaded spreadsheet on its way in: the column mapping (a select per column), the preview
 * with every row's outcome and the counts, and the apply button — or, once applied, what it did
 * and the undo button. Plain forms: everything works without JavaScript.
 */
export function ImportReview({
  data,
  error,
  sendMail,
}: {
  data: ImportReviewData
  /** A refusal of the last action (an i18n key). */
  error: string | null
  /** Whether "send mail" was ticked when applying was refused. */
  sendMail: boolean
}) {
  const t = useT()
  const lang = useLang()
  const { plan } = data
  const applied = data.import.appliedAt !== null
  const date = (d: Date | string) => formatDateTime(new Date(d), lang)
  const blocked =
    plan.mappingProblems.length > 0 ||
    plan.counts.errors > 0 ||
    data.closedYears.length > 0 ||
    data.sameFileApplied !== null
  return (
    <>
      <p>
        {data.import.fileName} ({data.import.format.toUpperCase()})
      </p>
      {error ? (
        <p className="error-summary" role="alert">
          {message(t, error)}
        </p>
      ) : null}
      {applied ? (
        <AppliedImport data={data} t={t} date={date} />
      ) : (
        <>
          <h2>{t('imports.mappingTitle')}</h2>
          <p className="hint">
            {data.preset ? t('imports.presetUsed', { date: date(data.preset.savedAt) }) : t('imports.guessed')}
          </p>
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="map" />
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('imports.mappingTitle')}>
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">{t('imports.column')}</th>
                    <th scope="col">{t('imports.samples')}</th>
                    <th scope="col">{t('imports.importAs')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.headers.map((header, i) => (
                    <tr key={i}>
                      <th scope="row">
                        <label htmlFor={`column-${i}`}>{header || `(${i + 1})`}</label>
                      </th>
                      <td className="muted">
                        {data.samples
                          .map((row) => row[i] ?? '')
                          .filter(Boolean)
                          .join(' / ')}
                      </td>
                      <td>
                        <select id={`column-${i}`} name={`columns[${i}]`} defaultValue={data.mapping[i] ?? 'none'}>
                          {MAPPING_CHOICES.map((choice) => (
                            <option key={choice} value={choice}>
                              {fieldName(t, choice)}
                            </option>
                          ))}
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="hint">{t('imports.mapHint')}</p>
            <button type="submit" className="button">
              {t('imports.mapSubmit')}
            </button>
          </Form>

          <h2>{t('imports.previewTitle')}</h2>
          {plan.mappingProblems.length > 0 ? (
            <div className="error-summary" role="alert">
              <p>{t('imports.mappingProblems')}</p>
              <ul>
                {plan.mappingProblems.map((p, i) => (
                  <li key={i}>
                    {message(t, p.message, {
                      ...p.params,
                      ...(p.params?.field ? { field: fieldName(t, String(p.params.field)) } : {}),
                    })}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <Preview plan={plan} t={t} />
          )}
          {data.sameFileApplied?.appliedAt ? (
            <p className="notice" role="status">
              {t('imports.sameFile', { date: date(data.sameFileApplied.appliedAt) })}
            </p>
          ) : null}
          {data.closedYears.length > 0 ? (
            <p className="error-summary" role="alert">
              {t('imports.closedYears', { years: data.closedYears.join(', ') })}
            </p>
          ) : null}
          {plan.counts.errors > 0 ? (
            <p className="error-summary" role="alert">
              {t('imports.blockedByErrors')}
            </p>
          ) : null}
          {!blocked ? (
            <Form method="post" className="form">
              <input type="hidden" name="intent" value="apply" />
              <input type="hidden" name="digest" value={data.digest} />
              {data.import.kind === 'SEMINAR' ? (
                <div className="field checkbox">
                  <label>
                    <input type="checkbox" name="sendMail" defaultChecked={sendMail} /> {t('imports.sendMail')}
                  </label>
                </div>
              ) : null}
              <p className="hint">{t('imports.noMailNote')}</p>
              <button type="submit" className="button button-primary">
                {t('imports.apply')}
              </button>
            </Form>
          ) : null}
        </>
      )}
    </>
  )
}

function AppliedImport({ data, t, date }: { data: ImportReviewData; t: T; date: (d: Date | string) => string }) {
  const { import: imported } = data
  return (
    <>
      <p className="notice" role="status">
        {imported.undoneAt
          ? t('imports.undone', { date: date(imported.undoneAt) })
          : t('imports.applied', { date: date(imported.appliedAt!) })}
      </p>
      {imported.summary ? <CountsList counts={imported.summary} t={t} /> : null}
      {!imported.undoneAt ? (
        data.undoRefusal ? (
          <p className="notice">
            {t('imports.undoRefused')} {message(t, data.undoRefusal)}
          </p>
        ) : (
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="undo" />
            <p className="hint">{t('imports.undoHint')}</p>
            <button type="submit" className="button button-danger">
              {t('imports.undo')}
            </button>
          </Form>
        )
      ) : null}
    </>
  )
}

const COUNT_KEYS = [
  'rows',
  'newPersons',
  'knownPersons',
  'registered',
  'samePerson',
  'duplicates',
  'errors',
  'newRegistrations',
  'newAttendances',
  'newSeminars',
  'newSessions',
  'mailed',
] as const

/** Always shown; the other counts only when not 0. */
const ALWAYS = new Set<string>(['rows', 'newRegistrations', 'newAttendances', 'errors'])

function CountsList({ counts, t }: { counts: Counts; t: T }) {
  return (
    <dl className="facts" data-testid="import-counts">
      {COUNT_KEYS.filter((k) => counts[k] !== undefined && (ALWAYS.has(k) || counts[k] !== 0)).map((k) => (
        <Fragment key={k}>
          <dt>{t(`imports.count.${k}` as MessageKey)}</dt>
          <dd data-count={k}>{counts[k]}</dd>
        </Fragment>
      ))}
    </dl>
  )
}

function outcomeText(t: T, row: RowOutcome): string {
  return message(t, `imports.outcome.${row.kind}`, { line: row.firstLine ?? '' })
}

function rowErrorText(t: T, e: RowError): string {
  return t('imports.rowError', {
    line: e.line,
    column: e.column,
    message: message(t, e.message, { ...e.params, field: fieldName(t, e.field) }),
  })
}

function Preview({ plan, t }: { plan: ImportPlan; t: T }) {
  const lang = useLang()
  const errors = plan.rows.flatMap((r) => r.errors ?? [])
  return (
    <>
      <CountsList counts={plan.counts} t={t} />
      {errors.length > 0 ? (
        <ul className="error-list" aria-label={t('imports.count.errors')}>
          {errors.map((e, i) => (
            <li key={i}>{rowErrorText(t, e)}</li>
          ))}
        </ul>
      ) : null}
      {plan.seminars.some((s) => s.id === null || s.sessions.some((x) => x.id === null)) ? (
        <>
          <h3>{t('imports.seminars')}</h3>
          <ul>
            {plan.seminars.map((s) => (
              <li key={s.key}>
                {s.title} ({t(s.id ? 'imports.existing' : 'imports.new')})
                <ul>
                  {s.sessions
                    .filter((x) => x.id === null)
                    .map((x) => (
                      <li key={x.key}>
                        {t('imports.session', { number: x.number, date: x.date, start: x.start, end: x.end })} (
                        {t('imports.new')})
                      </li>
                    ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div className="table-wrap" tabIndex={0} role="region" aria-label={t('imports.previewTitle')}>
        <table className="data import-rows" aria-label={t('imports.previewTitle')} lang={lang}>
          <thead>
            <tr>
              <th scope="col">{t('imports.line')}</th>
              <th scope="col">{t('imports.name')}</th>
              <th scope="col">{t('imports.outcome')}</th>
              <th scope="col">{t('imports.attendance')}</th>
            </tr>
          </thead>
          <tbody>
            {plan.rows.map((row) => (
              <tr key={row.line} data-line={row.line} data-outcome={row.kind}>
                <td>{row.line}</td>
                <td>{row.name}</td>
                <td>
                  {outcomeText(t, row)}
                  {row.errors?.length ? (
                    <ul>
                      {row.errors.map((e, i) => (
                        <li key={i}>{rowErrorText(t, e)}</li>
                      ))}
                    </ul>
                  ) : null}
                </td>
                <td>
                  {row.attendances > 0 ? t('imports.attendanceAdded', { count: row.attendances }) : null}
                  {row.alreadyAttended > 0
                    ? ` ${t('imports.attendanceAlready', { count: row.alreadyAttended })}`
                    : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
