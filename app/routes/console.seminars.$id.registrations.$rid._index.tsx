import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { DateTime } from '~/components/date-time'
import { AnswerList } from '~/components/questions/answer-list'
import { statusText } from '~/components/registration-view'
import { requireAccess } from '~/modules/accounts/access.server'
import { roleMay } from '~/modules/accounts/permissions'
import { registrationDetail } from '~/modules/registration/detail.server'
import { staffCertificates } from '~/modules/certificates/certificates.server'
import { jsicLabel } from '~/modules/registration/jsic'
import { db } from '~/utils/db.server'
import { titled } from '~/utils/meta'
import { requireParam } from '~/utils/route.server'
import { useLang, useT } from '~/utils/use-i18n'

export const meta = titled<{ registration: { name: string } }>(
  (data, t) => data && `${t('registration.detailTitle')}: ${data.registration.name}`,
)

/** One registration: the person, their sessions and attendance, their answers to the seminar's questions. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const user = await requireAccess(request, 'seminars.read', { seminarId })
  const registrationId = requireParam(params, 'rid')
  const [detail, certificates] = await Promise.all([
    registrationDetail(db(), seminarId, registrationId),
    staffCertificates(db(), seminarId, registrationId),
  ])
  // The issue forms only for roles that may POST them; others may download what was issued.
  return {
    ...detail,
    certificates,
    mayIssue: roleMay(user.role, 'seminars.manage'),
    mayDownload: roleMay(user.role, 'personal-data.export'),
  }
}

export default function RegistrationDetail() {
  const {
    registration: r,
    seminar,
    sessions,
    answers,
    certificates,
    mayIssue,
    mayDownload,
  } = useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  const removed = !!r.anonymizedAt
  return (
    <section>
      <p>
        <Link to={`/console/seminars/${seminar.id}`}>← {seminar.title}</Link>
      </p>
      <h1>{removed ? t('registration.removedName') : r.name}</h1>
      <dl className="facts">
        <dt>{t('registration.status')}</dt>
        <dd>{statusText(r, t)}</dd>
        {removed ? null : (
          <>
            <dt>{t('form.furigana')}</dt>
            <dd>{r.furigana}</dd>
            <dt>{t('console.contact')}</dt>
            <dd className="anywhere">{[r.email, r.phone].filter(Boolean).join(' / ')}</dd>
            <dt>{t('console.organization')}</dt>
            <dd>{r.organizationName ?? ''}</dd>
          </>
        )}
        <dt>{t('console.mode')}</dt>
        <dd>{t(`mode.${r.mode}`)}</dd>
        <dt>{t('console.industry')}</dt>
        <dd>{jsicLabel(r.industry, lang)}</dd>
        <dt>{t('console.inCity')}</dt>
        <dd>{r.inCity === null ? t('form.inCityUnknown') : r.inCity ? t('form.inCityYes') : t('form.inCityNo')}</dd>
        <dt>{t('console.code')}</dt>
        <dd>
          <code>{r.code}</code>
        </dd>
        <dt>{t('console.registeredAt')}</dt>
        <dd>
          <DateTime date={r.createdAt} lang={lang} /> ({t(`registration.source.${r.source}`)})
        </dd>
      </dl>
      <h2>{t('registration.sessionsTitle')}</h2>
      <ul>
        {sessions.map((s) => (
          <li key={s.id}>
            {t('seminar.session', { number: s.number })} <DateTime date={s.startsAt} lang={lang} />
            {' — '}
            {s.attendance
              ? `${t('registration.attended')} (${t(`mode.${s.attendance.mode}`)}, ${t(`source.${s.attendance.source}`)})`
              : s.attends
                ? t('registration.notAttended')
                : t('registration.notChosen')}
          </li>
        ))}
      </ul>
      <h2>{t('certificates.section')}</h2>
      {certificates.refusal ? <p className="muted">{t(`errors.${certificates.refusal}`)}</p> : null}
      {mayIssue ? null : (
        <ul>
          {certificates.issued.map((c) => (
            <li key={c.kind}>
              {mayDownload ? (
                <a
                  href={`/console/seminars/${seminar.id}/registrations/${r.id}/certificate?kind=${c.kind.toLowerCase()}`}
                  download
                >
                  {t(`certificate.kind.${c.kind}`)}
                </a>
              ) : (
                t(`certificate.kind.${c.kind}`)
              )}{' '}
              <span className="muted">{t('certificates.issuedCode', { code: c.code })}</span>
            </li>
          ))}
        </ul>
      )}
      {(mayIssue ? certificates.kinds : []).map((kind) => {
        const issued = certificates.issued.find((c) => c.kind === kind)
        return (
          // A plain form: the answer is a file the browser downloads.
          <form method="post" action={`/console/seminars/${seminar.id}/registrations/${r.id}/certificate`} key={kind}>
            <input type="hidden" name="intent" value="certificate" />
            <input type="hidden" name="kind" value={kind} />
            <p>
              <button type="submit" className="button">
                {t('certificates.issue', { kind: t(`certificate.kind.${kind}`) })}
              </button>{' '}
              {issued ? <span className="muted">{t('certificates.issuedCode', { code: issued.code })}</span> : null}
            </p>
          </form>
        )
      })}
      <h2>{t('questions.answersTitle')}</h2>
      {answers.length ? <AnswerList answers={answers} t={t} /> : <p className="muted">{t('registration.noAnswers')}</p>}
    </section>
  )
}
