import { Form, Link } from '@remix-run/react'
import { DateTime } from '~/components/date-time'
import { Pager } from '~/components/records/pager'
import { jsicLabel } from '~/modules/registration/jsic'
import type { SeminarConsolePage } from '~/modules/scheduling/seminar-page.server'
import type { T } from '~/utils/i18n'
import { useLang, useT } from '~/utils/use-i18n'

type Lists = SeminarConsolePage['registrations']
type Registration = Lists['confirmed']['rows'][number]
type May = SeminarConsolePage['may']
type Groups = SeminarConsolePage['groups']
type Completion = SeminarConsolePage['completion']

/** 修了 or 未修了, with the sessions attended of those needed (x/N). */
export function CompletionBadge({ c, t }: { c: { attended: number; needed: number; completed: boolean }; t: T }) {
  return (
    <span className={c.completed ? 'badge badge-open' : 'chip'}>
      {t(c.completed ? 'completion.completed' : 'completion.notCompleted')} {c.attended}/{c.needed}
    </span>
  )
}

/** "Group of 3 (contact: …)" under the name of someone registered together with others. */
function GroupNote({ groups, id, t }: { groups: Groups; id: string; t: T }) {
  const g = groups[id]
  return g ? <div className="muted">{t('console.group', { n: g.size, name: g.contactName })}</div> : null
}

/** A registration's links: cancel on their behalf, reissue their link, delete their personal data. */
function rowActions(seminarId: string, may: May, t: T) {
  // Already anonymized: nothing personal left to delete.
  const deleteLink = (r: Registration) =>
    r.anonymizedAt || !may.deletePersonalData ? null : (
      <Link to={`/console/seminars/${seminarId}/registrations/${r.id}/delete`}>{t('privacy.deleteLink')}</Link>
    )
  const cancelLink = (r: Registration) => (
    <span className="row-actions">
      {may.manage ? (
        <Link to={`/console/seminars/${seminarId}/registrations/${r.id}/cancel`}>{t('console.cancelOnBehalf')}</Link>
      ) : null}
      {may.manage && !r.anonymizedAt ? (
        <Link to={`/console/seminars/${seminarId}/registrations/${r.id}/slip`}>{t('slip.link')}</Link>
      ) : null}
      {r.anonymizedAt || !may.manage ? null : (
        <Link to={`/console/seminars/${seminarId}/registrations/${r.id}/reissue`}>{t('mail.reissue')}</Link>
      )}
      {deleteLink(r)}
    </span>
  )
  return { deleteLink, cancelLink }
}

/** The person's name, leading to their registration's page (answers, sessions, attendance). */
function NameLink({ seminarId, r }: { seminarId: string; r: Registration }) {
  return <Link to={`/console/seminars/${seminarId}/registrations/${r.id}`}>{r.name}</Link>
}

/** Email, and the phone number of an application by phone (either may be missing). */
const contact = (r: Registration) => [r.email, r.phone].filter(Boolean).join(' / ')

/**
 * The seminar's registrations: confirmed, then the waiting list, then the cancelled; each list's
 * total in its heading, and 50 rows a page with its own 前へ/次へ (none for a list of one page).
 */
