import { apiJson, apiLang, errorBody } from '~/modules/api/http.server'
import { translator } from '~/utils/i18n.server'

/**
 * Any other address under /api: a 404 in the API's JSON shape, whatever the method, never the
 * site's HTML page (docs/decisions/0055-api.md).
 */
function notFound({ request }: { request: Request }) {
  return apiJson(404, errorBody('NOT_FOUND', translator(apiLang(request))('api.error.notFound')))
}

export const loader = notFound
export const action = notFound
