import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireAccess } from '~/modules/accounts/access.server'
import { notFound } from '~/utils/errors'

/**
 * An address under /console that no page has: the 404 of the root's error boundary, with the root
 * loader's data (the staff member's language). Without this route no route matched on the server,
 * while the browser, which discovers routes lazily, matched /console partially and hydrated
 * something else than the server had rendered (React errors 418 and 423).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  // Signed out: to the sign-in, as every console address (and nothing said about what exists).
  await requireAccess(request, 'console')
  throw notFound()
}

/** Never shown: the loader always throws (a component makes this a page, not a resource route). */
export default function ConsoleNotFound() {
  return null
}
