import type { Dictionary } from '~/utils/i18n'
import type { serverJa } from '../ja/server'

/**
 * Strings only the server uses: calendar files, exports, the request-limit page, plain-text
 * answers, and keys no page uses. Never sent to a browser.
 * English: exactly the keys of the Japanese file (a missing or extra key is a type error).
 */
export const serverEn: Dictionary<keyof typeof serverJa> = {
  // year-end closing (締め): confirmation, pending differences, adjustments
  'close.pendingIndicators': { one: '{count} indicator', other: '{count} indicators' },
  'close.pendingParticipation': { one: '{count} participation figure', other: '{count} participation figures' },
  'close.noteColumn': 'Note',
  'close.noteClosed': 'Closed',
  'close.notePending': 'Pending difference {delta}',

  // the request limits: the 413 / 400 page and the import's limits
  'limits.tooLargeTitle': 'What was sent is too large',
  'limits.malformedTitle': 'What was sent cannot be accepted',
  'limits.tooLarge': 'At most {limit} can be sent at once.',
  'limits.tooManyRepeats': 'One field can be sent at most {limit} times.',
  'limits.badName': 'A field name is not valid.',
  'limits.unsupportedType': 'This kind of submission is not accepted. Please send the form on the page.',
  'limits.nothingSaved': 'Nothing that was sent has been saved.',
  'limits.back': 'Back to the page',

  'seminar.program': 'Program',
  'seminar.notFound': 'Seminar not found.',
  'ics.sessionSummary': '{title} (session {number})',
  'ics.online': 'Online',
  'ics.format': 'Format: {mode}',
  'ics.join': 'Link to join: {url}',
  'ics.waitlisted': 'You are on the waiting list. If a seat frees up you move up automatically and we email you.',
  'ics.manage': 'View, change or cancel your registration: {url}',
  'ics.details': 'Seminar details: {url}',
  'ics.programFeedName': '{program} ({site})',
  'form.required': 'Required',
  'ind.close': 'Close {year}',
  'ind.closeConfirm': "Closing freezes this fiscal year's actuals.",
  'ind.pending': 'Pending difference {delta}',
  'ind.accept': 'Accept as adjustment',
  'ind.noneYet': '–',
  'eval.kind': 'Kind',
  'eval.unit': 'Unit',
  'eval.previousActual': 'Previous year actual',
  'eval.plan': 'Plan',
  'eval.actual': 'Actual',
  'eval.nextPlan': 'Next year plan',
  'eval.state': 'State',
  // the JSON API (docs/decisions/0055-api.md)
  'api.error.unauthorized': 'The API token is missing, unknown, revoked or expired.',
  'api.error.forbidden': 'This API token lacks the scope this call needs ({scope}).',
  'api.error.rateLimited': {
    one: 'Too many calls. Please try again in {count} second.',
    other: 'Too many calls. Please try again in {count} seconds.',
  },
  'api.error.notFound': 'Not found.',
  'api.error.methodNotAllowed': 'This address does not take this method.',
  'api.error.malformedJson': 'The body is not valid JSON.',
  'api.error.invalidField': 'The field "{field}" is not valid.',
  'api.error.invalidCursor': 'The cursor is not valid (altered, or from another list).',
  'api.error.tooLarge': 'The body is too large (at most {limit}).',
  'api.error.unsupportedType': 'Send the body as application/json.',
  'api.error.idempotencyReused': 'This Idempotency-Key was used for a different call.',
  'api.error.idempotencyInProgress': 'A call with the same Idempotency-Key is in progress. Please try again shortly.',
  'api.error.idempotencyRequired': 'The Idempotency-Key header is required.',
  'api.error.notConfirmed': 'This registration is not confirmed: attendance cannot be recorded.',
  'api.error.alreadyRegistered': 'This person is already registered for this seminar.',
  'api.error.unavailable': 'The database cannot be reached. Please try again shortly.',
  'api.error.internal': 'An error occurred on the server.',
}
