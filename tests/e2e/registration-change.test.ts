import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { register } from '~/modules/registration/registrations.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { JAVASCRIPT_SETTINGS, launchBrowser } from '../support/browser'
import { signIn } from '../support/console'
import { createSeminar, participant } from '../support/factories'

/**
 * A participant changes their own registration through their link (docs/decisions/0035), on a
 * phone-sized screen, with and without JavaScript: a plain form that keeps what was typed, says
 * what a change of mode costs, and asks before giving up a seat for a waiting list.
 */
let app: AppServer
let browser: Browser
const pageErrors: Error[] = []
const DAY = 86400_000

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
})
afterEach(() => {
  expect(pageErrors).toEqual([])
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

async function phonePage(javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled,
    locale: 'ja-JP',
    viewport: { width: 390, height: 844 },
  })
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  return page
}

/** Nothing wider than the phone's screen (no sideways scrolling). */
const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth)

describe('a participant changes their registration through their link', () => {
  for (const javaScriptEnabled of JAVASCRIPT_SETTINGS) {
    it(`changes details, sessions and mode, giving up the seat for the full mode's waiting list only once agreed (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const seminar = await createSeminar(app.db, {
        title: `変更できるセミナー ${javaScriptEnabled}`,
        mode: 'HYBRID',
        capacityInPerson: 1,
        capacityOnline: 1,
        sessionChoice: true,
      })
      const second = await app.db.session.create({
        data: {
          seminarId: seminar.id,
          number: 2,
          startsAt: new Date(Date.now() + 14 * DAY),
          endsAt: new Date(Date.now() + 14 * DAY + 7200_000),
        },
      })
      const first = await app.db.session.findFirstOrThrow({ where: { seminarId: seminar.id, number: 1 } })
      const me = await register(app.db, {
        seminarId: seminar.id,
        ...participant({ name: '変更 一郎', furigana: 'へんこう いちろう', organizationName: '株式会社まえ' }),
        sessionIds: [first.id],
      })
      await register(app.db, { seminarId: seminar.id, ...participant({ mode: 'ONLINE' }), sessionIds: [first.id] })
      const waiting = await register(app.db, { seminarId: seminar.id, ...participant(), sessionIds: [first.id] })
      expect(waiting.status).toBe('WAITLISTED')
      const email = (await app.db.registration.findUniqueOrThrow({ where: { id: me.id } })).email

      const page = await phonePage(javaScriptEnabled)
      await page.goto(`${app.url}/r/${me.manageToken}`)
      await page.getByRole('link', { name: 'お申込み内容を変更する' }).click()
      await page.waitForURL(/\/change$/)
      await page.getByRole('heading', { level: 1, name: 'お申込み内容の変更' }).waitFor()
      expect(await page.getByLabel('氏名').inputValue()).toBe('変更 一郎')
      expect(await page.getByLabel('所属（会社・団体名）').inputValue()).toBe('株式会社まえ')
      expect(await page.getByText(`メールアドレス（${email}）`).count()).toBe(1)
      expect(await page.getByLabel('第1回', { exact: false }).isChecked()).toBe(true)
      expect(await page.getByLabel('第2回', { exact: false }).isChecked()).toBe(false)
      expect(
        await page.getByText('今の参加方法のお席（またはキャンセル待ちの順番）は手放し', { exact: false }).count(),
      ).toBe(1)
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390)

      // An empty name: refused beside the field, what was typed stays, nothing is written.
      await page.getByLabel('氏名').fill('')
      await page.getByLabel('所属（会社・団体名）').fill('合同会社あと')
      await page.getByRole('button', { name: '変更する' }).click()
      await page.getByText('入力してください。').first().waitFor()
      expect(await page.getByLabel('所属（会社・団体名）').inputValue()).toBe('合同会社あと')
      expect((await app.db.registration.findUniqueOrThrow({ where: { id: me.id } })).organizationName).toBe(
        '株式会社まえ',
      )

      // Online is full: without the agreement, refused and said why; the choices stay.
      await page.getByLabel('氏名').fill('変更 一郎')
      await page.getByLabel('第2回', { exact: false }).check()
      await page.getByLabel('オンラインで参加', { exact: false }).check()
      await page.getByRole('button', { name: '変更する' }).click()
      await page.getByText('選んだ参加方法は満席です。', { exact: false }).waitFor()
      expect(await page.getByLabel('オンラインで参加', { exact: false }).isChecked()).toBe(true)
      expect(await page.getByLabel('第2回', { exact: false }).isChecked()).toBe(true)
      expect(await page.getByLabel('所属（会社・団体名）').inputValue()).toBe('合同会社あと')
      expect(await app.db.registration.findUniqueOrThrow({ where: { id: me.id } })).toMatchObject({
        mode: 'IN_PERSON',
        status: 'CONFIRMED',
        organizationName: '株式会社まえ',
      })
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390)

      // Agreed: the seat goes to the person waiting, and this registration waits online.
      await page.getByLabel('今のお席（または順番）を手放して', { exact: false }).check()
      await page.getByRole('button', { name: '変更する' }).click()
      await page.waitForURL(/\/r\/[^/]+\?changed=waitlisted$/)
      expect(await page.getByRole('status').textContent()).toBe(
        'お申込み内容を変更しました。現在キャンセル待ち（1番目）です。',
      )
      expect(await page.locator('[data-testid=registration-status]').textContent()).toBe('キャンセル待ち（1番目）')
      const after = await app.db.registration.findUniqueOrThrow({
        where: { id: me.id },
        include: { chosenSessions: true },
      })
      expect(after).toMatchObject({
        mode: 'ONLINE',
        status: 'WAITLISTED',
        waitlistPosition: 1,
        organizationName: '合同会社あと',
        email,
      })
      // Both sessions chosen: stored as "all".
      expect(after.chosenSessions).toEqual([])
      expect(await app.db.registration.findUniqueOrThrow({ where: { id: waiting.id } })).toMatchObject({
        status: 'CONFIRMED',
        mode: 'IN_PERSON',
      })
      const kinds = async (registrationId: string) =>
        (await app.db.outboxMessage.findMany({ where: { registrationId }, orderBy: { createdAt: 'asc' } })).map(
          (m) => m.kind,
        )
      expect(await kinds(me.id)).toEqual(['CONFIRMED', 'REGISTRATION_CHANGED'])
      expect(await kinds(waiting.id)).toEqual(['WAITLISTED', 'PROMOTED'])
      expect(second.id).toBeTruthy()
      await page.context().close()
    })
  }

  it('shows a cancelled registration’s change page without a form, and after registration closed keeps the mode', async () => {
    const seminar = await createSeminar(app.db, { title: '締切後の変更', mode: 'HYBRID', capacityOnline: 10 })
    const cancelled = await register(app.db, { seminarId: seminar.id, ...participant() })
    await app.db.registration.update({ where: { id: cancelled.id }, data: { status: 'CANCELLED' } })
    const page = await phonePage(false)
    await page.goto(`${app.url}/r/${cancelled.manageToken}/change`)
    await page.getByText('このお申込みは既にキャンセルされています。').waitFor()
    expect(await page.getByRole('button', { name: '変更する' }).count()).toBe(0)

    const open = await register(app.db, { seminarId: seminar.id, ...participant({ name: '締切 後子' }) })
    await app.db.seminar.update({
      where: { id: seminar.id },
      data: { registrationClosesAt: new Date(Date.now() - 1000) },
    })
    await page.goto(`${app.url}/r/${open.manageToken}/change`)
    await page.getByText('申込締切を過ぎたため、参加方法と参加する回は変更できません', { exact: false }).waitFor()
    expect(await page.getByLabel('オンラインで参加', { exact: false }).count()).toBe(0)
    await page.getByLabel('氏名').fill('締切 後子（旧姓 前）')
    await page.getByRole('button', { name: '変更する' }).click()
    await page.waitForURL(/\?changed=done$/)
    expect(await page.getByRole('status').textContent()).toBe('お申込み内容を変更しました。')
    expect(await app.db.registration.findUniqueOrThrow({ where: { id: open.id } })).toMatchObject({
      name: '締切 後子（旧姓 前）',
      mode: 'IN_PERSON',
      status: 'CONFIRMED',
    })
    // A wrong link is not found.
    const response = await page.goto(`${app.url}/r/${'x'.repeat(43)}/change`)
    expect(response?.status()).toBe(404)
    await page.context().close()
  })

  it('lets an organizer turn on the choice of sessions; the public form asks for at least one; the seminar page counts each session', async () => {
    const organizer = await createConsoleUser(app.db, {
      email: 'series@city.example.jp',
      name: '連続 講座',
      password: 'a long organizer password 2',
      role: 'ORGANIZER',
    })
    const programId = (await app.db.program.create({ data: { code: 'SER', name: '連続講座事業' } })).id
    await app.db.programAssignment.create({ data: { userId: organizer.id, programId } })
    const seminar = await createSeminar(app.db, { programId, title: '全3回の連続講座' })
    for (const n of [2, 3]) {
      await app.db.session.create({
        data: {
          seminarId: seminar.id,
          number: n,
          startsAt: new Date(Date.now() + (7 + 7 * (n - 1)) * DAY),
          endsAt: new Date(Date.now() + (7 + 7 * (n - 1)) * DAY + 7200_000),
        },
      })
    }
    const staff = await browser.newContext({ javaScriptEnabled: false, locale: 'ja-JP' })
    const consolePage = await staff.newPage()
    consolePage.on('pageerror', (error) => pageErrors.push(error))
    await signIn(consolePage, app.url, 'series@city.example.jp', 'a long organizer password 2')
    await consolePage.goto(`${app.url}/console/seminars/${seminar.id}/edit`)
    await consolePage.getByLabel('参加者が参加する回を選ぶ（連続講座）').check()
    await consolePage.locator('#seminar').getByRole('button', { name: '保存' }).click()
    await consolePage.waitForURL(/\/edit\?msg=/)
    expect((await app.db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })).sessionChoice).toBe(true)

    const page = await phonePage(false)
    await page.goto(`${app.url}/seminars/${seminar.id}/register`)
    // Every session is ticked to begin with; none at all is refused, and what was typed stays.
    for (const n of [1, 2, 3]) expect(await page.getByLabel(`第${n}回`, { exact: false }).isChecked()).toBe(true)
    for (const n of [1, 2, 3]) await page.getByLabel(`第${n}回`, { exact: false }).uncheck()
    await page.locator('[name=name]').fill('連続 三郎')
    await page.locator('[name=furigana]').fill('れんぞく さぶろう')
    await page.locator('[name=email]').fill('series-3@example.jp')
    await page.locator('[name=industry]').selectOption('E')
    await page.getByLabel('市内', { exact: true }).check()
    await page.locator('[name=consent]').check()
    await page.getByRole('button', { name: '申し込む' }).click()
    await page.getByText('参加する回を1つ以上選んでください。').waitFor()
    expect(await page.locator('[name=name]').inputValue()).toBe('連続 三郎')
    expect(await app.db.registration.count({ where: { seminarId: seminar.id } })).toBe(0)
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390)
    await page.getByLabel('第2回', { exact: false }).check()
    await page.locator('[name=consent]').check()
    await page.getByRole('button', { name: '申し込む' }).click()
    await page.waitForURL(/\/registered$/)
    const stored = await app.db.registration.findFirstOrThrow({
      where: { seminarId: seminar.id },
      include: { chosenSessions: { include: { session: true } } },
    })
    expect(stored.chosenSessions.map((c) => c.session.number)).toEqual([2])
    await register(app.db, { seminarId: seminar.id, ...participant(), sessionIds: [], source: 'CONSOLE' })

    await consolePage.goto(`${app.url}/console/seminars/${seminar.id}`)
    expect(await consolePage.locator('[data-testid=session-expected]').allTextContents()).toEqual([
      '（参加予定 1名・キャンセル待ち 0名） ',
      '（参加予定 2名・キャンセル待ち 0名） ',
      '（参加予定 1名・キャンセル待ち 0名） ',
    ])
    await staff.close()
    await page.context().close()
  })
})
