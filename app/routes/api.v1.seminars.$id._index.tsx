import { apiRoute } from '~/modules/api/http.server'
import { getSeminar } from '~/modules/api/resources.server'

/** GET /api/v1/seminars/{id}: one seminar with its sessions (docs/decisions/0055-api.md). */
const route = apiRoute({ GET: { scope: 'seminars:read', handle: getSeminar } })

export const loader = route.loader
export const action = route.action
