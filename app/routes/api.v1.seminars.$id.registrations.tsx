import { apiRoute } from '~/modules/api/http.server'
import { createRegistration, replayRegistration } from '~/modules/api/resources.server'

/** POST /api/v1/seminars/{id}/registrations: register someone as the public form does (docs/decisions/0055-api.md). */
const route = apiRoute({
  POST: {
    scope: 'registrations:write',
    idempotency: 'optional',
    handle: createRegistration,
    replay: replayRegistration,
  },
})

export const loader = route.loader
export const action = route.action
