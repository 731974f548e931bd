import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { MailHealthPanel } from '~/components/mail-health'
import { PageCount, Pager } from '~/components/records/pager'
import { MAIL_STATUSES } from '~/modules/mail/forms'
import { sentMailPage } from '~/modules/mail/sent-mail.server'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'
import { titled } from '~/utils/meta'

export const meta = titled('mail.sentTitle')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, 'mail.read')
  const page = await sentMailPage(db(), new URL(request.url).searchParams)
  return { ...page, smtp: Boolean(env().SMTP_URL) }
}

/** Admins: every message of the outbox, newest first, 50 a page; without SMTP, each one can be read here. */
export default function SentMail() {
  const { messages, paging, smtp, health } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const t = useT()
  const lang = useLang()
  const current = params.get('status')
  return (
    <section>
      <h1>{t('mail.sentTitle')}</h1>
      <p className="lead">{smtp ? t('mail.sentLeadSmtp') : t('mail.sentLeadFiles')}</p>
      <MailHealthPanel health={health} />
      <nav className="actions" aria-label={t('mail.status')}>
        <Link to="/console/mail" aria-current={current ? undefined : 'page'}>
          {t('mail.all')}
        </Link>
        {MAIL_STATUSES.map((s) => (
          <Link key={s} to={`/console/mail?status=${s}`} aria-current={current === s ? 'page' : undefined}>
            {t(`mail.status.${s}`)}
          </Link>
        ))}
      </nav>
      <PageCount paging={paging} />
      {messages.length === 0 ? (
        <p>{t('mail.none')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('mail.sentTitle')}>
          <table className="data" aria-label={t('mail.sentTitle')}>
            <thead>
              <tr>
                <th scope="col">{t('mail.queuedAt')}</th>
                <th scope="col">{t('mail.kind')}</th>
                <th scope="col">{t('mail.to')}</th>
                <th scope="col">{t('console.seminars')}</th>
                <th scope="col">{t('mail.status')}</th>
                <th scope="col">{t('mail.sentAt')}</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id}>
                  <td>{formatDateTime(new Date(m.createdAt), lang)}</td>
                  <td>
                    <Link to={`/console/mail/${m.id}`}>{t(`mail.kind.${m.kind}`)}</Link>
                  </td>
                  <td>
                    {m.registration ? (
                      <>
                        {m.registration.name}
                        <div className="muted">{m.registration.email}</div>
                      </>
                    ) : m.consoleUser ? (
                      <>
                        <Link to={`/console/users/${m.consoleUser.id}`}>{m.consoleUser.name}</Link>
                        <div className="muted">{m.consoleUser.email}</div>
                      </>
                    ) : null}
                  </td>
                  <td>
                    {m.seminar ? (
                      <Link to={`/console/seminars/${m.seminar.id}`}>{m.seminar.title}</Link>
                    ) : m.consoleUser ? (
                      <span className="muted">{t('accounts.mailAboutAccount')}</span>
                    ) : null}
                  </td>
                  <td>
                    {t(`mail.status.${m.status}`)}
                    {m.status !== 'SENT' && m.attempts > 0 ? (
                      <div className="muted">{t('mail.attempts', { count: m.attempts })}</div>
                    ) : null}
                  </td>
                  <td>{m.sentAt ? formatDateTime(new Date(m.sentAt), lang) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager paging={paging} />
    </section>
  )
}
