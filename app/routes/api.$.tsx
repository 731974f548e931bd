import { unknownApiAddress } from '~/modules/api/http.server'

/**
 * Any other address under /api: a 404 in the API's JSON shape, whatever the method, never the
 * site's HTML page (docs/decisions/0055-api.md).
 */
export const loader = unknownApiAddress
export const action = unknownApiAddress
