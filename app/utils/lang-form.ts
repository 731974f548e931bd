import { z } from 'zod'
import { LANGS } from './i18n'

/** A field's first value, as a form posts it (a field sent twice is read as its first). */
const first = (schema: z.ZodTypeAny) => z.preprocess((v) => (Array.isArray(v) ? v[0] : v), schema)

/**
 * The language switch in every page's header (POST /lang): the language chosen, if it is one of
 * ours (anything else changes nothing), and the page to go back to (checked by safeRedirectPath).
 */
export const LangSwitchSchema = z.object({
  lang: first(z.enum(LANGS).optional()).catch(undefined),
  redirectTo: first(z.string().optional()).catch(undefined),
})
