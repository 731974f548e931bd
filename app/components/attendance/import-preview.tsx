import { Form, Link } from '@remix-run/react'
import type { ImportPreview as Preview, MatchedPerson } from '~/modules/attendance/import.server'
import type { T } from '~/utils/i18n'
import { formatDate, formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

/** An uploaded report before it is applied: who matched, who fell short, who is unknown, which lines failed. */
export function ImportPreview({
  preview,
  sessionId,
  typed,
}: {
  preview: Preview
  sessionId: string
  /** What was ticked and typed when applying was refused: shown again as it was. */
  typed?: { add: string[]; orgKey: string[]; orgName: string[] } | null
}) {
  const t = useT()
  const lang = useLang()
  const typedOrganization = (key: string) => typed?.orgName[typed.orgKey.indexOf(key)] ?? ''
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="apply" />
      <input type="hidden" name="importId" value={preview.importId} />
      <h2>{t('import.preview')}</h2>
      <p>
        {preview.fileName} — {t('import.format', { format: preview.format, rows: preview.rowCount })}
      </p>
      {preview.dateMismatch ? (
        <p className="warning" data-testid="import-date-warning">
          {t('import.dateMismatch', {
            reportDates: preview.dateMismatch.reportDates
              .map((d) => formatDate(new Date(d), lang))
              .join(t('import.dateSeparator')),
            sessionDate: formatDate(new Date(preview.dateMismatch.sessionStartsAt), lang),
          })}
        </p>
      ) : null}
      <p>{t('import.minimum', { minutes: preview.minimumMinutes })}</p>
      {preview.previouslyAppliedAt ? (
        <p className="notice">
          {t('import.sameFile', { date: formatDateTime(new Date(preview.previouslyAppliedAt), lang) })}
        </p>
      ) : null}
      {[...preview.matched, ...preview.belowMinimum].some((m) => m.identities.length > 1) ? (
        <p className="hint">{t('import.mergedHint')}</p>
      ) : null}
      <h3>
        {t('import.matched')} ({preview.matched.length})
      </h3>
      <PeopleTable people={preview.matched} t={t} label={t('import.matched')} />
      <h3>
        {t('import.below')} ({preview.belowMinimum.length})
      </h3>
      <PeopleTable people={preview.belowMinimum} t={t} label={t('import.below')} />
      <h3>
        {t('import.unmatched')} ({preview.unmatched.length})
      </h3>
      {preview.unmatched.length === 0 ? (
        <p className="muted">{t('import.none')}</p>
      ) : (
        <>
          <p className="hint">{t('import.unmatchedHint')}</p>
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('import.unmatched')}>
            <table className="data" aria-label={t('import.unmatched')}>
              <thead>
                <tr>
                  <th scope="col">{t('walkIn.title')}</th>
                  <th scope="col">{t('form.name')}</th>
                  <th scope="col">{t('form.email')}</th>
                  <th scope="col">{t('attendance.minutes')}</th>
                  <th scope="col">{t('import.organization')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.unmatched.map((u) => (
                  <tr key={u.key}>
                    <td>
                      <input
                        type="checkbox"
                        name="add"
                        value={u.key}
                        disabled={!u.attended}
                        defaultChecked={typed?.add.includes(u.key)}
                        aria-label={`${t('walkIn.title')}: ${u.name}`}
                      />
                    </td>
                    <td>{u.name}</td>
                    <td>{u.email ?? ''}</td>
                    <td>{Math.round(u.minutes)}</td>
                    <td>
                      {u.attended ? (
                        <>
                          <input type="hidden" name="orgKey" value={u.key} />
                          <input
                            type="text"
                            name="orgName"
                            maxLength={200}
                            defaultValue={typedOrganization(u.key)}
                            aria-label={`${t('import.organization')}: ${u.name}`}
                          />
                        </>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <h3>
        {t('import.errors')} ({preview.errors.length})
      </h3>
      {preview.errors.length === 0 ? (
        <p className="muted">{t('import.none')}</p>
      ) : (
        <ul aria-label={t('import.errors')}>
          {preview.errors.map((e) => (
            <li key={e.line}>
              {t('import.line', { line: e.line })}: {t(`import.reason.${e.reason}`)} — <code>{e.text}</code>
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="submit" className="button button-primary">
          {t('import.apply')}
        </button>
        <Link to={`/console/sessions/${sessionId}/import`}>{t('import.again')}</Link>
      </div>
    </Form>
  )
}

function PeopleTable({ people, t, label }: { people: MatchedPerson[]; t: T; label: string }) {
  if (people.length === 0) return <p className="muted">{t('import.none')}</p>
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      <table className="data" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{t('form.name')}</th>
            <th scope="col">{t('form.email')}</th>
            <th scope="col">{t('attendance.minutes')}</th>
            <th scope="col">{t('console.registrations')}</th>
          </tr>
        </thead>
        <tbody>
          {people.map((p) => (
            <tr key={p.key}>
              <td>
                {p.name}
                {p.identities.length > 1 ? (
                  <div className="merged">
                    <span className="chip">{t('import.merged', { count: p.identities.length })}</span>
                    <ul className="muted">
                      {p.identities.map((i) => (
                        <li key={i.key}>
                          {t('import.mergedIdentity', { name: i.name, minutes: Math.round(i.minutes) })}
                        </li>
                      ))}
                    </ul>
                  </div>
                ) : null}
              </td>
              <td>{p.email ?? ''}</td>
              <td>{Math.round(p.minutes)}</td>
              <td>
                {p.registeredName} <span className="muted">({t(`import.matchedBy.${p.by}`)})</span>
                {p.alreadyRecorded ? <span className="chip">{t('import.alreadyRecorded')}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
