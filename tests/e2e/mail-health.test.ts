import type { Browser, Page } from 'playwright-core'
import { SMTPServer } from 'smtp-server'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { STUCK_AFTER_SECONDS } from '~/modules/mail/health.server'
import { register } from '~/modules/registration/registrations.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'
import { signIn } from '../support/console'
import { createSeminar, participant } from '../support/factories'

/**
 * Mail health (docs/decisions/0026): the app as `npm start` runs it, with a real mail server that answers every
 * message "try again later" (451), so the outbox gets stuck. /healthz says so (still 200: the app serves), and the
 * console shows it to admins, not to other roles.
 */
let app: AppServer
let browser: Browser
let smtp: SMTPServer
const pageErrors: Error[] = []
const PASSWORD = 'a long mail health password'

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      callback(Object.assign(new Error('Try again later'), { responseCode: 451 }))
    },
  })
  smtp.on('error', () => undefined)
  const port = await new Promise<number>((resolve) =>
    smtp.listen(0, '127.0.0.1', () => resolve((smtp.server.address() as { port: number }).port)),
  )
  app = await startAppServer({ env: { SMTP_URL: `smtp://127.0.0.1:${port}` } })
  browser = await launchBrowser()
  await createConsoleUser(app.db, { email: 'admin@city.example.jp', name: '管理 花子', password: PASSWORD })
  await createConsoleUser(app.db, {
    email: 'organizer@city.example.jp',
    name: '担当 一郎',
    password: PASSWORD,
    role: 'ORGANIZER',
  })
})
afterEach(() => {
  expect(pageErrors).toEqual([])
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()))
})

async function signedIn(email: string): Promise<Page> {
  const page = await browser.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  await signIn(page, app.url, email, PASSWORD)
  return page
}

type Health = {
  status: string
  mail: { state: string; reasons: string[]; pending: number; oldestPendingSeconds: number }
}

describe('mail health', () => {
  it('reports a stuck outbox on /healthz and to admins in the console, not to organizers', async () => {
    const first = await fetch(`${app.url}/healthz`)
    expect(first.status).toBe(200)
    expect(await first.json()).toEqual({ status: 'ok', mail: { state: 'ok', reasons: [], oldestPendingSeconds: 0 } })

    // A confirmation that has been waiting longer than the threshold (the server keeps deferring it).
    const seminar = await createSeminar(app.db, { title: '配信状況セミナー' })
    const r = await register(app.db, { seminarId: seminar.id, ...participant() })
    await app.db.outboxMessage.updateMany({
      where: { registrationId: r.id },
      data: { createdAt: new Date(Date.now() - (STUCK_AFTER_SECONDS + 60) * 1000) },
    })
    // The worker tries it (and the server defers it) before the check.
    await expect
      .poll(async () => (await app.db.outboxMessage.findFirstOrThrow({ where: { registrationId: r.id } })).lastError)
      .toMatch(/451/)

    const res = await fetch(`${app.url}/healthz`)
    expect(res.status).toBe(200)
    const health = (await res.json()) as Health
    expect(health).toMatchObject({ status: 'degraded', mail: { state: 'degraded', reasons: ['stuck'] } })
    // Counts that tell how many registered are for admins only.
    expect(Object.keys(health.mail).sort()).toEqual(['oldestPendingSeconds', 'reasons', 'state'])
    expect(health.mail.oldestPendingSeconds).toBeGreaterThanOrEqual(STUCK_AFTER_SECONDS + 60)

    const admin = await signedIn('admin@city.example.jp')
    const alert = admin.getByRole('region', { name: 'メール配信状況' })
    await expect.poll(() => alert.getByRole('alert').textContent()).toContain('配信に問題があります')
    expect(await alert.textContent()).toContain(`${STUCK_AFTER_SECONDS / 60}分以上送信されていないメールがあります`)
    await admin.goto(`${app.url}/console/mail`)
    expect(await admin.getByRole('region', { name: 'メール配信状況' }).textContent()).toMatch(/送信待ち\s*1通/)
    await admin.close()

    const organizer = await signedIn('organizer@city.example.jp')
    expect(await organizer.getByRole('heading', { level: 1 }).textContent()).toBeTruthy()
    expect(await organizer.getByRole('region', { name: 'メール配信状況' }).count()).toBe(0)
    expect(await organizer.content()).not.toContain('配信に問題があります')
    await organizer.close()
  })
})
