/**
 * The last accessibility check of this app, as the accessibility policy page (/accessibility)
 * publishes it (みんなの公共サイト運用ガイドライン: 試験結果 with its date and method). Update it
 * whenever the check is run: tests/e2e/accessibility.test.ts (axe-core on every page) and the
 * keyboard-only tests, docs/decisions/0043-accessibility-checks-and-policy.md.
 * app/modules/accessibility/last-check.test.ts fails when `pages` is not the route table's list of
 * pages, and tests/e2e/accessibility.test.ts when `axeCore` is not the installed axe-core.
 */
export const LAST_ACCESSIBILITY_CHECK = {
  /** The day the checks below were run and their result read (Japan time, YYYY-MM-DD). */
  date: '2026-12-01',
  axeCore: '4.14.1',
  /** axe-core's rule tags: WCAG 2.0 and 2.1, levels A and AA. */
  tags: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'],
  languages: ['ja', 'en'],
  /** Viewport widths in CSS pixels: a phone and a desktop. */
  widths: [390, 1280],
  /** The keyboard-only tests (tests/e2e/keyboard.test.ts), by the key of their description. */
  keyboard: ['registration', 'checkin', 'seminarForm', 'attendanceSheet'],
  /** Whether every keyboard-only test passed on that day; null: not run to the end yet. */
  keyboardPassed: true as boolean | null,
  /**
   * What the automated check found on that day, on every page below in both languages and widths:
   * the number of violations; null while no complete run has been read. (2026-12-01: a partial run
   * on the build before that day's fixes found 6 — the 404 page's missing title and five scrollable
   * regions the keyboard could not reach; after the fixes the complete run, 4 combinations of
   * language and width, found none.)
   */
  violations: 0 as number | null,
  /** Every page of the app, as its address pattern (tests/support/route-table.ts). */
  pages: [
    '/',
    '/accessibility',
    '/checkin/:token',
    '/console',
    '/console/account',
    '/console/api-tokens',
    '/console/audit',
    '/console/categories',
    '/console/checkin',
    '/console/forgot-password',
    '/console/indicators',
    '/console/indicators/:id',
    '/console/indicators/:id/evidence',
    '/console/indicators/close',
    '/console/indicators/new',
    '/console/indicators/settings',
    '/console/login',
    '/console/login/code',
    '/console/login/enrol',
    '/console/mail',
    '/console/mail/:id',
    '/console/password/:token',
    '/console/past-imports',
    '/console/programs',
    '/console/programs/:programId/certificate',
    '/console/programs/:programId/import/:importId',
    '/console/programs/:programId/questions',
    '/console/programs/:programId/survey-results',
    '/console/reports',
    '/console/security',
    '/console/seminars/:id',
    '/console/seminars/:id/attendance',
    '/console/seminars/:id/cancel',
    '/console/seminars/:id/certificates',
    '/console/seminars/:id/edit',
    '/console/seminars/:id/import',
    '/console/seminars/:id/import/:importId',
    '/console/seminars/:id/lottery',
    '/console/seminars/:id/message',
    '/console/seminars/:id/name-cards',
    '/console/seminars/:id/questions',
    '/console/seminars/:id/registrations/:rid',
    '/console/seminars/:id/registrations/:rid/cancel',
    '/console/seminars/:id/registrations/:rid/delete',
    '/console/seminars/:id/registrations/:rid/reissue',
    '/console/seminars/:id/registrations/:rid/slip',
    '/console/seminars/:id/registrations/new',
    '/console/seminars/:id/roster',
    '/console/seminars/:id/survey',
    '/console/seminars/:id/survey/results',
    '/console/seminars/new',
    '/console/sessions/:sessionId/attendance',
    '/console/sessions/:sessionId/checkin',
    '/console/sessions/:sessionId/delete',
    '/console/sessions/:sessionId/import',
    '/console/sessions/:sessionId/walk-in',
    '/console/users',
    '/console/users/:id',
    '/console/webhooks',
    '/console/webhooks/:id',
    '/privacy',
    '/r/:token',
    '/r/:token/cancel',
    '/r/:token/certificate',
    '/r/:token/change',
    '/r/:token/done',
    '/r/:token/group',
    '/s/:token',
    '/seminars/:id',
    '/seminars/:id/register',
    '/seminars/:id/registered',
  ],
} as const
