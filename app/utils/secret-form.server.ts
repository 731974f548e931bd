import crypto from 'node:crypto'
import { data } from '@remix-run/node'
import type { SubmissionResult } from '@conform-to/react'

type Replying = {
  reply: (options?: {
    formErrors?: string[]
    fieldErrors?: Record<string, string[]>
    hideFields?: string[]
  }) => SubmissionResult<string[]>
}

/**
 * The answer of a refused form that carries a secret (a password, a second-factor code): its
 * errors, the secret fields emptied, and a fresh `attempt` that renews their inputs so a refused
 * secret never stays in a field. `retryAfterSeconds` (a slow-down or rate limit) becomes the
 * Retry-After header; `extra` goes beside the reply (what the message names, say the minutes).
 */
export function refusedSecretForm<Extra extends Record<string, unknown> = Record<never, never>>(
  submission: Replying,
  hideFields: string[],
  refusal: {
    formErrors?: string[]
    fieldErrors?: Record<string, string[]>
    status: number
    retryAfterSeconds?: number
    headers?: Record<string, string>
  },
  extra?: Extra,
) {
  const { formErrors, fieldErrors, status, retryAfterSeconds, headers } = refusal
  return data(
    {
      // Only the errors given: Conform reads a key that is there, even undefined.
      ...submission.reply({
        ...(formErrors ? { formErrors } : {}),
        ...(fieldErrors ? { fieldErrors } : {}),
        hideFields,
      }),
      attempt: crypto.randomUUID(),
      ...(extra as Extra),
    },
    {
      status,
      headers: {
        ...headers,
        ...(retryAfterSeconds !== undefined ? { 'Retry-After': String(retryAfterSeconds) } : {}),
      },
    },
  )
}
