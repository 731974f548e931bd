import fs from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { qrPng } from '~/modules/mail/qr-png.server'
import { newManageToken, newRegistrationCode } from '~/modules/registration/registrations.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { JAVASCRIPT_SETTINGS, launchBrowser } from '../support/browser'
import { signIn, organizerWithProgram } from '../support/console'
import { createSeminar } from '../support/factories'
import { readPdf } from '../support/pdf-text'

/**
 * Certificates (docs/decisions/0051-certificates.md): the organizer sets the program's layout in
 * the console (a seal that is not an image is refused, what was typed stays), and a participant
 * downloads their certificate on a 390 px phone through their private link — with and without
 * JavaScript; the code printed on it opens the public verification page.
 */
let app: AppServer
let browser: Browser
let programId: string
const PASSWORD = 'a long organizer password 1'
const pageErrors: Error[] = []
const SHOTS = process.env.CERTIFICATE_SHOTS
const DAY = 24 * 3600_000

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
  programId = (
    await organizerWithProgram(app.db, {
      email: 'certificates@city.example.jp',
      name: '証明書 担当',
      password: PASSWORD,
      code: 'CRT',
      programName: '人材育成事業',
    })
  ).programId
})
afterEach(() => {
  expect(pageErrors).toEqual([])
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

async function newPage(javaScriptEnabled: boolean, width = 1280): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled,
    viewport: { width, height: 900 },
    acceptDownloads: true,
  })
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  return page
}

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
}

/** A confirmed registration of the seminar, checked in at its first session when `attended`. */
async function registrant(seminarId: string, name: string, attended: boolean) {
  const email = `${crypto.randomUUID().slice(0, 8)}@example.jp`
  const person = await app.db.person.create({ data: { emailNormalized: email, name, furigana: 'て' } })
  const registration = await app.db.registration.create({
    data: {
      seminarId,
      personId: person.id,
      name,
      furigana: 'て',
      email,
      emailNormalized: email,
      organizationName: '株式会社サンプル',
      inCity: true,
      mode: 'IN_PERSON',
      status: 'CONFIRMED',
      language: 'ja',
      manageToken: newManageToken(),
      code: newRegistrationCode(),
    },
  })
  if (attended) {
    const session = await app.db.session.findFirstOrThrow({ where: { seminarId } })
    await app.db.attendance.create({
      data: { sessionId: session.id, registrationId: registration.id, mode: 'IN_PERSON', source: 'QR' },
    })
  }
  return registration
}

