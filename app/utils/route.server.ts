import { data } from '@remix-run/node'
import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { Params } from '@remix-run/react'
import type { z } from 'zod'
import { badRequest, notFound, type AppError } from './errors'

/**
 * The few helpers every route uses (docs/decisions/0027-one-front-door.md): a route is one guard
 * (`requireAccess`), one schema (parsed here), one module call, one answer.
 */

/** A route parameter; a URL without it is not a page of ours (404). */
export function requireParam(params: Params, name: string): string {
  const value = params[name]
  if (!value) throw notFound()
  return value
}

/**
 * The intent of a form only our pages send (hidden fields, buttons): parsed with its schema, or
 * 400 when it does not match (a forged or stale request, never a person's typing).
 */
export function requireIntent<Schema extends z.ZodTypeAny>(formData: FormData, schema: Schema): z.output<Schema> {
  const submission = parseWithZod(formData, { schema })
  if (submission.status !== 'success') throw badRequest()
  return submission.value
}

/** A form's answer when a module refused it: the form keeps what was typed, the message says why. */
export function replyWithAppError(
  submission: { reply: (options?: { formErrors?: string[] }) => SubmissionResult<string[]> },
  error: AppError,
) {
  return data(submission.reply({ formErrors: [error.messageKey] }), { status: error.status })
}
