import { apiRoute } from '~/modules/api/http.server'
import { listIndicators } from '~/modules/api/resources.server'

/** GET /api/v1/indicators?fiscalYear=: plan and actual per program (docs/decisions/0055-api.md). */
const route = apiRoute({ GET: { scope: 'indicators:read', handle: listIndicators } })

export const loader = route.loader
export const action = route.action
