import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireAccess } from '~/modules/accounts/access.server'
import { lotteryRecord } from '~/modules/lottery/console.server'
import { db } from '~/utils/db.server'
import { notFound } from '~/utils/errors'
import { requireParam } from '~/utils/route.server'

/**
 * The record of the seminar's draw as JSON, to check with `npm run lottery:verify -- <file>`:
 * the method, the seed and its SHA-256, the seats and the numbered applications with their
 * results, nothing personal. 404 before the draw (the seed is secret until then).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  await requireAccess(request, 'seminars.manage', { seminarId })
  const record = await lotteryRecord(db(), seminarId)
  if (!record) throw notFound()
  return new Response(`${JSON.stringify(record, null, 2)}\n`, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="lottery-${seminarId}.json"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
