// Takes the README's screenshots from a running Jisseki with demo data:
//   npm run screenshots -- http://localhost:3000 admin@city.example.jp '<password>' [<TOTP key>]
// Admins sign in with a second factor: pass the key shown at enrolment (as text) to make codes.
// An admin who has not enrolled yet is enrolled by the script (shot 19), which prints the key.
// Run it once on a freshly seeded database (it checks people in, adds a session today, closes the year).
// 21 (mail stuck) and 22 (full disk) need a broken mail server or disk and are taken by hand.
// Uses Debian's Chromium (apt-get install chromium fonts-noto-cjk).
// Widths: desktop 1280, phone 390, narrow phone 320 (issue 18: JIS X 8341-3 AA, reflow).
import type { Browser, Page } from 'playwright-core'
import { totpFor } from '~/modules/accounts/second-factor.server'
import { launchBrowser } from '../tests/support/browser'

const [base = 'http://localhost:3000', email, password, totpKey] = process.argv.slice(2)
const out = 'docs/screenshots'
const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }
const NARROW = { width: 320, height: 640 }
const browser = await launchBrowser()
const page = await browser.newPage({ viewport: DESKTOP, locale: 'ja-JP' })
const shotOf = async (p: Page, name: string) => {
  await p.screenshot({ path: `${out}/${name}.png`, fullPage: true })
  // A page wider than the window scrolls sideways on a phone (WCAG 1.4.10): say so, do not hide it.
  const { scroll, client } = await p.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }))
  if (scroll > client) console.warn(`${name}: the page is ${scroll} px wide in a ${client} px window`)
}
const shot = (name: string) => shotOf(page, name)
const phonePage = async (b: Browser, viewport = PHONE) => (await b.newContext({ viewport, locale: 'ja-JP' })).newPage()
const stamp = Date.now()

/** Fills the public form of the seminar titled `title` and sends it; the person's email is returned. */
async function register(p: Page, title: string, who: { name: string; furigana: string; email: string; org: string }) {
  await p.goto(base)
  await p.getByRole('link', { name: title }).first().click()
  await p.getByRole('link', { name: /申し込む$/ }).click()
  await p.waitForURL(/register$/)
  await p.locator('[name=name]').fill(who.name)
  await p.locator('[name=furigana]').fill(who.furigana)
  await p.locator('[name=email]').fill(who.email)
  await p.locator('[name=organizationName]').fill(who.org)
  await p.locator('[name=industry]').selectOption('G')
  await p.getByLabel('市内', { exact: true }).check()
  const mode = p.getByLabel('会場で参加')
  if (await mode.count()) await mode.check()
  await answerDemoQuestions(p)
  await p.locator('[name=consent]').check()
  await p.getByRole('button', { name: /申し込む$/ }).click()
  await p.waitForURL(/registered$/)
  return who.email
}

/** The demo seminars' own questions (docs/decisions/0046-questions.md). */
async function answerDemoQuestions(p: Page) {
  await p
    .getByRole('radiogroup', { name: /最も関心のある分野/ })
    .getByLabel('IT・デジタル')
    .check()
  await p
    .getByRole('group', { name: /知ったきっかけ/ })
    .getByLabel('SNS')
    .check()
}

/** The participant's link from the mail sent to `to` (admins read sent mail without a mail server). */
async function linkFromMail(to: string, kind: string, path: RegExp): Promise<string> {
  for (let tries = 0; tries < 60; tries++) {
    await page.goto(`${base}/console/mail?status=SENT`)
    const row = page.locator('tr', { hasText: to }).filter({ hasText: kind })
    if (await row.count()) {
      await row.first().getByRole('link', { name: kind }).click()
      const text = await page.locator('pre.mail-text').first().innerText()
      const link = text.match(new RegExp(`https?://\\S+${path.source}`))?.[0]
      if (!link) throw new Error(`No ${path} link in the mail to ${to}`)
      // Links in mails follow APP_URL; the screenshots follow the address given.
      return base + new URL(link).pathname
    }
    await page.waitForTimeout(500) // the outbox sends every few seconds
  }
  throw new Error(`No ${kind} mail to ${to}`)
}

