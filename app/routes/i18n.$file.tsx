import type { LoaderFunctionArgs } from '@remix-run/node'
import { notFound } from '~/utils/errors'
import { messageScript } from '~/utils/i18n.server'
import { requireParam } from '~/utils/route.server'

/** A page's strings in its language (docs/decisions/0030-i18n-per-language-and-area.md). */
export async function loader({ params }: LoaderFunctionArgs) {
  const script = messageScript(requireParam(params, 'file'))
  if (!script) throw notFound()
  return new Response(script.body, {
    headers: {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': script.immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
    },
  })
}
