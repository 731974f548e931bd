import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { ownCertificatePdf } from '~/modules/certificates/certificates.server'
import { CERTIFICATE_KINDS } from '~/modules/certificates/forms'
import { db } from '~/utils/db.server'
import { requireParam } from '~/utils/route.server'

/**
 * The participant's certificate as PDF (/r/<token>/certificate/attendance|completion): drawn from
 * the certificate issued by the POST of /r/<token>/certificate. Before that (a GET issues nothing)
 * it sends the person to that page, where they ask for it.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const kind = CERTIFICATE_KINDS.find((k) => k.toLowerCase() === requireParam(params, 'kind'))
  if (!kind) throw new Response('Not found', { status: 404 })
  const token = requireParam(params, 'token')
  const file = await ownCertificatePdf(db(), token, kind)
  if (!file) throw redirect(`/r/${token}/certificate`)
  return new Response(new Uint8Array(file.pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${file.filename}"`,
      'Cache-Control': 'private, no-store',
      'X-Robots-Tag': 'noindex',
    },
  })
}