await page.goto(base)
await shot('01-seminars')
await page.locator('.card', { hasText: '残りわずか' }).first().locator('h2 a').click()
await page.waitForLoadState('networkidle')
await shot('02-seminar')
await page.goto(base)
await page.locator('.card', { hasText: '受付中' }).first().locator('h2 a').click()
await page.getByRole('link', { name: '申し込む' }).click()
await page.waitForURL(/register$/)
const registerUrl = page.url()
await page.locator('[name=name]').fill('札幌 花子')
await page.locator('[name=furigana]').fill('Sapporo')
await page.locator('[name=email]').fill('hanako@example')
await page.getByRole('button', { name: '申し込む' }).click()
await page.locator('.error-summary').waitFor()
await shot('03-form-errors')
await page.locator('[name=furigana]').fill('さっぽろ はなこ')
await page.locator('[name=email]').fill(`hanako.${stamp}@example.jp`)
await page.locator('[name=organizationName]').fill('株式会社札幌テック')
await page.locator('[name=industry]').selectOption('G')
await page.getByLabel('市内', { exact: true }).check()
const mode = page.getByLabel('会場で参加')
if (await mode.count()) await mode.check()
// The demo seminars' own questions (docs/decisions/0046-questions.md).
await page
  .getByRole('radiogroup', { name: /最も関心のある分野/ })
  .getByLabel('IT・デジタル')
  .check()
await page
  .getByRole('group', { name: /知ったきっかけ/ })
  .getByLabel('SNS')
  .check()
await page.locator('[name=consent]').check()
await page.getByRole('button', { name: '申し込む' }).click()
await page.waitForURL(/registered$/)
// The form answers alike whether the email was registered before (docs/decisions/0022-personal-data-hardening.md):
// the slip and the manage link go by mail only, so 04 and 05 are opened from the mail further down.
await page.getByRole('button', { name: 'English' }).click()
await page.getByRole('button', { name: '日本語' }).waitFor()
await page.goto(base)
await shot('06-seminars-en')
await page.getByRole('button', { name: '日本語' }).click()
await page.getByRole('button', { name: 'English' }).waitFor()

// Issue 18 on a phone: the form after a first error (summary with links, required marks, limits).
const phone390 = await phonePage(browser)
await phone390.goto(registerUrl)
await phone390.locator('[name=name]').fill('札幌 花子')
await phone390.locator('[name=email]').fill('hanako@example')
// Too long a name: the message says the limit (200 characters).
await phone390.locator('[name=organizationName]').fill('株式会社さっぽろ産業振興デジタル変革推進機構 '.repeat(9))
await phone390.getByRole('button', { name: '申し込む' }).click()
await phone390.locator('.error-summary').waitFor()
await shotOf(phone390, '25-form-errors-phone')
await phone390.goto(`${base}/accessibility`)
await shotOf(phone390, '31-accessibility-phone')
// A lottery taking applications, its method and commitment opened (docs/decisions/0049-lottery.md).
await phone390.goto(base)
await phone390
  .getByRole('link', { name: /生成AI業務活用ワークショップ/ })
  .first()
  .click()
await phone390.getByTestId('lottery-fairness').locator('summary').click()
await shotOf(phone390, '37-lottery-seminar-phone')

// Someone with a long email on an online seminar (the meeting URL is on their page), and someone waiting.
const longEmail = `kikaku.chosei-tantou.${stamp}@sangyo-shinko.city.sapporo-example.lg.jp`
await register(page, 'テクニカルセミナー「エッジAIとIoTデータ活用の最前線」', {
  name: '北広島 由紀子',
  furigana: 'きたひろしま ゆきこ',
  email: longEmail,
  org: '一般社団法人北海道ものづくりデジタル変革推進協議会',
})
const waitingEmail = `kondo.waiting.${stamp}@example.jp`
await register(page, '初心者向けエンジニア育成研修「機械学習入門」', {
  name: '江別 陽太',
  furigana: 'えべつ ようた',
  email: waitingEmail,
  org: '江別システム合同会社',
})

