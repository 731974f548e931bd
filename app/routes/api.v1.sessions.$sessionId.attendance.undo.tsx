import { apiRoute } from '~/modules/api/http.server'
import { undoAttendance } from '~/modules/api/resources.server'

/** POST /api/v1/sessions/{sessionId}/attendance/undo (docs/decisions/0055-api.md). */
const route = apiRoute({ POST: { scope: 'attendance:write', idempotency: 'required', handle: undoAttendance } })

export const loader = route.loader
export const action = route.action
