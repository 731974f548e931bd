import type { LoaderFunctionArgs } from '@remix-run/node'
import { lotteryOf } from '~/modules/lottery/lottery.server'
import { requirePublicSeminar } from '~/modules/scheduling/catalog.server'
import { db } from '~/utils/db.server'
import { notFound } from '~/utils/errors'
import { requireParam } from '~/utils/route.server'

/**
 * The record of a published seminar's draw, for anyone to check with `npm run lottery:verify`
 * (docs/decisions/0049-lottery.md): the method, the seed and its SHA-256, the seats and the
 * numbered applications with their results — nothing personal. 404 before the draw.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const seminar = await requirePublicSeminar(db(), requireParam(params, 'id'))
  const record = (await lotteryOf(db(), seminar.id))?.record
  if (!record) throw notFound()
  return new Response(`${JSON.stringify(record, null, 2)}\n`, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="lottery-${seminar.id}.json"`,
    },
  })
}
