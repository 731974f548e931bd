import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { requireAccess } from '~/modules/accounts/access.server'
import { staffCertificatePdf, staffIssueCertificate } from '~/modules/certificates/certificates.server'
import { CERTIFICATE_KINDS, CertificateRequestSchema } from '~/modules/certificates/forms'
import { db } from '~/utils/db.server'
import { requireIntent, requireParam } from '~/utils/route.server'

/**
 * A registration's certificate for staff (docs/decisions/0051-certificates.md): the POST issues it
 * (once, with its verification code) and sends the browser to the GET, which downloads the PDF of
 * the certificate issued (before that, a GET issues nothing: it goes back to the registration's page).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const user = await requireAccess(request, 'personal-data.export', { seminarId })
  const asked = new URL(request.url).searchParams.get('kind')
  const kind = CERTIFICATE_KINDS.find((k) => k.toLowerCase() === asked)
  if (!kind) throw new Response('Not found', { status: 404 })
  const registrationId = requireParam(params, 'rid')
  const file = await staffCertificatePdf(db(), seminarId, registrationId, kind, user.id)
  if (!file) throw redirect(`/console/seminars/${seminarId}/registrations/${registrationId}`)
  return new Response(new Uint8Array(file.pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${file.filename}"`,
      'Cache-Control': 'private, no-store',
    },
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const registrationId = requireParam(params, 'rid')
  const user = await requireAccess(request, 'seminars.manage', { seminarId })
  const form = requireIntent(await request.formData(), CertificateRequestSchema)
  await staffIssueCertificate(db(), seminarId, registrationId, form.kind, user.id)
  return redirect(
    `/console/seminars/${seminarId}/registrations/${registrationId}/certificate?kind=${form.kind.toLowerCase()}`,
  )
}
