import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { requireAccess } from '~/modules/accounts/access.server'
import { seminarCertificatesPage, setCertificatesByMail } from '~/modules/certificates/certificates.server'
import { CertificateMailSchema } from '~/modules/certificates/forms'
import { db } from '~/utils/db.server'
import { titled } from '~/utils/meta'
import { requireIntent, requireParam } from '~/utils/route.server'
import { useT } from '~/utils/use-i18n'

export const meta = titled('certificates.section')

/** A seminar's certificates (docs/decisions/0051-certificates.md): mailed after the series or not. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  await requireAccess(request, 'seminars.manage', { seminarId })
  return seminarCertificatesPage(db(), seminarId)
}

export async function action({ request, params }: ActionFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const user = await requireAccess(request, 'seminars.manage', { seminarId })
  const form = requireIntent(await request.formData(), CertificateMailSchema)
  await setCertificatesByMail(db(), seminarId, form.enabled, user.id)
  return redirect(`/console/seminars/${seminarId}/certificates?msg=certificates.byMailSaved`)
}

export default function SeminarCertificates() {
  const { seminar, issued } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <section>
      <p>
        <Link to={`/console/seminars/${seminar.id}`}>← {seminar.title}</Link>
      </p>
      <h1>{t('certificates.section')}</h1>
      <p className="lead">
        {t('certificates.issuedCounts', { attendance: issued.ATTENDANCE, completion: issued.COMPLETION })}
      </p>
      <Form method="post" className="form panel">
        <input type="hidden" name="intent" value="certificatesByMail" />
        <div className="field">
          <label className="choice">
            <input type="checkbox" name="enabled" defaultChecked={seminar.certificatesByMail} />{' '}
            {t('certificates.byMail')}
          </label>
        </div>
        <p>
          <button type="submit" className="button button-primary">
            {t('certificates.byMailSave')}
          </button>
        </p>
      </Form>
      <p>
        <Link to={`/console/programs/${seminar.program.id}/certificate`}>
          {t('certificates.layoutLink')}: {seminar.program.name}
        </Link>
      </p>
    </section>
  )
}