describe('certificates', () => {
  for (const javaScriptEnabled of JAVASCRIPT_SETTINGS) {
    const js = `JavaScript ${javaScriptEnabled ? 'on' : 'off'}`
    it(`the organizer sets the layout, a participant downloads their certificate on a phone (${js})`, async () => {
      // The seminar's one session was a week ago.
      const seminar = await createSeminar(
        app.db,
        { programId, title: `AI人材育成講座 ${js}` },
        new Date(Date.now() - 14 * DAY),
      )
      const staff = await newPage(javaScriptEnabled)
      await signIn(staff, app.url, 'certificates@city.example.jp', PASSWORD)
      await staff.goto(`${app.url}/console/seminars/${seminar.id}`)
      await staff.getByRole('link', { name: '証明書', exact: true }).click()
      await staff.getByRole('heading', { level: 1, name: '受講証明書・修了証' }).waitFor()
      await staff.getByLabel('最終回の翌日に、受講した方へ証明書をメールで送る').check()
      await staff.getByRole('button', { name: '設定を保存' }).click()
      await staff.getByText('証明書のメール送付の設定を保存しました。').waitFor()
      expect((await app.db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })).certificatesByMail).toBe(true)

      await staff.getByRole('link', { name: /証明書の様式/ }).click()
      await staff.getByRole('heading', { level: 1, name: /証明書の様式/ }).waitFor()
      await staff.getByLabel('発行者（事務局名）').fill('横浜市 産業振興課')
      await staff.getByLabel('署名者の役職').fill('課長')
      await staff.getByLabel('署名者の氏名').fill('山田 太郎')
      await staff.getByLabel('西暦（2026年12月1日）').check()
      // Not an image, whatever its name says: refused, nothing saved, what was typed stays.
      const before = await app.db.certificateLayout.findUnique({ where: { programId } })
      await staff.getByLabel(/印影の画像/).setInputFiles({
        name: 'seal.png',
        mimeType: 'image/png',
        buffer: Buffer.from('this is a text file, not a seal'),
      })
      await staff.getByRole('button', { name: '保存する' }).click()
      await staff.getByText('印影の画像として読み込めませんでした。', { exact: false }).first().waitFor()
      expect(await staff.getByLabel('発行者（事務局名）').inputValue()).toBe('横浜市 産業振興課')
      expect(await app.db.certificateLayout.findUnique({ where: { programId } })).toEqual(before)
      await staff
        .getByLabel(/印影の画像/)
        .setInputFiles({ name: 'seal.png', mimeType: 'image/png', buffer: qrPng('seal') })
      await staff.getByRole('button', { name: '保存する' }).click()
      await staff.getByText('証明書の様式を保存しました。').waitFor()
      await shot(staff, 'certificate-layout')
      const layout = await app.db.certificateLayout.findUniqueOrThrow({ where: { programId } })
      expect(layout).toMatchObject({ officeName: '横浜市 産業振興課', dateStyle: 'WESTERN', sealType: 'image/png' })
      await staff.context().close()

      // The participant, on a phone, through their private link.
      const hanako = await registrant(seminar.id, '山田 花子', true)
      const phone = await newPage(javaScriptEnabled, 390)
      await phone.goto(`${app.url}/r/${hanako.manageToken}`)
      await phone.getByRole('link', { name: '受講証明書・修了証を受け取る' }).click()
      await phone.getByRole('heading', { level: 1, name: '受講証明書・修了証' }).waitFor()
      // Opening the page issued nothing.
      expect(await app.db.certificate.count({ where: { registrationId: hanako.id } })).toBe(0)
      await shot(phone, 'certificate-phone')
      const [download] = await Promise.all([
        phone.waitForEvent('download'),
        phone.getByRole('button', { name: '受講証明書を受け取る（PDF）' }).click(),
      ])
      const pdf = fs.readFileSync((await download.path())!)
      const { pages, text } = await readPdf(pdf)
      expect(pages).toHaveLength(1)
      const flat = text.replace(/\s+/g, '')
      for (const words of [
        '受講証明書',
        '山田花子様',
        `AI人材育成講座${js.replace(/\s/g, '')}`,
        '横浜市産業振興課',
        '課長山田太郎',
      ])
        expect(flat).toContain(words)
      expect(flat).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/)
      expect(flat).not.toContain('令和')
      const { code } = await app.db.certificate.findFirstOrThrow({ where: { registrationId: hanako.id } })
      expect(flat).toContain(`/c/${code}`)

      // The code printed on it opens the verification page: initials, seminar, kind, nothing else.
      await phone.goto(`${app.url}/c/${code}`)
      await phone.getByRole('heading', { level: 1, name: '証明書の確認' }).waitFor()
      const body = await phone.locator('main').innerText()
      expect(body).toContain('山・花')
      expect(body).toContain(`AI人材育成講座 ${js}`)
      expect(body).not.toContain('山田')
      expect(body).not.toContain('株式会社サンプル')
      await phone.goto(`${app.url}/c/ZZZZZZZZZZZZZZZZ`)
      await phone.getByRole('heading', { level: 1, name: '証明書が見つかりません' }).waitFor()

      // Someone who did not attend is told so, and is offered nothing to download.
      const absent = await registrant(seminar.id, '欠席 一郎', false)
      await phone.goto(`${app.url}/r/${absent.manageToken}/certificate`)
      await phone.getByText('受講の記録がないため、証明書は発行できません。', { exact: false }).waitFor()
      expect(await phone.getByRole('button', { name: /受け取る（PDF）/ }).count()).toBe(0)
      await phone.context().close()
    })
  }
})
