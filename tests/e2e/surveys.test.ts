import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { newManageToken, newRegistrationCode } from '~/modules/registration/registrations.server'
import { appIdentitySecret, startAppServer, type AppServer } from '../support/app-server'
import { JAVASCRIPT_SETTINGS, launchBrowser } from '../support/browser'
import { signIn, organizerWithProgram } from '../support/console'
import { createSeminar } from '../support/factories'
import { surveyInvitation } from '../support/route-table'

/**
 * The survey after a seminar (docs/decisions/0047-surveys.md): the organizer sets it up in the
 * console, and a participant answers it through their private link on a 390 px phone, once — with
 * and without JavaScript.
 */
let app: AppServer
let browser: Browser
let programId: string
const PASSWORD = 'a long organizer password 1'
const pageErrors: Error[] = []
const SHOTS = process.env.SURVEY_SHOTS

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
  programId = (
    await organizerWithProgram(app.db, {
      email: 'surveys@city.example.jp',
      name: 'アンケート 担当',
      password: PASSWORD,
      code: 'SRV',
      programName: 'アンケート事業',
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
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width, height: 900 } })
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  return page
}

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
}

/** A confirmed registration of the seminar, as a door check-in would find it. */
async function attendee(seminarId: string, label: string, language: 'ja' | 'en' = 'ja') {
  const email = `${label}@example.jp`
  const person = await app.db.person.create({ data: { emailNormalized: email, name: label, furigana: 'て' } })
  return app.db.registration.create({
    data: {
      seminarId,
      personId: person.id,
      name: label,
      furigana: 'て',
      email,
      emailNormalized: email,
      inCity: true,
      mode: 'IN_PERSON',
      status: 'CONFIRMED',
      language,
      manageToken: newManageToken(),
      code: newRegistrationCode(),
    },
  })
}