if (email && password) {
  await page.goto(`${base}/console/login`)
  await page.locator('[name=email]').fill(email)
  await page.locator('[name=password]').fill(password)
  await page.getByRole('button', { name: 'ログイン' }).click()
  await page.waitForURL(/console\/login\/(code|enrol)/)
  if (page.url().includes('/enrol')) {
    // First sign-in of an admin: set up the second factor with the key shown as text.
    await shot('19-second-factor-enrol')
    const key = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '')
    console.log(`TOTP key of ${email}: ${key} (pass it as the fourth argument next time)`)
    await page.locator('[name=code]').fill(totpFor(key).generate())
    await page.getByRole('button', { name: '設定を完了する' }).click()
    await page.getByTestId('recovery-codes').waitFor()
    await page.getByRole('link', { name: 'コンソールへ進む' }).click()
  } else {
    if (!totpKey) throw new Error('This admin has a second factor: pass its TOTP key as the fourth argument.')
    await page.locator('[name=code]').fill(totpFor(totpKey.replace(/\s/g, '')).generate())
    await page.getByRole('button', { name: '確認してログイン' }).click()
  }
  await page.waitForURL(/console$/)
  // A session today for one seminar (the demo has none): the door's today, the console's today view.
  const dayJst = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10)
  await page.goto(`${base}/console`)
  await page.getByRole('link', { name: /はじめての事業計画書づくり/ }).click()
  await page.waitForURL(/seminars\/[^/]+$/)
  const seminarUrl = page.url()
  await page.goto(`${base}/console?when=today`)
  if (!(await page.getByRole('link', { name: /はじめての事業計画書づくり/ }).count())) {
    await page.goto(`${seminarUrl}/edit`)
    const addForm = page.locator('form.session-form').last()
    await addForm.locator('input[type=datetime-local]').nth(0).fill(`${dayJst}T18:30`)
    await addForm.locator('input[type=datetime-local]').nth(1).fill(`${dayJst}T20:00`)
    await addForm.getByRole('button', { name: '日程を追加' }).click()
    const anyway = addForm.getByRole('button', { name: 'この日時で保存する' })
    await Promise.race([page.waitForURL(/msg=/), anyway.waitFor()])
    if (!page.url().includes('msg=')) {
      await anyway.click()
      await page.waitForURL(/msg=/)
    }
  }
  await page.goto(`${base}/console`)
  await shot('07-console')
  await page.getByRole('link', { name: /機械学習入門/ }).click()
  await page.waitForURL(/seminars\/[^/]+$/)
  await shot('08-console-seminar')
  const otherDay = page.url()
  // A registration's page with its answers, and the seminar's questions (docs/decisions/0046-questions.md).
  await page.locator('table.data a[href*="/registrations/"]').first().click()
  await page.locator('.answers-list').waitFor()
  await shot('33-registration-answers')
  await page.goto(`${otherDay}/questions`)
  await shot('34-registration-questions')
  // A past seminar's survey results and its settings (docs/decisions/0047-surveys.md, 0048).
  await page.goto(`${base}/console?when=past`)
  await page.locator('table.data a[href^="/console/seminars/"]').first().click()
  await page.waitForURL(/seminars\/[^/]+$/)
  const pastSeminar = page.url()
  await page.goto(`${pastSeminar}/survey/results`)
  await page.locator('svg[role=img]').first().waitFor()
  await shot('35-survey-results')
  await page.goto(`${pastSeminar}/survey`)
  await shot('36-survey-settings')
  // A lottery drawn two days ago: who drew it, the seed, the results and the record.
  await page.goto(`${base}/console`)
  await page
    .getByRole('link', { name: /創業スクール/ })
    .first()
    .click()
  await page.waitForURL(/seminars\/[^/]+$/)
  await page.goto(`${page.url()}/lottery`)
  await page.getByTestId('seed').waitFor()
  await shot('38-lottery-drawn')
  // The door on a phone: today's session checks in at once; another day's asks first (ADR 0039).
  await page.setViewportSize(PHONE)
  await page.goto(seminarUrl)
  await page.getByRole('link', { name: '受付', exact: true }).first().click()
  await page.locator('#q').fill('おかだ')
  await page.getByRole('button', { name: '検索' }).click()
  await page.waitForURL(/q=/)
  await page
    .getByRole('button', { name: /^受付:/ })
    .first()
    .click()
  await page.getByTestId('checkin-result').waitFor()
  await shot('09-checkin-phone')
  await page.goto(otherDay)
  await page.getByRole('link', { name: '受付', exact: true }).first().click()
  await page.locator('#q').fill('たかはし')
  await page.getByRole('button', { name: '検索' }).click()
  await page.waitForURL(/q=/)
  await page
    .getByRole('button', { name: /^受付:/ })
    .first()
    .click()
  await page.getByTestId('checkin-confirm').waitFor()
  await shot('27-checkin-other-day-phone')
  await page.setViewportSize(DESKTOP)
  await page.goto(`${base}/console/indicators`)
  await shot('10-indicators')
  // The demo's registrations were mailed: without SMTP_URL the messages are here to read.
  await page.goto(`${base}/console/mail?status=SENT`)
  await page.getByRole('link', { name: 'お申込み完了' }).first().click()
  await page.locator('iframe.mail-preview').waitFor()
  await shot('11-sent-mail')
  await page.goto(`${base}/console/users`)
  await shot('12-users')
  // A link for someone helping at the door, then what their phone shows.
  await page.goto(`${base}/console`)
  await page.getByRole('link', { name: /機械学習入門/ }).click()
  await page.getByRole('button', { name: 'リンクを作成' }).click()
  const helperLink = await page.getByLabel('作成したリンク').inputValue()
  await page.locator('#helpers').evaluate((heading) => heading.scrollIntoView())
  await page.screenshot({ path: `${out}/13-checkin-helper-link.png` })
  const phone = await phonePage(browser)
  await phone.goto(helperLink)
  await phone.getByRole('button', { name: 'この端末で受付を始める' }).click()
  await phone.waitForURL(/console\/checkin$/)
  await shotOf(phone, '14-checkin-helper-phone')
  // A helper opening an admin's page is told what is not allowed and who may (ADR 0037).
  await phone.goto(`${base}/console/users`)
  await phone.getByRole('heading', { name: 'このページを開く権限がありません' }).waitFor()
  await shotOf(phone, '32-forbidden-phone')
  await page.goto(`${base}/console/categories`)
  await shot('17-seminar-types')
  // Sign-ins, refusals and changes with who, when, from where (docs/decisions/0023-security-log.md).
  await page.goto(`${base}/console/security`)
  await shot('20-security-log')

  // The slip and the manage page, opened from the confirmation mail.
  const manage = await linkFromMail(`hanako.${stamp}@example.jp`, 'お申込み完了', /\/r\/[\w-]+/)
  await page.goto(manage)
  await shot('04-done-qr')
  await page.goto(`${manage}/cancel`)
  await shot('05-cancel-confirm')
  // Issue 18 on a 320 px phone: long email and meeting URL wrap, nothing scrolls sideways.
  const narrow = await phonePage(browser, NARROW)
  await narrow.goto(await linkFromMail(longEmail, 'お申込み完了', /\/r\/[\w-]+/))
  await shotOf(narrow, '23-manage-narrow-phone')
  // A waiting person's own page: their place in the queue and no QR slip the door would refuse.
  await phone390.goto(await linkFromMail(waitingEmail, 'キャンセル待ち受付', /\/r\/[\w-]+/))
  await shotOf(phone390, '24-waitlisted-phone')

  // The console list narrowed to today's seminars, and a helper's phone with today's session first.
  await page.goto(`${base}/console?when=today`)
  await shot('29-console-today')
  await page.goto(seminarUrl)
  await page.getByRole('button', { name: 'リンクを作成' }).click()
  const todayHelper = await page.getByLabel('作成したリンク').inputValue()
  const helperPhone = await phonePage(browser)
  await helperPhone.goto(todayHelper)
  await helperPhone.getByRole('button', { name: 'この端末で受付を始める' }).click()
  await helperPhone.waitForURL(/console\/checkin$/)
  await shotOf(helperPhone, '26-checkin-today-phone')

  // A message to registrants: its confirmation step shows the mail, how many get it, a test send.
  await page.goto(`${seminarUrl}/message`)
  await page.getByLabel('件名').fill('【ご案内】本日の会場について')
  await page
    .getByLabel('本文')
    .fill('本日はご参加ありがとうございます。会場は3階の大会議室に変更になりました。受付は18時から開始します。')
  await page.getByRole('button', { name: '送信内容を確認する' }).click()
  const sendButton = page.getByRole('button', { name: /名に送信する$/ })
  await sendButton.waitFor()
  await shot('28-message-confirm')
  await sendButton.click()
  await page.waitForURL(/msg=/)

  // The audit trail, one sentence per change (ADR 0042).
  await page.goto(`${base}/console/audit`)
  await shot('30-audit-trail')

  // The distinct persons behind 実人数, then closing the fiscal year, last: it fixes the figures.
  await page.goto(`${base}/console/indicators`)
  await page.getByRole('link', { name: '内訳' }).first().click()
  await page.waitForURL(/evidence/)
  await shot('18-evidence-unique')
  await page.goto(`${base}/console/indicators`)
  await page.getByRole('link', { name: /年度を締める…$/ }).click()
  await page.waitForURL(/indicators\/close/)
  await shot('15-close-confirm')
  await page.getByRole('button', { name: /年度を締める$/ }).click()
  await page.waitForURL(/console\/indicators(\?|$)/)
  // Someone checked in after the close: the figures stay fixed and the difference waits for a reason.
  await page.goto(seminarUrl)
  await page.getByRole('link', { name: '受付', exact: true }).first().click()
  await page.locator('#q').fill('はせがわ')
  await page.getByRole('button', { name: '検索' }).click()
  await page.waitForURL(/q=/)
  await page
    .getByRole('button', { name: /^受付:/ })
    .first()
    .click()
  await page.getByTestId('checkin-result').waitFor()
  await page.goto(`${base}/console/indicators`)
  await shot('16-closed-year-pending')
}
await browser.close()
console.log(`Screenshots written to ${out}/`)
