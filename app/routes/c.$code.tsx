import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { formatCode, verifyCertificate } from '~/modules/certificates/certificates.server'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { requireParam } from '~/utils/route.server'
import { formatDate } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'verify.title') },
  { name: 'robots', content: 'noindex' },
]

export const headers = () => ({ 'Cache-Control': 'no-store' })

/**
 * A certificate's public verification page (/c/<code>, printed on the certificate with its QR
 * code): the holder's initials, the seminar, its dates and the kind, nothing else; after the
 * person's data was removed, only that the code was issued, with the seminar and dates. An
 * unknown code is a 404 page. The code has 80 random bits: guessing one is hopeless.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const code = requireParam(params, 'code')
  const found = await verifyCertificate(db(), code)
  if (!found) return data({ found: null, code: code.slice(0, 40) }, { status: 404 })
  return { found, code: formatCode(code.toUpperCase()) }
}

export default function VerifyCertificate() {
  const { found, code } = useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  if (!found)
    return (
      <article className="manage">
        <h1>{t('verify.notFoundTitle')}</h1>
        <p className="notice" role="alert">
          {t('verify.notFound')}
        </p>
        <p>
          {t('verify.code')}: <code>{code}</code>
        </p>
      </article>
    )
  return (
    <article className="manage">
      <h1>{t('verify.title')}</h1>
      <p className="notice" role="status">
        {t('verify.valid')}
      </p>
      {found.initials === null ? <p>{t('verify.anonymized')}</p> : null}
      <dl className="details">
        <dt>{t('verify.code')}</dt>
        <dd>
          <code>{code}</code>
        </dd>
        <dt>{t('verify.kind')}</dt>
        <dd>{t(`certificate.kind.${found.kind}`)}</dd>
        {found.initials !== null ? (
          <>
            <dt>{t('verify.initials')}</dt>
            <dd>{found.initials}</dd>
          </>
        ) : null}
        <dt>{t('verify.seminar')}</dt>
        <dd>{found.seminarTitle}</dd>
        <dt>{t('verify.dates')}</dt>
        <dd>{found.dates.map((d) => formatDate(new Date(d), lang)).join('、')}</dd>
        <dt>{t('verify.issuedAt')}</dt>
        <dd>{formatDate(new Date(found.issuedAt), lang)}</dd>
      </dl>
      <p>{t('verify.note')}</p>
    </article>
  )
}
