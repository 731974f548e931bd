import { apiJson } from '~/modules/api/http.server'
import { openApiDocument } from '~/modules/api/openapi.server'

/** The OpenAPI 3.1 description of /api/v1, public: no token (docs/decisions/0055-api.md). */
export function loader() {
  return apiJson(200, openApiDocument(), { 'Cache-Control': 'public, max-age=300' })
}
