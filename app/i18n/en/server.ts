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
}
