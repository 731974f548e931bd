import { z } from 'zod'
import { emailAddress, narrowWidth, tooLong } from '~/utils/form-fields'
import { isAppError } from '~/utils/errors'
import { passwordProblem } from './password-rules'

/** The account forms, shared by browser and server (Conform); messages are `field.*` keys. */

/** Roles an admin gives by invitation; CHECKIN helpers come from a seminar's page instead. */
export const INVITABLE_ROLES = ['ADMIN', 'STAFF', 'ORGANIZER'] as const
export type InvitableRole = (typeof INVITABLE_ROLES)[number]

const email = emailAddress(254)
const name = z.string({ required_error: 'required' }).trim().min(1, 'required').max(100, tooLong(100))
const role = z.enum(INVITABLE_ROLES, { message: 'invalidChoice' })
// Conform makes one ticked checkbox an array of one, and none an empty array.
const programIds = z.array(z.string()).default([])

export const InviteSchema = z.object({ email, name, role, programIds })
export const UserEditSchema = z.object({ name, role, programIds })

/**
 * What an admin does on a user's page: the details form (typed), and buttons only our page sends.
 * Ending one sign-in names it: without its id the request is refused, not taken as "end them all".
 */
export const UserActionSchema = z.discriminatedUnion('intent', [
  UserEditSchema.extend({ intent: z.literal('update') }),
  z.object({ intent: z.literal('disable') }),
  z.object({ intent: z.literal('enable') }),
  z.object({ intent: z.literal('send-link') }),
  z.object({ intent: z.literal('reset-second-factor') }),
  z.object({ intent: z.literal('end-session'), sessionId: z.string().min(1) }),
  z.object({ intent: z.literal('end-all-sessions') }),
])
export type UserAction = z.output<typeof UserActionSchema>

const newPassword = z.string({ required_error: 'required' }).superRefine((value, ctx) => {
  const problem = passwordProblem(value)
  if (problem)
    ctx.addIssue({ code: 'custom', message: problem === 'tooShort' ? 'passwordTooShort' : 'passwordTooLong' })
})
const repeated = z.string({ required_error: 'required' })
const samePassword = (v: { password: string; confirm: string }) => v.password === v.confirm
const mismatch = { path: ['confirm'], message: 'passwordMismatch' }

export const SetPasswordSchema = z.object({ password: newPassword, confirm: repeated }).refine(samePassword, mismatch)

const changePasswordFields = z.object({
  current: z.string({ required_error: 'required' }),
  password: newPassword,
  confirm: repeated,
})
export const ChangePasswordSchema = changePasswordFields.refine(samePassword, mismatch)

/** A password typed again before a change (checked as a sign-in checks it): empty is a wrong one. */
const reauth = z
  .string()
  .optional()
  .transform((v) => v ?? '')

/**
 * What one does on one's own account page: change the password (typed), or, after the password
 * again, end other sessions (`sessionId` absent: all of them), set up or remove the second factor;
 * and confirm the second factor being set up with a first code (a wrong or empty one is refused
 * by the server).
 */
export const AccountActionSchema = z
  .discriminatedUnion('intent', [
    changePasswordFields.extend({ intent: z.literal('password') }),
    z.object({ intent: z.literal('end-sessions'), reauth, sessionId: z.string().optional() }),
    z.object({ intent: z.literal('mfa-start'), reauth }),
    z.object({ intent: z.literal('mfa-remove'), reauth }),
    z.object({
      intent: z.literal('mfa-confirm'),
      code: z
        .string()
        .optional()
        .transform((v) => v ?? ''),
    }),
  ])
  // ChangePasswordSchema's rule, on the union (a discriminated union takes plain objects only).
  .superRefine((v, ctx) => {
    if (v.intent === 'password' && !samePassword(v)) ctx.addIssue({ code: 'custom', ...mismatch })
  })

/**
 * The field message of a new password the server refused (a common one, or one made of the
 * product's or the person's own names); null for any other error.
 */
export function newPasswordRefusal(error: unknown): 'passwordCommon' | 'passwordContext' | null {
  if (isAppError(error, 'PASSWORD_COMMON')) return 'passwordCommon'
  if (isAppError(error, 'PASSWORD_CONTEXT')) return 'passwordContext'
  return null
}

export const ForgotPasswordSchema = z.object({ email })

/** The sign-in page: an email and a password (checked as they are), and where to go next. */
export const LoginSchema = z.object({
  email: narrowWidth(z.string({ required_error: 'required' }).trim().min(1, 'required').email('invalidEmail')),
  password: z.string({ required_error: 'required' }).min(1, 'required'),
  redirectTo: z.string().optional(),
})

/** A code from the authenticator app (6 digits) or a recovery code (10 letters, a dash). */
export const CodeSchema = z.object({
  code: z.string({ required_error: 'required' }).trim().min(1, 'required').max(20, 'invalidCode'),
  redirectTo: z.string().optional(),
})
