/**
 * The events a webhook endpoint may receive (docs/decisions/0056-webhooks.md). Shared by server
 * and browser: the console's form lists them, the server queues them.
 */
export const WEBHOOK_EVENTS = [
  'registration.created',
  'registration.cancelled',
  'registration.promoted',
  'attendance.recorded',
  'seminar.published',
  'seminar.changed',
  'seminar.cancelled',
  'fiscal_year.closed',
] as const

export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number]

export function isWebhookEvent(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENTS as readonly string[]).includes(value)
}

/** How an endpoint's events are stored: each between commas, so one LIKE finds a subscriber. */
export function storedEvents(events: readonly WebhookEventType[]): string {
  const chosen = WEBHOOK_EVENTS.filter((e) => events.includes(e))
  return `,${chosen.join(',')},`
}

export function eventsOf(stored: string): WebhookEventType[] {
  return stored.split(',').filter(isWebhookEvent)
}
