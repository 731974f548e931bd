import { apiRoute } from '~/modules/api/http.server'
import { listRegistrations } from '~/modules/api/resources.server'

/** GET /api/v1/registrations: registrations, a page at a time (docs/decisions/0055-api.md). */
const route = apiRoute({ GET: { scope: 'registrations:read', handle: listRegistrations } })

export const loader = route.loader
export const action = route.action
