import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { issueOwnCertificate, ownCertificatePage } from '~/modules/certificates/certificates.server'
import { CertificateRequestSchema } from '~/modules/certificates/forms'
import { db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { pageTitle } from '~/utils/meta'
import { requireIntent, requireParam } from '~/utils/route.server'
import { formatDate } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'certificate.title') },
  { name: 'robots', content: 'noindex' },
]

export const headers = () => ({ 'Cache-Control': 'private, no-store' })

/** What the participant may be issued (reads only: issuing is the POST below). */
export async function loader({ params }: LoaderFunctionArgs) {
  return ownCertificatePage(db(), requireParam(params, 'token'))
}

/** Issues the certificate (once; its verification code is kept), then downloads it. */
export async function action({ request, params }: ActionFunctionArgs) {
  const token = requireParam(params, 'token')
  const form = requireIntent(await request.formData(), CertificateRequestSchema)
  try {
    await issueOwnCertificate(db(), token, form.kind)
  } catch (error) {
    if (
      !isAppError(error, 'CERTIFICATE_NOT_ATTENDED') &&
      !isAppError(error, 'CERTIFICATE_NOT_CONFIRMED') &&
      !isAppError(error, 'CERTIFICATE_NOT_COMPLETED') &&
      !isAppError(error, 'CERTIFICATE_ANONYMIZED')
    )
      throw error
    return data({ error: error.messageKey }, { status: error.status })
  }
  return redirect(`/r/${token}/certificate/${form.kind.toLowerCase()}`)
}

export default function OwnCertificates() {
  const page = useLoaderData<typeof loader>()
  const refused = useActionData<typeof action>()
  const t = useT()
  const lang = useLang()
  const title = (lang === 'en' && page.seminar.titleEn) || page.seminar.title
  return (
    <article className="manage">
      <h1>{t('certificate.title')}</h1>
      <p className="lead">{title}</p>
      {refused ? (
        <p className="notice" role="alert">
          {t(refused.error)}
        </p>
      ) : page.refusal ? (
        <p className="notice" role="status">
          {t(`errors.${page.refusal}`)}
        </p>
      ) : null}
      <p>{t('certificate.lead')}</p>
      <p>{t('certificate.attendedCount', { count: page.attendedCount, total: page.sessions.length })}</p>
      <ul>
        {page.sessions.map((s) => (
          <li key={s.number}>
            {t('certificate.sessionRow', { number: s.number, date: formatDate(new Date(s.startsAt), lang) })}:{' '}
            {s.attended ? t('certificate.attended') : t('certificate.notAttended')}
          </li>
        ))}
      </ul>
      {page.kinds.map((kind) => (
        // A plain form: the answer is a file, which the browser downloads (with or without JavaScript).
        <form method="post" key={kind} className="actions">
          <input type="hidden" name="intent" value="certificate" />
          <input type="hidden" name="kind" value={kind} />
          <button type="submit" className="button primary">
            {t('certificate.download', { kind: t(`certificate.kind.${kind}`) })}
          </button>
        </form>
      ))}
      {page.kinds.length === 1 ? <p>{t('certificate.notCompletedYet')}</p> : null}
      <p>
        <Link to={`/r/${page.token}`}>← {t('certificate.back')}</Link>
      </p>
    </article>
  )
}
