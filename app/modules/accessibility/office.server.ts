import { env } from '~/utils/env.server'
import { getT } from '~/utils/request.server'
import { officeContact, officeName } from './office'

/** The office as the public policy pages name it (the site's name without one), and its contact address. */
export function officeForPage(request: Request) {
  const config = env()
  return { office: officeName(config.MAIL_FROM) ?? getT(request)('site.name'), contact: officeContact(config) }
}
