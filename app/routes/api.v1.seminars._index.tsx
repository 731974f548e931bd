import { apiRoute } from '~/modules/api/http.server'
import { listSeminars } from '~/modules/api/resources.server'

/** GET /api/v1/seminars: the seminars, a page at a time (docs/decisions/0055-api.md). */
const route = apiRoute({ GET: { scope: 'seminars:read', handle: listSeminars } })

export const loader = route.loader
export const action = route.action
