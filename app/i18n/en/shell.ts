import type { Dictionary } from '~/utils/i18n'
import type { shellJa } from '../ja/shell'

/**
 * The page frame (header, footer, language switch) and the error pages. Sent with every page; the
 * Japanese file is also in the browser bundle, for a page rendered without the root loader (an unknown URL).
 * English: exactly the keys of the Japanese file (a missing or extra key is a type error).
 */
export const shellEn: Dictionary<keyof typeof shellJa> = {
  // a database outage: the 503 page and plain-text answer
  'dbfaults.title': 'Briefly unavailable',
  'dbfaults.unavailable': 'The service is briefly unable to save or show data. Please try again shortly.',
  'dbfaults.notSaved': 'If you sent a form, it may not have been saved. Please wait a moment and send it again.',
  'dbfaults.retry': 'Load the page again',

  'site.name': 'Jisseki Seminars',
  'site.tagline': 'Registration for industry-promotion seminars',
  // The console's pages' titles: "Seminars | Jisseki console"
  'site.consoleName': 'Jisseki console',
  'nav.seminars': 'Seminars',
  'nav.console': 'Organizers',
  'nav.skip': 'Skip to content',
  'nav.main': 'Main menu',
  'lang.switchTo': '日本語',
  'lang.switchLabel': 'Switch the language to Japanese',
  'footer.privacy': 'Privacy notice',
  'footer.accessibility': 'Accessibility',
  'footer.note': 'No account is needed to register.',
  'seminar.back': 'Back to seminars',
  'field.tooLong': { by: 'max', one: 'Use at most {max} character.', other: 'Use at most {max} characters.' },
  'errors.INVALID_CREDENTIALS': 'The email address or password is not correct.',
  'errors.TOO_MANY_ATTEMPTS': 'Too many failed sign-ins: please wait a little and try again.',
  'errors.notFound': 'Page not found.',
  'errors.notFoundTitle': 'Page not found',
  'errors.generic': 'Something went wrong. Please try again in a moment.',
  'errors.title': 'Error',
  // 403: what is not allowed, and who may (the roles come worded from the server)
  'errors.forbiddenTitle': 'You are not allowed to open this page',
  'errors.forbiddenRoles': 'This page is for the role of {roles}.',
  'errors.forbiddenScope': 'This page opens only for the programs and seminars you are assigned to.',
  'errors.forbiddenAsk': 'If you need it, ask an administrator to change your role or assignments.',
  'errors.forbiddenHome': 'Back to the organizer console',
}
