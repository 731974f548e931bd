import { z } from 'zod'
import { tooLong } from '~/utils/form-fields'

/** Console forms of the mail module; messages are i18n keys (`field.*`). */

/** Who an organizer's message goes to. "Attended" only makes sense once a session took place. */
export const AUDIENCES = ['ALL', 'CONFIRMED', 'WAITING', 'ATTENDED'] as const
export type Audience = (typeof AUDIENCES)[number]

const required = (max: number) =>
  z.string({ required_error: 'required' }).trim().min(1, 'required').max(max, tooLong(max))

const draft = {
  audience: z.enum(AUDIENCES, { required_error: 'required', invalid_type_error: 'required' }),
  subject: required(150),
  body: required(5000),
}

/**
 * An organizer's message goes out in two steps: `preview` shows it as it will be received and to
 * how many people; from there `test` mails it to oneself, `edit` returns to the form, and `send`
 * sends it to the number of people the preview showed (`expected`).
 */
export const OrganizerMessageSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('preview'), ...draft }),
  z.object({ intent: z.literal('edit'), ...draft }),
  z.object({ intent: z.literal('test'), ...draft }),
  z.object({ intent: z.literal('send'), ...draft, expected: z.coerce.number().int().min(0) }),
])

export const CancelSeminarSchema = z.object({
  reason: required(500),
})

/** The states of the outbox the sent-mail page filters by. */
export const MAIL_STATUSES = ['PENDING', 'SENT', 'FAILED'] as const

/** The sent-mail page's filter (`?status=SENT`): one of the states, else every message. */
const SentMailQuery = z.object({ status: z.enum(MAIL_STATUSES).optional().catch(undefined) })

export function sentMailStatus(params: URLSearchParams) {
  return SentMailQuery.parse({ status: params.get('status') ?? undefined }).status
}
