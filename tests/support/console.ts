import type { Page } from 'playwright-core'
import { encryptSecret, TOTP_PERIOD_SECONDS, secretKey, totpFor } from '~/modules/accounts/second-factor.server'
import type { Db } from '~/utils/db.server'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { appIdentitySecret, clockOf } from './app-server'

/*
 * Admins (and whatever MFA_REQUIRED_ROLES names) sign in with a second factor. The helpers do what
 * a person with an authenticator app does: enrol at the first sign-in by reading the key shown,
 * then type the current code at each sign-in. A code is never used twice (the server refuses a
 * replay), so a second sign-in within one 30-second step uses the next step's code, which the
 * server accepts one step ahead; when both are used, the server's clock is moved to the next step
 * (tests/support/app-server.ts) instead of waiting for it.
 */

const secrets = new Map<string, string>()
/** The last step used, per server and email: each app server has a clock and codes of its own. */
const lastStep = new Map<string, number>()
const stepKey = (appUrl: string, email: string) => `${new URL(appUrl).origin} ${email.toLowerCase()}`
/** The server's TOTP step, in milliseconds. */
const PERIOD_MS = TOTP_PERIOD_SECONDS * 1000

/** The key of this email's authenticator (after enrolSecondFactor or an enrolment through the page). */
export const totpSecretOf = (email: string) => secrets.get(email.toLowerCase())

/** A fresh code for this email's key that the server at `appUrl` has not seen yet. */
export function nextCode(appUrl: string, email: string): string {
  const secret = secrets.get(email.toLowerCase())
  if (!secret) throw new Error(`${email} has no second factor in this test: enrol it first.`)
  const clock = clockOf(appUrl)
  const key = stepKey(appUrl, email)
  const current = () => Math.floor(clock.now().getTime() / PERIOD_MS)
  const step = Math.max(current(), (lastStep.get(key) ?? -1) + 1)
  // Both this step's code and the next one's were used: the server's clock moves on to the step.
  if (step > current() + 1) clock.advance(step * PERIOD_MS - clock.now().getTime())
  lastStep.set(key, step)
  return totpFor(secret).generate({ timestamp: step * PERIOD_MS })
}

/** Enrols a known TOTP key for a user directly in the database, as a confirmed enrolment leaves it. */
export async function enrolSecondFactor(db: Db, email: string, secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP') {
  const key = email.toLowerCase()
  await db.consoleUser.update({
    where: { email: key },
    data: {
      // Under the key of the app processes tests start (tests/support/app-server.ts).
      totpSecret: encryptSecret(secret, secretKey(appIdentitySecret())),
      totpPending: null,
      totpPendingAt: null,
      totpPendingFor: null,
      totpLastStep: null,
      totpEnabledAt: new Date(),
    },
  })
  secrets.set(key, secret)
  for (const used of lastStep.keys()) if (used.endsWith(` ${key}`)) lastStep.delete(used)
  return secret
}

/**
 * Signs a staff member in through the login form, as a person would: the password, then the code
 * from their authenticator — or, at a first sign-in that requires one, the enrolment (the key is
 * read from the page and remembered for later sign-ins).
 */
export async function signIn(page: Page, appUrl: string, email: string, password: string) {
  await page.goto(`${appUrl}/console/login`)
  await page.locator('[name=email]').fill(email)
  await page.locator('[name=password]').fill(password)
  await page.getByRole('button', { name: 'ログイン' }).click()
  await page.waitForURL(/\/console(\/login\/(code|enrol)\?.*)?$/)
  if (page.url().includes('/console/login/enrol')) {
    const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s/g, '')
    secrets.set(email.toLowerCase(), secret)
    lastStep.delete(stepKey(appUrl, email))
    await page.locator('[name=code]').fill(nextCode(appUrl, email))
    await page.getByRole('button', { name: '設定を完了する' }).click()
    await page.getByTestId('recovery-codes').waitFor()
    await page.getByRole('link', { name: 'コンソールへ進む' }).click()
  } else if (page.url().includes('/console/login/code')) {
    await page.locator('[name=code]').fill(nextCode(appUrl, email))
    await page.getByRole('button', { name: '確認してログイン' }).click()
  }
  await page.waitForURL(/\/console$/)
}

/**
 * Signs in with fetch: the password, then (when the server asks) the code. Returns the last
 * response — the one that sets the session cookie, first of its cookies.
 */
export async function signInByFetch(appUrl: string, email: string, password: string): Promise<Response> {
  const res = await fetch(`${appUrl}/console/login`, {
    method: 'POST',
    body: new URLSearchParams({ email, password }),
    redirect: 'manual',
  })
  const location = res.headers.get('location') ?? ''
  if (!location.startsWith('/console/login/code')) return res
  const pending = res.headers.get('set-cookie')!.split(';')[0]
  return fetch(`${appUrl}${location}`, {
    method: 'POST',
    headers: { cookie: pending },
    body: new URLSearchParams({ code: nextCode(appUrl, email) }),
    redirect: 'manual',
  })
}

/** An organizer assigned to a program of their own: the usual start of a console browser file. */
export async function organizerWithProgram(
  db: Db,
  input: { email: string; name: string; password: string; code: string; programName: string },
): Promise<{ organizerId: string; programId: string }> {
  const organizer = await createConsoleUser(db, {
    email: input.email,
    name: input.name,
    password: input.password,
    role: 'ORGANIZER',
  })
  const programId = (await db.program.create({ data: { code: input.code, name: input.programName } })).id
  await db.programAssignment.create({ data: { userId: organizer.id, programId } })
  return { organizerId: organizer.id, programId }
}
