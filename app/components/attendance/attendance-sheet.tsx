import { Form } from '@remix-run/react'
import type { SessionAttendancePage } from '~/modules/attendance/console-pages.server'
import { useT } from '~/utils/use-i18n'

/** Post-hoc marking: tick who attended. */
export function AttendanceSheet({ sheet }: { sheet: SessionAttendancePage['sheet'] }) {
  const t = useT()
  return (
    <>
      <h2>{t('attendance.sheet')}</h2>
      <p className="hint">{t('attendance.sheetHint')}</p>
      <Form method="post">
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('attendance.sheet')}>
          <table className="data" aria-label={t('attendance.sheet')}>
            <thead>
              <tr>
                <th scope="col">{t('attendance.attended')}</th>
                <th scope="col">{t('form.name')}</th>
                <th scope="col">{t('console.organization')}</th>
                <th scope="col">{t('console.mode')}</th>
              </tr>
            </thead>
            <tbody>
              {sheet.map((r) => (
                <tr key={r.id}>
                  <td>
                    <input type="hidden" name="shown" value={`${r.id}:${r.attendance?.id ?? ''}`} />
                    <input
                      type="checkbox"
                      name="attended"
                      value={r.id}
                      defaultChecked={r.attendance !== null}
                      id={`attended-${r.id}`}
                      aria-label={`${t('attendance.attended')}: ${r.name}`}
                    />
                  </td>
                  <td>
                    <label htmlFor={`attended-${r.id}`}>{r.name}</label>
                    <div className="muted">{r.furigana}</div>
                  </td>
                  <td>{r.organizationName ?? ''}</td>
                  <td>{t(`mode.${r.mode}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="actions">
          <button type="submit" className="button button-primary">
            {t('attendance.save')}
          </button>
        </div>
      </Form>
    </>
  )
}
