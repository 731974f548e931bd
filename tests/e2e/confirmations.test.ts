import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { register } from '~/modules/registration/registrations.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { JAVASCRIPT_SETTINGS, launchBrowser, waitForStatus } from '../support/browser'
import { signIn } from '../support/console'
import { createSeminar, participant } from '../support/factories'

/**
 * Issue 18 points 10, 14 and 15: the console asks first (with what will happen and to how many
 * people), create forms are empty after a save, odd dates are questioned, empty pages say what next.
 * JavaScript is off in the confirmation tests: the questions are rendered by the server.
 */
let app: AppServer
let browser: Browser
const pageErrors: Error[] = []
const PASSWORD = 'a long organizer password'

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
  await createConsoleUser(app.db, { email: 'confirm-admin@city.example.jp', name: '確認 花子', password: PASSWORD })
})
afterEach(() => {
  expect(pageErrors).toEqual([])
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

async function signedIn(javaScript = true): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: javaScript })
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  await signIn(page, app.url, 'confirm-admin@city.example.jp', PASSWORD)
  return page
}

describe('confirmation before acting', () => {
  it('previews a message with its recipients, sends a test to oneself only, then sends to the number shown', async () => {
    const seminar = await createSeminar(app.db, { title: '確認してから送るセミナー' })
    for (let i = 0; i < 3; i++) await register(app.db, { seminarId: seminar.id, ...participant() })
    const page = await signedIn(false)
    await page.goto(`${app.url}/console/seminars/${seminar.id}/message`)
    await page.getByLabel(/件名/).fill('駐車場のご案内')
    await page.getByLabel(/本文/).fill('当日は第2駐車場をご利用ください。')
    await page.getByRole('button', { name: '送信内容を確認する' }).click()
    await page
      .getByText('「申込者全員（参加確定・キャンセル待ち・抽選待ち）」の3名に、このメールを送ります。')
      .waitFor()
    expect(await page.locator('pre').first().textContent()).toContain('当日は第2駐車場をご利用ください。')
    expect(await app.db.outboxMessage.count({ where: { seminarId: seminar.id, kind: 'ORGANIZER' } })).toBe(0)

    await page.getByRole('button', { name: '自分にテスト送信する' }).click()
    await waitForStatus(page, 'テストメールを confirm-admin@city.example.jp 宛てに送信待ちにしました。')
    const tests = await app.db.outboxMessage.findMany({ where: { seminarId: seminar.id, kind: 'ORGANIZER' } })
    expect(tests.map((m) => [m.registrationId, m.consoleUserId !== null])).toEqual([[null, true]])

    // Someone registers meanwhile: the send is refused until the new count was seen.
    await register(app.db, { seminarId: seminar.id, ...participant() })
    await page.getByRole('button', { name: '3名に送信する' }).click()
    await page.getByText('確認の間に送信先の人数が変わりました（現在4名）').waitFor()
    expect(await app.db.outboxMessage.count({ where: { seminarId: seminar.id, kind: 'ORGANIZER' } })).toBe(1)
    await page.getByRole('button', { name: '4名に送信する' }).click()
    await waitForStatus(page, '4名へのメールを送信待ちにしました。')
    expect(
      await app.db.outboxMessage.count({
        where: { seminarId: seminar.id, kind: 'ORGANIZER', registrationId: { not: null } },
      }),
    ).toBe(4)
    await page.context().close()
  })

  it('asks before deleting a session and before reissuing a link, saying who is affected', async () => {
    const seminar = await createSeminar(app.db, { title: '日程を消すセミナー' })
    const r = await register(app.db, { seminarId: seminar.id, ...participant({ name: '再発行 太郎' }) })
    await register(app.db, { seminarId: seminar.id, ...participant() })
    const page = await signedIn(false)
    await page.goto(`${app.url}/console/seminars/${seminar.id}/edit`)
    await page.getByRole('link', { name: '削除' }).click()
    await page.getByRole('heading', { name: '日程の削除' }).waitFor()
    await page.getByText('申込者2名に、日程変更のお知らせ').waitFor()
    await page.getByText('セミナーの最後の日程です。').waitFor()
    expect(await app.db.session.count({ where: { seminarId: seminar.id } })).toBe(1)
    await page.getByRole('button', { name: '第1回を削除する' }).click()
    await waitForStatus(page, '日程を削除しました。')
    expect(await app.db.session.count({ where: { seminarId: seminar.id } })).toBe(0)

    const before = await app.db.registration.findUniqueOrThrow({ where: { id: r.id } })
    await page.goto(`${app.url}/console/seminars/${seminar.id}`)
    await page.locator(`a[href$="/registrations/${r.id}/reissue"]`).click()
    await page.getByRole('heading', { name: 'リンクと受付票の再発行' }).waitFor()
    await page.getByText('再発行 太郎 さんの確認用リンクと受付票').waitFor()
    await page.getByText('いまのリンクと受付票のQRコードは使えなくなります。').waitFor()
    // Nothing changed by looking.
    const manageToken = async () => (await app.db.registration.findUniqueOrThrow({ where: { id: r.id } })).manageToken
    expect(await manageToken()).toBe(before.manageToken)
    await page.getByRole('button', { name: '再発行する' }).click()
    await waitForStatus(page, '確認用リンクと受付票を再発行し')
    expect(await manageToken()).not.toBe(before.manageToken)
    await page.context().close()
  })

  it('empties the new-session form after a save and questions odd dates with a "save anyway"', async () => {
    const seminar = await createSeminar(app.db, { title: '日付を確かめるセミナー' })
    const page = await signedIn()
    await page.goto(`${app.url}/console/seminars/${seminar.id}/edit`)
    const add = page.locator('#new-session')
    await add.locator('[name=startsAt]').fill('2020-05-10T14:00')
    await add.locator('[name=endsAt]').fill('2020-05-12T16:00')
    await add.getByRole('button', { name: '日程を追加' }).click()
    await page.getByText('開始が1年以上前です。').waitFor()
    await page.getByText('開始から終了までが24時間を超えています。').waitFor()
    expect(await app.db.session.count({ where: { seminarId: seminar.id } })).toBe(1)
    expect(await add.locator('[name=startsAt]').inputValue()).toBe('2020-05-10T14:00')
    await page.getByRole('button', { name: 'この日時で保存する' }).click()
    await waitForStatus(page, '日程を追加しました。')
    expect(await app.db.session.count({ where: { seminarId: seminar.id } })).toBe(2)
    // The form is empty again for the next session.
    await expect.poll(() => page.locator('#new-session [name=startsAt]').inputValue()).toBe('')

    // A deadline after the last session is refused, not questioned.
    await page.locator('#seminar [name=registrationClosesAt]').fill('2099-01-01T17:00')
    await page.locator('#seminar').getByRole('button', { name: '保存' }).click()
    await page.getByText('申込締切が最後の回の終了より後です。').waitFor()
    await page.context().close()
  })
})

