import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { sentMessagePage } from '~/modules/mail/sent-mail.server'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { requireParam } from '~/utils/route.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'
import { titled } from '~/utils/meta'

export const meta = titled<{ mail: { subject: string } | null }>(
  (data, t) => data?.mail?.subject ?? t('mail.sentTitle'),
)

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAccess(request, 'mail.read')
  return sentMessagePage(db(), requireParam(params, 'id'), env().MAIL_DIR)
}

/** One message as the participant receives it; its HTML in a sandboxed frame (no scripts, no links out). */
export default function SentMessage() {
  const { row, mail, redacted } = useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  return (
    <section>
      <p>
        <Link to="/console/mail">← {t('mail.sentTitle')}</Link>
      </p>
      <h1>{mail?.subject ?? t(`mail.kind.${row.kind}`)}</h1>
      <dl className="facts">
        <dt>{t('mail.status')}</dt>
        <dd>
          {t(`mail.status.${row.status}`)}
          {row.lastError ? <div className="muted">{row.lastError}</div> : null}
        </dd>
        {row.seminar ? (
          <>
            <dt>{t('console.seminars')}</dt>
            <dd>
              <Link to={`/console/seminars/${row.seminar.id}`}>{row.seminar.title}</Link>
            </dd>
          </>
        ) : null}
        {row.consoleUser ? (
          <>
            <dt>{t('accounts.user')}</dt>
            <dd>
              <Link to={`/console/users/${row.consoleUser.id}`}>{row.consoleUser.name}</Link>
            </dd>
          </>
        ) : null}
        <dt>Message-ID</dt>
        <dd>
          <code>{row.messageId}</code>
        </dd>
        {mail ? (
          <>
            <dt>{t('mail.from')}</dt>
            <dd>{mail.from}</dd>
            <dt>{t('mail.to')}</dt>
            <dd>{mail.to}</dd>
            <dt>{t('mail.sentAt')}</dt>
            <dd>{mail.date ? formatDateTime(new Date(mail.date), lang) : ''}</dd>
          </>
        ) : null}
      </dl>
      {redacted ? (
        <p className="notice">{t(row.kind.startsWith('SURVEY_') ? 'links.surveyBodyHidden' : 'links.bodyHidden')}</p>
      ) : !mail ? (
        <p>{t('mail.noCopy')}</p>
      ) : (
        <>
          {mail.html ? (
            <iframe
              title={t('mail.htmlPart')}
              className="mail-preview"
              sandbox=""
              srcDoc={mail.html}
              referrerPolicy="no-referrer"
            />
          ) : null}
          <h2>{t('mail.textPart')}</h2>
          <pre className="mail-text" tabIndex={0} role="region" aria-label={t('mail.textPart')}>
            {mail.text}
          </pre>
          {mail.attachments.length > 0 ? (
            <>
              <h2>{t('mail.attachments')}</h2>
              <ul>
                {mail.attachments.map((a, i) => (
                  <li key={i}>
                    {a.filename} ({a.contentType}, {Math.ceil(a.size / 1024)} KB)
                    {a.text ? (
                      <pre className="mail-text" tabIndex={0} role="region" aria-label={a.filename}>
                        {a.text}
                      </pre>
                    ) : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
    </section>
  )
}
