import { z } from 'zod'
import { checkbox, japaneseNumber, tokyoDateTime } from '~/utils/form-fields'
import type { Priority } from './method'

/*
 * The console's lottery page (docs/decisions/0049-lottery.md), shared by the browser and the
 * server: the settings form and the draw button. Messages are i18n keys (`field.*`). The limits
 * are lottery.server.ts's; they are repeated here because that module is the server's.
 */

/** As PRIORITIES_MAX and CONFIRM_HOURS_MAX in lottery.server.ts (a test checks they agree). */
export const PRIORITY_ROWS = 5
export const CONFIRM_HOURS_LIMIT = 336

export const ALLOCATIONS = ['FIRST_COME', 'LOTTERY'] as const

/**
 * A priority as a select's value: "IN_CITY", "FIRST_TIME" or "ANSWER:<question id>:<choice key>"
 * (ids and keys have no colon: cuid and base64url). One select per row works without JavaScript.
 */
export function priorityValue(p: Priority): string {
  return p.kind === 'ANSWER' ? `ANSWER:${p.questionId}:${p.value}` : p.kind
}

export function parsePriorityValue(value: string): Priority | null {
  if (value === 'IN_CITY' || value === 'FIRST_TIME') return { kind: value }
  const m = /^ANSWER:([^:]+):(.+)$/.exec(value)
  // Keys in the order lottery.server.ts's schema reads them back (the stored JSON is compared).
  return m ? { kind: 'ANSWER', questionId: m[1], value: m[2] } : null
}

const priorityRows = z
  .preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.string().optional()).max(PRIORITY_ROWS, 'invalidChoice'),
  )
  .transform((rows, ctx) => {
    const priorities: Priority[] = []
    const seen = new Set<string>()
    for (const [i, row] of rows.entries()) {
      if (!row) continue
      const p = parsePriorityValue(row)
      if (!p) {
        ctx.addIssue({ code: 'custom', path: [i], message: 'invalidChoice' })
        continue
      }
      if (seen.has(row)) ctx.addIssue({ code: 'custom', path: [i], message: 'lotteryPriorityTwice' })
      seen.add(row)
      priorities.push(p)
    }
    return priorities
  })

export const LotteryPageSchema = z
  .discriminatedUnion('intent', [
    z.object({
      intent: z.literal('settings'),
      allocation: z.enum(ALLOCATIONS, { message: 'invalidChoice' }),
      drawAt: tokyoDateTime.optional(),
      confirmHours: japaneseNumber({ integer: true, min: 1, max: CONFIRM_HOURS_LIMIT, message: 'lotteryConfirmHours' }),
      priorities: priorityRows,
    }),
    z.object({
      intent: z.literal('draw'),
      confirm: checkbox.refine((v) => v, 'lotteryDrawConfirm'),
    }),
  ])
  // A lottery needs the time of its draw; first come needs nothing else.
  .superRefine((v, ctx) => {
    if (v.intent === 'settings' && v.allocation === 'LOTTERY' && !v.drawAt)
      ctx.addIssue({ code: 'custom', path: ['drawAt'], message: 'required' })
  })

export type LotteryPageForm = z.output<typeof LotteryPageSchema>
export type LotterySettingsForm = Extract<LotteryPageForm, { intent: 'settings' }>