describe('the survey after a seminar', () => {
  for (const javaScriptEnabled of JAVASCRIPT_SETTINGS) {
    const js = `JavaScript ${javaScriptEnabled ? 'on' : 'off'}`
    it(`is set up by the organizer and answered once on a phone through the private link (${js})`, async () => {
      const seminar = await createSeminar(app.db, { programId, title: `アンケートつきセミナー ${js}` })
      const staff = await newPage(javaScriptEnabled)
      await signIn(staff, app.url, 'surveys@city.example.jp', PASSWORD)
      await staff.goto(`${app.url}/console/seminars/${seminar.id}`)
      await staff.getByRole('link', { name: 'アンケート', exact: true }).click()
      await staff.getByRole('heading', { level: 1, name: 'アンケート' }).waitFor()

      // A period out of range is refused beside the field, and what was typed stays.
      const settings = staff.locator('form#survey-settings')
      await settings.getByLabel('アンケートを送る').check()
      await settings.getByLabel('無記名にする').check()
      await settings.getByLabel(/^回答を受け付ける期間/).fill('0')
      await settings.getByRole('button', { name: '設定を保存' }).click()
      await settings.getByText('1から90までの整数で入力してください。').first().waitFor()
      expect(await settings.getByLabel(/^回答を受け付ける期間/).inputValue()).toBe('0')
      expect(await app.db.survey.count({ where: { seminarId: seminar.id } })).toBe(0)
      await settings.getByLabel(/^回答を受け付ける期間/).fill('１４')
      await settings.getByRole('button', { name: '設定を保存' }).click()
      await staff.getByRole('status').getByText('アンケートの設定を保存しました。').waitFor()
      expect(await app.db.survey.findUniqueOrThrow({ where: { seminarId: seminar.id } })).toMatchObject({
        enabled: true,
        anonymous: true,
        openDays: 14,
        timing: 'AFTER_LAST_SESSION',
      })

      // The questions: a satisfaction scale, and free comments.
      const add = staff.locator('form#new-question')
      await add.getByLabel('回答の形式').selectOption({ label: '満足度（5段階）' })
      await add.getByLabel(/^質問文(\s*\*)?$/).fill('本日のセミナーの満足度')
      await add.getByLabel('回答を必須にする').check()
      await add.getByRole('button', { name: '質問を追加' }).click()
      await staff.getByRole('status').getByText('質問を追加しました。').waitFor()
      await add.getByLabel('回答の形式').selectOption({ label: '長い文章' })
      await add.getByLabel(/^質問文(\s*\*)?$/).fill('ご意見・ご感想')
      await add.getByRole('button', { name: '質問を追加' }).click()
      await staff.getByRole('status').getByText('質問を追加しました。').waitFor()
      await shot(staff, `console-${javaScriptEnabled}`)

      // Someone who came is invited (as the job does after the session); they open the link on a phone.
      const registration = await attendee(seminar.id, `survey-${javaScriptEnabled ? 'js' : 'nojs'}`)
      const token = await surveyInvitation(app.db, seminar.id, registration.id, appIdentitySecret())
      const person = await newPage(javaScriptEnabled, 390)
      const response = await person.goto(`${app.url}/s/${token}`)
      expect(response?.headers()['cache-control']).toBe('private, no-store')
      await person.getByRole('heading', { level: 1, name: 'アンケート' }).waitFor()
      await person.getByText(`アンケートつきセミナー ${js}`).waitFor()
      await person.getByText('このアンケートは無記名です。', { exact: false }).waitFor()

      // The required scale left out: refused, the comment typed stays, nothing stored.
      await person.getByLabel('ご意見・ご感想').fill('とても参考になりました。\n次回も参加します。')
      await person.getByRole('button', { name: '回答を送信する' }).click()
      await person
        .getByRole('radiogroup', { name: /本日のセミナーの満足度/ })
        .getByText('選択してください。')
        .waitFor()
      expect(await person.getByLabel('ご意見・ご感想').inputValue()).toBe(
        'とても参考になりました。\n次回も参加します。',
      )
      expect(await app.db.surveyResponse.count({ where: { survey: { seminarId: seminar.id } } })).toBe(0)
      await shot(person, `answer-error-${javaScriptEnabled}`)
      await person
        .getByRole('radiogroup', { name: /本日のセミナーの満足度/ })
        .getByLabel('やや満足')
        .check()
      await person.getByRole('button', { name: '回答を送信する' }).click()
      await person.getByText('ご回答ありがとうございました。').waitFor()
      // Nothing wider than the phone.
      expect(await person.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)

      const stored = await app.db.surveyResponse.findFirstOrThrow({
        where: { survey: { seminarId: seminar.id } },
        include: { answers: true },
      })
      expect(stored.invitationId).toBeNull()
      expect(stored.answers.map((a) => a.text).sort()).toEqual(
        ['やや満足', 'とても参考になりました。\n次回も参加します。'].sort(),
      )

      // The link again: already answered, no form.
      await person.goto(`${app.url}/s/${token}`)
      await person.getByText('このアンケートには既にご回答いただいています。ありがとうございました。').waitFor()
      expect(await person.getByRole('button', { name: '回答を送信する' }).count()).toBe(0)
      // A tampered link is not found.
      const wrong = await person.goto(`${app.url}/s/${token.slice(0, -2)}xx`)
      expect(wrong?.status()).toBe(404)

      // The console counts the answer, and anonymity can no longer be switched off.
      await staff.reload()
      await staff.getByText('送った人数 1名・回答 1名').waitFor()
      await staff.getByText('回答があるため、無記名かどうかは変えられません。').waitFor()

      // The results: the scale as a chart with its numbers as text, the comment, and the answers as
      // CSV without identity (the survey is anonymous).
      await staff.goto(`${app.url}/console/seminars/${seminar.id}`)
      await staff.getByRole('link', { name: 'アンケート結果' }).click()
      const chart = staff.getByRole('img', { name: /本日のセミナーの満足度/ })
      await chart.waitFor()
      const table = staff.locator('table', { hasText: 'やや満足' }).first()
      expect(await table.locator('tr', { hasText: 'やや満足' }).innerText()).toMatch(/やや満足\s+1\s+100%/)
      await staff.getByText('とても参考になりました。', { exact: false }).waitFor()
      await shot(staff, `results-${javaScriptEnabled}`)
      const csv = await staff.request.get(`${app.url}/console/seminars/${seminar.id}/survey/results.csv`)
      const text = new TextDecoder().decode(await csv.body())
      expect(text).toContain('やや満足')
      expect(text).not.toContain(registration.email)
    })
  }

  it('opens in the participant language when the browser never chose one', async () => {
    const seminar = await createSeminar(app.db, { programId, title: '英語のアンケート', titleEn: 'Survey in English' })
    await app.db.question.create({
      data: {
        seminarId: seminar.id,
        form: 'SURVEY',
        position: 1,
        kind: 'SATISFACTION',
        label: '満足度',
        labelEn: 'How satisfied were you?',
        required: true,
      },
    })
    const registration = await attendee(seminar.id, 'survey-english', 'en')
    const token = await surveyInvitation(app.db, seminar.id, registration.id, appIdentitySecret())
    const person = await newPage(false, 390)
    await person.goto(`${app.url}/s/${token}`)
    await person.getByRole('heading', { level: 1, name: 'Survey' }).waitFor()
    await person.getByText('Survey in English').waitFor()
    await person
      .getByRole('radiogroup', { name: /How satisfied were you/ })
      .getByLabel('Satisfied', { exact: true })
      .check()
    await person.getByRole('button', { name: 'Send your answers' }).click()
    await person.getByText('Thank you for your answers.').waitFor()
  })
})
