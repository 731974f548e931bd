import { apiRoute } from '~/modules/api/http.server'
import { participationExport } from '~/modules/api/resources.server'

/** GET /api/v1/exports/participation?fiscalYear=: participation totals per program and seminar (docs/decisions/0055-api.md). */
const route = apiRoute({ GET: { scope: 'exports:read', handle: participationExport } })

export const loader = route.loader
export const action = route.action
