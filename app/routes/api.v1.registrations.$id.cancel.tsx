import { apiRoute } from '~/modules/api/http.server'
import { cancelRegistrationCall, replayRegistration } from '~/modules/api/resources.server'

/** POST /api/v1/registrations/{id}/cancel (docs/decisions/0055-api.md). */
const route = apiRoute({
  POST: {
    scope: 'registrations:write',
    idempotency: 'optional',
    handle: cancelRegistrationCall,
    replay: replayRegistration,
  },
})

export const loader = route.loader
export const action = route.action
