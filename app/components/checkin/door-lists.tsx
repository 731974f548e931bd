import { Form } from '@remix-run/react'
import type { DoorPage } from '~/modules/attendance/console-pages.server'
import { formatTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

/** The door's search: who was found, each with one tap to check in (or undo). */
export function SearchResults({ search }: { search: DoorPage['search'] }) {
  const t = useT()
  const lang = useLang()
  const results = search?.state === 'FOUND' ? search.people : null
  return (
    <>
      {search?.state === 'TOO_SHORT' ? (
        <p role="status">{t('checkin.searchTooShort')}</p>
      ) : search?.state === 'RATE_LIMITED' ? (
        <p role="alert">{t('checkin.outcome.RATE_LIMITED')}</p>
      ) : null}
      {search?.state === 'FOUND' && search.more ? (
        <p role="status">{t('checkin.tooManyResults', { count: search.people.length })}</p>
      ) : null}
      {results ? (
        results.length === 0 ? (
          <p>{t('checkin.noResults')}</p>
        ) : (
          <ul className="people" aria-label={t('checkin.search')}>
            {results.map((p) => (
              <li key={p.id}>
                <div>
                  <strong>{p.name}</strong> <span className="muted">{p.furigana}</span>
                  <div className="muted">
                    {p.organizationName ?? ''} {p.code ? <code>{p.code}</code> : null}
                  </div>
                </div>
                {p.status !== 'CONFIRMED' ? (
                  <span className="chip">{t(`checkin.status.${p.status}`)}</span>
                ) : p.attendance ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="undo" />
                    <input type="hidden" name="registrationId" value={p.id} />
                    <span className="done-mark">
                      {t('checkin.checkedInAt', { time: formatTime(new Date(p.attendance.checkedInAt), lang) })}
                    </span>{' '}
                    <button type="submit" className="link-button danger" aria-label={`${t('checkin.undo')}: ${p.name}`}>
                      {t('checkin.undo')}
                    </button>
                  </Form>
                ) : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="pick" />
                    <input type="hidden" name="registrationId" value={p.id} />
                    <button
                      type="submit"
                      className="button button-primary"
                      aria-label={`${t('checkin.checkInButton')}: ${p.name}`}
                    >
                      {t('checkin.checkInButton')}
                    </button>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        )
      ) : null}
    </>
  )
}

/** The latest check-ins, newest first, each with undo. */
export function RecentCheckIns({ recent }: { recent: DoorPage['recent'] }) {
  const t = useT()
  const lang = useLang()
  return (
    <>
      <h2>{t('checkin.recent')}</h2>
      {recent.length === 0 ? (
        <p>{t('checkin.noneYet')}</p>
      ) : (
        <ul className="people" aria-label={t('checkin.recent')}>
          {recent.map((a) => (
            <li key={a.registration.id}>
              <div>
                <strong>{a.registration.name}</strong>{' '}
                <span className="muted">{a.registration.organizationName ?? ''}</span>
                <div className="muted">
                  {formatTime(new Date(a.checkedInAt), lang)} · {t(`source.${a.source}`)}
                  {a.recordedBy ? ` · ${a.recordedBy.name}` : ''}
                </div>
              </div>
              <Form method="post">
                <input type="hidden" name="intent" value="undo" />
                <input type="hidden" name="registrationId" value={a.registration.id} />
                <button
                  type="submit"
                  className="link-button danger"
                  aria-label={`${t('checkin.undo')}: ${a.registration.name}`}
                >
                  {t('checkin.undo')}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
