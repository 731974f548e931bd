/**
 * How large a meeting report may be (docs/decisions/0019-request-limits.md). A Zoom report has one
 * row per join or leave: a 500-person webinar with reconnections is some 2,000 rows and about 15
 * columns. Shared by the parser and the messages that name the limits.
 */
export const MAX_REPORT_ROWS = 20_000
export const MAX_REPORT_COLUMNS = 100
