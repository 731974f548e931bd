import { apiRoute } from '~/modules/api/http.server'
import { recordAttendance } from '~/modules/api/resources.server'

/** POST /api/v1/sessions/{sessionId}/attendance: record attendance once per Idempotency-Key (docs/decisions/0055-api.md). */
const route = apiRoute({ POST: { scope: 'attendance:write', idempotency: 'required', handle: recordAttendance } })

export const loader = route.loader
export const action = route.action