export function RegistrationTables({
  seminarId,
  registrations,
  groups,
  may,
  completion,
}: {
  seminarId: string
  registrations: Lists
  groups: Groups
  may: May
  /** 修了 per registration of a series; null for a single session. */
  completion: Completion
}) {
  const t = useT()
  const lang = useLang()
  const { deleteLink, cancelLink } = rowActions(seminarId, may, t)
  const confirmed = registrations.confirmed.rows
  const waiting = registrations.waiting.rows
  const cancelled = registrations.cancelled.rows
  return (
    <>
      <h2>
        {t('console.registrations')} ({registrations.confirmed.paging.total})
      </h2>
      {confirmed.length === 0 ? (
        <p>{t('console.noRegistrations')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('console.registrations')}>
          <table className="data" aria-label={t('console.registrations')}>
            <thead>
              <tr>
                <th scope="col">{t('form.name')}</th>
                <th scope="col">{t('console.organization')}</th>
                <th scope="col">{t('console.contact')}</th>
                <th scope="col">{t('console.mode')}</th>
                {completion ? <th scope="col">{t('completion.column')}</th> : null}
                <th scope="col">{t('console.industry')}</th>
                <th scope="col">{t('console.inCity')}</th>
                <th scope="col">{t('console.code')}</th>
                <th scope="col">{t('console.registeredAt')}</th>
                <th scope="col">{t('console.roleAndActions')}</th>
              </tr>
            </thead>
            <tbody>
              {confirmed.map((r) => (
                <tr key={r.id}>
                  <td>
                    <NameLink seminarId={seminarId} r={r} />
                    <div className="muted">{r.furigana}</div>
                    <GroupNote groups={groups} id={r.id} t={t} />
                  </td>
                  <td className="words">{r.organizationName ?? ''}</td>
                  <td className="anywhere">{contact(r)}</td>
                  <td>{t(`mode.${r.mode}`)}</td>
                  {completion ? (
                    <td>{completion[r.id] ? <CompletionBadge c={completion[r.id]} t={t} /> : null}</td>
                  ) : null}
                  <td className="words">{jsicLabel(r.industry, lang)}</td>
                  <td>
                    {r.inCity === null ? t('form.inCityUnknown') : r.inCity ? t('form.inCityYes') : t('form.inCityNo')}
                  </td>
                  <td>
                    <code>{r.code}</code>
                  </td>
                  <td>
                    <DateTime date={r.createdAt} lang={lang} />
                  </td>
                  {/* The role above the row's links: one column less, so the table fits a desktop (issue 18). */}
                  <td>
                    {may.manage ? <RoleForm registration={r} /> : <div>{t(`console.role.${r.role}`)}</div>}
                    {cancelLink(r)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager paging={registrations.confirmed.paging} label={t('console.registrations')} />

      <h2>
        {t('console.waitlist')} ({registrations.waiting.paging.total})
      </h2>
      {waiting.length === 0 ? null : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('console.waitlist')}>
          <table className="data" aria-label={t('console.waitlist')}>
            <thead>
              <tr>
                <th scope="col">{t('console.position')}</th>
                <th scope="col">{t('form.name')}</th>
                <th scope="col">{t('console.organization')}</th>
                <th scope="col">{t('console.contact')}</th>
                <th scope="col">{t('console.mode')}</th>
                <th scope="col">{t('console.registeredAt')}</th>
                <th scope="col">{t('console.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {waiting.map((r) => (
                <tr key={r.id}>
                  <td>{r.waitlistPosition}</td>
                  <td>
                    <NameLink seminarId={seminarId} r={r} />
                  </td>
                  <td className="words">{r.organizationName ?? ''}</td>
                  <td className="anywhere">{contact(r)}</td>
                  <td>{t(`mode.${r.mode}`)}</td>
                  <td>
                    <DateTime date={r.createdAt} lang={lang} />
                  </td>
                  <td>{cancelLink(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager paging={registrations.waiting.paging} label={t('console.waitlist')} />

      {cancelled.length > 0 ? (
        <>
          <h2>
            {t('console.cancelledList')} ({registrations.cancelled.paging.total})
          </h2>
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('console.cancelledList')}>
            <table className="data" aria-label={t('console.cancelledList')}>
              <thead>
                <tr>
                  <th scope="col">{t('form.name')}</th>
                  <th scope="col">{t('console.contact')}</th>
                  <th scope="col">{t('manage.cancelledAt')}</th>
                  <th scope="col">{t('console.cancelledBy')}</th>
                  <th scope="col">{t('console.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {cancelled.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <NameLink seminarId={seminarId} r={r} />
                      <GroupNote groups={groups} id={r.id} t={t} />
                    </td>
                    <td className="anywhere">{contact(r)}</td>
                    <td>{r.cancelledAt ? <DateTime date={r.cancelledAt} lang={lang} /> : ''}</td>
                    <td>{r.cancelledBy ? t(`console.cancelledBy.${r.cancelledBy}`) : ''}</td>
                    <td>{deleteLink(r)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager paging={registrations.cancelled.paging} label={t('console.cancelledList')} />
        </>
      ) : null}
    </>
  )
}

/** Participant, speaker or staff: speakers and staff never count in the indicators. */
function RoleForm({ registration: r }: { registration: Registration }) {
  const t = useT()
  return (
    <Form method="post" className="role-form">
      <input type="hidden" name="intent" value="role" />
      <input type="hidden" name="registrationId" value={r.id} />
      <select name="role" defaultValue={r.role} aria-label={`${t('console.role')}: ${r.name}`}>
        {(['PARTICIPANT', 'SPEAKER', 'STAFF'] as const).map((role) => (
          <option key={role} value={role}>
            {t(`console.role.${role}`)}
          </option>
        ))}
      </select>{' '}
      <button type="submit" className="link-button">
        {t('console.save')}
      </button>
    </Form>
  )
}