describe('create forms after an answer', () => {
  // A redirect after a save keeps the page's DOM in Remix; an error answer is a navigation too.
  for (const javaScript of JAVASCRIPT_SETTINGS) {
    const js = javaScript ? 'on' : 'off'
    it(`empties the invitation form after a save and keeps what was typed after an error (JavaScript ${js})`, async () => {
      const page = await signedIn(javaScript)
      const email = `invited-${js}@city.example.jp`
      const form = page.locator('form#invite')
      const fill = async (name: string) => {
        await form.locator('[name=email]').fill(email)
        await form.locator('[name=name]').fill(name)
        await form.getByRole('button', { name: '招待メールを送る' }).click()
      }
      await page.goto(`${app.url}/console/users`)
      await fill('招待 一郎')
      await waitForStatus(page, `${email} への招待メールを送信待ちにしました。`)
      expect(await form.locator('[name=email]').inputValue()).toBe('')
      expect(await form.locator('[name=name]').inputValue()).toBe('')
      // The same address again: refused by the server, and the form keeps both fields.
      await fill('招待 二郎')
      await form.getByText('このメールアドレスのユーザーは既に登録されています。').waitFor()
      expect(await form.locator('[name=email]').inputValue()).toBe(email)
      expect(await form.locator('[name=name]').inputValue()).toBe('招待 二郎')
      await page.context().close()
    })

    it(`empties the new-program form after a save and keeps what was typed after an error (JavaScript ${js})`, async () => {
      const page = await signedIn(javaScript)
      const code = `RESET-${js.toUpperCase()}`
      const form = page.locator('form#new-program')
      const fill = async (name: string) => {
        await form.getByLabel('事業コード').fill(code)
        await form.locator('[name=name]').fill(name)
        await form.getByRole('button', { name: '保存' }).click()
      }
      await page.goto(`${app.url}/console/programs`)
      await fill('空になる事業')
      await waitForStatus(page, '保存しました。')
      expect(await app.db.program.count({ where: { code } })).toBe(1)
      expect(await form.getByLabel('事業コード').inputValue()).toBe('')
      expect(await form.locator('[name=name]').inputValue()).toBe('')
      // The same code again: refused by the server, and the form keeps what was typed.
      await fill('残る事業')
      await form.getByText('このコードは既に使われています。').waitFor()
      expect(await form.getByLabel('事業コード').inputValue()).toBe(code)
      expect(await form.locator('[name=name]').inputValue()).toBe('残る事業')
      await page.context().close()
    })
  }
})

describe('empty states', () => {
  it('says there are no seminars yet, not that the filters match nothing', async () => {
    const page = await signedIn()
    // Every seminar of the other tests closed: the list is empty without any filter.
    await app.db.seminar.updateMany({ data: { status: 'DRAFT' } })
    await page.goto(`${app.url}/`)
    await page.getByText('開催予定のセミナーはまだありません。').waitFor()
    await page.getByRole('link', { name: 'セミナーを作成する（主催者コンソール）' }).waitFor()
    expect(await page.getByText('条件に合うセミナーはありません。').count()).toBe(0)
    await page.goto(`${app.url}/?mode=ONLINE`)
    await page.getByText('条件に合うセミナーはありません。').waitFor()
    await page.goto(`${app.url}/console/indicators`)
    await page.getByText('指標がまだありません。').waitFor()
    expect(await page.getByRole('link', { name: /締め/ }).count()).toBe(0)
    await page.context().close()
  })
})
