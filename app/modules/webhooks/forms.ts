import { z } from 'zod'
import { optionalLine, requiredLine } from '~/utils/form-fields'
import { WEBHOOK_EVENTS } from './events'

/**
 * The webhook pages' forms (docs/decisions/0056-webhooks.md); messages are i18n keys (`field.*`).
 * Whether the URL may be used (HTTPS, no private address) is the server's rule
 * (address.server.ts), checked by the action after this schema.
 */
export const EndpointSchema = z.object({
  url: requiredLine(2000),
  description: optionalLine(100),
  events: z.array(z.enum(WEBHOOK_EVENTS), { required_error: 'webhookEvents' }).min(1, 'webhookEvents'),
})

/** The list page: a new endpoint. */
export const WebhooksPageSchema = z.discriminatedUnion('intent', [
  EndpointSchema.extend({ intent: z.literal('create') }),
])

/** One endpoint's page: change it, a new secret, delete it, resume it, send a delivery again. */
export const WebhookPageSchema = z.discriminatedUnion('intent', [
  EndpointSchema.extend({ intent: z.literal('update') }),
  // A new secret and deleting are asked first (docs/decisions/0040): the first button asks, the
  // second acts.
  z.object({ intent: z.literal('ask'), about: z.enum(['rotate', 'delete']) }),
  z.object({ intent: z.literal('rotate') }),
  z.object({ intent: z.literal('delete') }),
  z.object({ intent: z.literal('resume') }),
  z.object({ intent: z.literal('redeliver'), deliveryId: z.string().min(1).max(200) }),
])
