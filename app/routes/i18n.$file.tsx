import type { LoaderFunctionArgs } from '@remix-run/node'
import { messageScript } from '~/utils/i18n.server'

/** A page's strings in its language (docs/decisions/0030-i18n-per-language-and-area.md). */
export async function loader({ params }: LoaderFunctionArgs) {
  const script = messageScript(params.file ?? '')
  if (!script) throw new Response('Not found', { status: 404 })
  return new Response(script.body, {
    headers: {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': script.immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
    },
  })
}
