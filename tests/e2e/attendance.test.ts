import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { checkIn } from '~/modules/attendance/checkin.server'
import { register } from '~/modules/registration/registrations.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { JAVASCRIPT_SETTINGS, launchBrowser, waitForStatus } from '../support/browser'
import { signIn } from '../support/console'
import { createSeminar, participant } from '../support/factories'
import { formatDate } from '~/utils/time'

let app: AppServer
let browser: Browser
let page: Page
const pageErrors: Error[] = []

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
  await createConsoleUser(app.db, {
    email: 'records@city.example.jp',
    name: '記録 担当',
    password: 'records staff password',
  })
  page = await browser.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  await signIn(page, app.url, 'records@city.example.jp', 'records staff password')
})
afterEach(() => {
  expect(pageErrors).toEqual([])
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

describe('attendance after the event', () => {
  it('imports a Zoom report: preview first, then saved once however often it is imported', async () => {
    const seminar = await createSeminar(app.db, {
      title: 'オンライン取込',
      mode: 'ONLINE',
      capacityInPerson: null,
      capacityOnline: 50,
      minOnlineMinutes: 60,
    })
    const session = await app.db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    for (const [name, email] of [
      ['Hanako Sato', 'hanako.sato@example.jp'],
      ['Ichiro Suzuki', 'ichiro.suzuki@example.com'],
      ['Jiro Tanaka', 'jiro.tanaka@example.com'],
    ]) {
      await register(app.db, { seminarId: seminar.id, ...participant({ name, email, mode: 'ONLINE' }) })
    }
    for (const round of [1, 2]) {
      await page.goto(`${app.url}/console/sessions/${session.id}/import`)
      await page
        .locator('input[type=file]')
        .setInputFiles(path.resolve('tests/fixtures/meeting-reports/zoom-en-meeting.csv'))
      await page.getByRole('button', { name: '読み込んで確認' }).click()
      await page.waitForURL(/import=/)
      const matched = page.getByRole('table', { name: '申込者と一致（出席）' })
      expect(await matched.textContent()).toContain('Hanako Sato')
      expect(await matched.textContent()).toContain('118')
      expect(await page.getByRole('table', { name: '視聴時間が足りない（出席にしない）' }).textContent()).toContain(
        'Jiro',
      )
      expect(await page.getByRole('list', { name: '読み込めなかった行' }).textContent()).toContain(
        '11行目: 時間を読み取れません',
      )
      if (round === 2) expect(await page.locator('.notice').textContent()).toContain('取り込み済み')
      expect(await app.db.attendance.count({ where: { sessionId: session.id } })).toBe(round === 1 ? 0 : 2)
      await page.getByRole('button', { name: 'この内容で保存' }).click()
      await page.waitForURL(/attendance\?msg=/)
      await expect
        .poll(() => page.getByRole('status').textContent())
        .toBe('取込を保存しました（出席 2・当日参加の追加 0）。')
      expect(
        await app.db.attendance.count({ where: { sessionId: session.id, source: 'IMPORT', mode: 'ONLINE' } }),
      ).toBe(2)
    }
  })

  it('warns when the report is of another day than the session, saying both dates, and saves it after the warning', async () => {
    const seminar = await createSeminar(app.db, {
      title: '別の日のレポート',
      mode: 'ONLINE',
      capacityInPerson: null,
      capacityOnline: 50,
      minOnlineMinutes: 60,
    })
    const session = await app.db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    await register(app.db, {
      seminarId: seminar.id,
      ...participant({ name: 'Hanako Sato', email: 'hanako.sato@example.jp', mode: 'ONLINE' }),
    })
    const preview = async () => {
      await page.goto(`${app.url}/console/sessions/${session.id}/import`)
      await page
        .locator('input[type=file]')
        .setInputFiles(path.resolve('tests/fixtures/meeting-reports/zoom-en-meeting.csv'))
      await page.getByRole('button', { name: '読み込んで確認' }).click()
      await page.waitForURL(/import=/)
      await page.getByRole('table', { name: '申込者と一致（出席）' }).waitFor()
    }
    // The report's meeting was on 20 November 2026; the session is a week from now.
    await preview()
    const sessionDate = formatDate(session.startsAt, 'ja')
    expect(await page.getByTestId('import-date-warning').textContent()).toBe(
      `このレポートの日付（2026年11月20日(金)）は、この回の日付（${sessionDate}）と違います。別の回や別の会議のレポートでないか確かめてください。このまま保存することもできます。`,
    )
    await page.getByRole('button', { name: 'この内容で保存' }).click()
    await waitForStatus(page, '取込を保存しました（出席 1・当日参加の追加 0）。')
    expect(await app.db.attendance.count({ where: { sessionId: session.id, source: 'IMPORT' } })).toBe(1)

    // The session moved to the meeting's day (14:00 in Japan): no warning.
    await app.db.session.update({
      where: { id: session.id },
      data: { startsAt: new Date('2026-11-20T05:00:00Z'), endsAt: new Date('2026-11-20T07:00:00Z') },
    })
    await preview()
    expect(await page.getByTestId('import-date-warning').count()).toBe(0)
  })

  it('adds an unknown attendee of a report with the organization typed in the preview, keeping what was typed when it is refused', async () => {
    const seminar = await createSeminar(app.db, {
      title: '所属つき取込',
      mode: 'ONLINE',
      capacityInPerson: null,
      capacityOnline: 50,
      minOnlineMinutes: 60,
    })
    const session = await app.db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    await page.goto(`${app.url}/console/sessions/${session.id}/import`)
    await page
      .locator('input[type=file]')
      .setInputFiles(path.resolve('tests/fixtures/meeting-reports/zoom-en-meeting.csv'))
    await page.getByRole('button', { name: '読み込んで確認' }).click()
    await page.waitForURL(/import=/)
    const unknown = 'Kobe Industry Promotion Office'
    await page.getByLabel(`当日参加の登録: ${unknown}`).check()
    const organization = page.getByLabel(`所属（会社・団体名）: ${unknown}`)
    await organization.fill('神戸市 http://example.com')
    await page.getByRole('button', { name: 'この内容で保存' }).click()
    await page.getByText('会社・団体名にリンクや制御文字は入れられません。', { exact: false }).waitFor()
    expect(await organization.inputValue()).toBe('神戸市 http://example.com')
    expect(await page.getByLabel(`当日参加の登録: ${unknown}`).isChecked()).toBe(true)
    expect(await app.db.attendance.count({ where: { sessionId: session.id } })).toBe(0)

    await organization.fill('公益財団法人 神戸市産業振興財団')
    await page.getByRole('button', { name: 'この内容で保存' }).click()
    await page.waitForURL(/attendance\?msg=/)
    const added = await app.db.registration.findFirstOrThrow({ where: { seminarId: seminar.id, source: 'IMPORT' } })
    expect(added).toMatchObject({ name: unknown, organizationName: '公益財団法人 神戸市産業振興財団' })
  })

  it('shows one person for a registration matched by two report identities, with their minutes together', async () => {
    const seminar = await createSeminar(app.db, {
      title: '二台で参加',
      mode: 'ONLINE',
      capacityInPerson: null,
      capacityOnline: 50,
      minOnlineMinutes: 60,
    })
    const session = await app.db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    const hanako = await register(app.db, {
      seminarId: seminar.id,
      ...participant({ name: 'Hanako Sato', email: 'hanako.sato@example.jp', mode: 'ONLINE' }),
    })
    const report = [
      'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest',
      'Hanako Sato,hanako.sato@example.jp,11/20/2026 02:00:00 PM,11/20/2026 02:40:00 PM,40,No',
      "Sato Hanako (Hanako's iPhone),,11/20/2026 02:30:00 PM,11/20/2026 03:00:00 PM,30,Yes",
      '',
    ].join('\r\n')
    await page.goto(`${app.url}/console/sessions/${session.id}/import`)
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'zoom.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${report}`) })
    await page.getByRole('button', { name: '読み込んで確認' }).click()
    await page.waitForURL(/import=/)
    const matched = page.getByRole('table', { name: '申込者と一致（出席）' })
    // The URL changes before the preview is drawn on a busy machine: wait for the row itself.
    await expect.poll(() => matched.locator('tbody tr').count()).toBe(1)
    const text = await matched.textContent()
    expect(text).toContain('報告の2件の参加者を1名にまとめました')
    expect(text).toContain('Hanako Sato（40分）')
    expect(text).toContain('Sato Hanako（30分）')
    expect(await matched.locator('tbody tr td').nth(2).textContent()).toBe('60')
    expect(await page.getByRole('table', { name: '視聴時間が足りない（出席にしない）' }).count()).toBe(0)
    await page.getByRole('button', { name: 'この内容で保存' }).click()
    await page.waitForURL(/attendance\?msg=/)
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('取込を保存しました（出席 1・当日参加の追加 0）。')
    const recorded = await app.db.attendance.findMany({ where: { sessionId: session.id } })
    expect(recorded.map((a) => [a.registrationId, a.onlineMinutes])).toEqual([[hanako.id, 60]])
  })

  it('refuses a file that is not a meeting report with a clear message', async () => {
    const seminar = await createSeminar(app.db, { title: '誤ファイル' })
    const session = await app.db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    await page.goto(`${app.url}/console/sessions/${session.id}/import`)
    await page.locator('input[type=file]').setInputFiles(path.resolve('tests/fixtures/meeting-reports/unknown.csv'))
    await page.getByRole('button', { name: '読み込んで確認' }).click()
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('このファイルはZoomの参加者レポートやTeamsの出席レポートとして読み取れません。')
  })

  it('records attendance ticked from a paper list and exports it as CSV for Excel', async () => {
    const seminar = await createSeminar(app.db, { title: '紙の名簿' })
    const session = await app.db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    await register(app.db, {
      seminarId: seminar.id,
      ...participant({ name: '出席 花子', furigana: 'しゅっせき はなこ', organizationName: '株式会社"A", 札幌' }),
    })
    await register(app.db, {
      seminarId: seminar.id,
      ...participant({ name: '欠席 次郎', furigana: 'けっせき じろう' }),
    })
    await page.goto(`${app.url}/console/sessions/${session.id}/attendance`)
    await page.getByLabel('出席: 出席 花子').check()
    await page.getByRole('button', { name: '出欠を保存' }).click()
    await expect.poll(() => page.getByRole('status').textContent()).toBe('出欠を保存しました（追加 1・取消 0）。')
    expect(await page.getByRole('table', { name: '出席者一覧' }).textContent()).toContain('事後入力')

    const cookies = await page.context().cookies()
    const res = await fetch(`${app.url}/console/sessions/${session.id}/attendance.csv`, {
      headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
    })
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''")
    expect(res.headers.get('content-disposition')).toContain(
      `filename="attendance-seminar-${seminar.id}-session-${session.number}.csv"`,
    )
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n')
    expect(lines[0]).toBe(
      '回,日程,氏名,ふりがな,所属,メールアドレス,受付番号,参加形態,記録方法,視聴時間（分）,記録日時,記録者',
    )
    expect(lines[1]).toContain('出席 花子,しゅっせき はなこ,"株式会社""A"", 札幌"')
    expect(lines[1]).toContain('会場,事後入力,,')
    expect(lines[1]).toContain('記録 担当')
    expect(lines).toHaveLength(3)

    await page.goto(`${app.url}/console/seminars/${seminar.id}/attendance`)
    expect(await page.getByRole('table', { name: '出席者一覧' }).textContent()).toContain('出席 花子')
  })

  for (const javaScriptEnabled of JAVASCRIPT_SETTINGS) {
    it(`keeps a check-in made at the door after the sheet was opened, and says so (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const context = await browser.newContext({ javaScriptEnabled })
      const sheetPage = await context.newPage()
      sheetPage.on('pageerror', (error) => pageErrors.push(error))
      await signIn(sheetPage, app.url, 'records@city.example.jp', 'records staff password')
      const seminar = await createSeminar(app.db, { title: `古いシート ${javaScriptEnabled}` })
      const session = await app.db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
      const late = await register(app.db, {
        seminarId: seminar.id,
        ...participant({ name: '遅刻 三郎', furigana: 'ちこく さぶろう' }),
      })
      const paper = await register(app.db, {
        seminarId: seminar.id,
        ...participant({ name: '名簿 花子', furigana: 'めいぼ はなこ' }),
      })
      await sheetPage.goto(`${app.url}/console/sessions/${session.id}/attendance`)
      expect(await sheetPage.getByLabel('出席: 遅刻 三郎').isChecked()).toBe(false)
      // While the sheet is open, 遅刻 三郎 is checked in at the door.
      const staff = await app.db.consoleUser.findFirstOrThrow({ where: { email: 'records@city.example.jp' } })
      await checkIn(app.db, { sessionId: session.id, registrationId: late.id, source: 'QR', userId: staff.id })
      await sheetPage.getByLabel('出席: 名簿 花子').check()
      await sheetPage.getByRole('button', { name: '出欠を保存' }).click()
      await sheetPage.waitForURL(/changed=/)
      expect(await waitForStatus(sheetPage, '出欠を保存しました')).toBe('出欠を保存しました（追加 1・取消 0）。')
      const notice = await sheetPage.getByRole('alert').textContent()
      expect(notice).toContain('今の記録のままにしました（1名）')
      expect(notice).toContain('遅刻 三郎: 出席済み')
      const rows = await app.db.attendance.findMany({
        where: { sessionId: session.id },
        select: { registrationId: true, source: true },
      })
      expect(new Map(rows.map((r) => [r.registrationId, r.source]))).toEqual(
        new Map([
          [late.id, 'QR'],
          [paper.id, 'POST_HOC'],
        ]),
      )
      expect(await sheetPage.getByLabel('出席: 遅刻 三郎').isChecked()).toBe(true)
      await context.close()
    })
  }
})
