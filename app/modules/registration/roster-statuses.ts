/** The statuses the roster (名簿) can be filtered by; shared by its page and its module. */
export const ROSTER_STATUSES = ['CONFIRMED', 'WAITLISTED', 'CANCELLED'] as const
export type RosterStatus = (typeof ROSTER_STATUSES)[number]
