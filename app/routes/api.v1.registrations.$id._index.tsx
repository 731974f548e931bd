import { apiRoute } from '~/modules/api/http.server'
import { getRegistration } from '~/modules/api/resources.server'

/** GET /api/v1/registrations/{id} (docs/decisions/0055-api.md). */
const route = apiRoute({ GET: { scope: 'registrations:read', handle: getRegistration } })

export const loader = route.loader
export const action = route.action
