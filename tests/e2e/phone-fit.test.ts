import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { registerGroup } from '~/modules/registration/group.server'
import { cancelRegistration, register } from '~/modules/registration/registrations.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'
import { signIn } from '../support/console'
import { createSeminar, participant } from '../support/factories'

/**
 * Every public page fits a phone (WCAG 1.4.10 Reflow, issue 18 point 1): at 320 and 390 px wide,
 * with the long data people really have (a 60-character email, a 120-character meeting URL, long
 * dates in English), nothing is wider than the screen. And a waiting person sees their place in
 * line, not a slip the door would refuse (point 2).
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

/** 60 characters, no place a browser would break it on its own. */
const LONG_EMAIL = `${'a'.repeat(30)}.${'b'.repeat(16)}@example-city.jp`
/** 120 characters. */
const LONG_URL = `https://meeting.example.jp/j/${'9'.repeat(40)}?pwd=${'Q'.repeat(46)}`

async function phone(width: number, lang: 'ja' | 'en'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 800 }, locale: 'ja-JP' })
  if (lang === 'en') {
    await context.addCookies([{ name: 'lang', value: 'en', url: app.url }])
  }
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  return page
}

/** How far the page reaches beyond the screen, with the widest culprits named (for the failure message). */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth
    const culprits = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5)
      .slice(-3)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
    return { scrollWidth: document.documentElement.scrollWidth, width, culprits }
  })
}

async function fixture() {
  const seminar = await createSeminar(app.db, {
    title: 'スマートフォンに収まるセミナー：生成AIとデータ活用で地域の中小企業の生産性を上げる実践講座',
    titleEn: 'A seminar that fits the phone: practical generative AI and data for local small businesses',
    mode: 'HYBRID',
    capacityInPerson: 1,
    capacityOnline: 5,
    onlineUrl: LONG_URL,
    venueName: '産業振興センター 2階 大セミナールーム（東館エレベーターで2階へ）',
    venueAddress: '〒000-0000 架空市中央区本町一丁目二番三号 産業振興センター東館',
  })
  const first = await app.db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
  await app.db.session.create({
    data: {
      seminarId: seminar.id,
      number: 2,
      title: '第2回 データの読み方',
      startsAt: new Date(first.startsAt.getTime() + 7 * DAY),
      endsAt: new Date(first.endsAt.getTime() + 7 * DAY),
    },
  })
  const online = await register(app.db, {
    seminarId: seminar.id,
    ...participant({ email: LONG_EMAIL, mode: 'ONLINE', organizationName: '株式会社ながいなまえのかいしゃ'.repeat(3) }),
  })
  const seated = await register(app.db, { seminarId: seminar.id, ...participant() })
  const waiting = await register(app.db, {
    seminarId: seminar.id,
    ...participant({ email: `w${LONG_EMAIL.slice(1)}` }),
  })
  expect(waiting.status).toBe('WAITLISTED')
  const group = await registerGroup(app.db, {
    seminarId: seminar.id,
    contact: { name: '窓口 花子', furigana: 'まどぐち はなこ', email: `g${LONG_EMAIL.slice(1)}` },
    members: [{ name: '同行 太郎', furigana: 'どうこう たろう', email: '' }],
    organizationName: '株式会社同行',
    industry: 'E',
    inCity: true,
    mode: 'ONLINE',
    language: 'ja',
  })
  const token = async (id: string) => (await app.db.registration.findUniqueOrThrow({ where: { id } })).manageToken
  return {
    seminar,
    seated,
    online: await token(online.id),
    waiting: await token(waiting.id),
    group: await token(group.registrations[0].id),
  }
}

describe('public pages on a phone', () => {
  let f: Awaited<ReturnType<typeof fixture>>
  beforeAll(async () => {
    f = await fixture()
  })

  for (const lang of ['ja', 'en'] as const) {
    for (const width of [320, 390]) {
      it(`fit ${width} px wide with a 60-character email and a 120-character meeting URL (${lang})`, async () => {
        const paths = [
          '/',
          `/seminars/${f.seminar.id}`,
          `/seminars/${f.seminar.id}/register`,
          `/seminars/${f.seminar.id}/registered`,
          `/r/${f.online}/done`,
          `/r/${f.online}`,
          `/r/${f.online}/change`,
          `/r/${f.online}/cancel`,
          `/r/${f.waiting}/done`,
          `/r/${f.waiting}`,
          `/r/${f.group}/group`,
          '/privacy',
          '/accessibility',
          '/no-such-page',
        ]
        const page = await phone(width, lang)
        const wide: string[] = []
        for (const path of paths) {
          await page.goto(`${app.url}${path}`)
          await page.locator('h1').first().waitFor()
          const o = await overflow(page)
          if (o.scrollWidth > o.width) wide.push(`${path}: ${o.scrollWidth} (${o.culprits.join(', ')})`)
        }
        expect(wide).toEqual([])
        // The meeting URL and the email are on the page, whole (wrapped, not cut).
        await page.goto(`${app.url}/r/${f.online}`)
        expect(await page.getByRole('link', { name: LONG_URL }).count()).toBe(1)
        expect(await page.getByText(LONG_EMAIL, { exact: true }).count()).toBe(1)
        await page.context().close()
      }, 180_000)
    }
  }

  it('shows a waiting person their place in line and no slip, and the slip once they move up', async () => {
    const page = await phone(390, 'ja')
    for (const path of [`/r/${f.waiting}/done`, `/r/${f.waiting}`]) {
      await page.goto(`${app.url}${path}`)
      const waiting = page.getByTestId('slip-waiting')
      await waiting.waitFor()
      expect(await waiting.textContent()).toContain('キャンセル待ち（1番目）')
      expect(await page.getByText('受付でこのQRコードをご提示ください', { exact: false }).count()).toBe(0)
      expect(await page.locator('img[alt*="QR"]').count()).toBe(0)
    }
    // The seated person cancels: the waiting one moves up and now gets the slip.
    await cancelRegistration(app.db, f.seated.id, { by: 'PARTICIPANT' })
    await page.goto(`${app.url}/r/${f.waiting}`)
    await page.getByText('受付でこのQRコードをご提示ください', { exact: false }).waitFor()
    expect(await page.getByTestId('slip-waiting').count()).toBe(0)
    expect(await page.locator('[data-testid=registration-status]').textContent()).toBe('参加確定')
    await page.context().close()
  })
})

describe('console pages on a phone', () => {
  it('fit 390 px wide (wide tables scroll inside their own frame)', async () => {
    const f = await fixture()
    await createConsoleUser(app.db, {
      email: 'phone-admin@city.example.jp',
      name: '管理 一郎',
      password: 'a long admin password 12',
      role: 'STAFF',
    })
    const page = await phone(390, 'ja')
    await signIn(page, app.url, 'phone-admin@city.example.jp', 'a long admin password 12')
    const sessions = await app.db.session.findMany({ where: { seminarId: f.seminar.id } })
    const wide: string[] = []
    for (const path of [
      '/console',
      `/console/seminars/${f.seminar.id}`,
      `/console/seminars/${f.seminar.id}/roster`,
      `/console/sessions/${sessions[0].id}/attendance`,
      '/console/programs',
      '/console/categories',
      '/console/indicators',
      '/console/reports',
      '/console/account',
    ]) {
      await page.goto(`${app.url}${path}`)
      await page.locator('h1').first().waitFor()
      const o = await overflow(page)
      if (o.scrollWidth > o.width) wide.push(`${path}: ${o.scrollWidth} (${o.culprits.join(', ')})`)
    }
    expect(wide).toEqual([])
    await page.context().close()
  })

  // Issue 18: the account page at 320 px. Its sign-ins table scrolled sideways inside its frame
  // (418 px in Japanese, 467 in English), the other sign-in's 「ログアウトさせる」 off screen.
  for (const lang of ['ja', 'en'] as const) {
    it(`fit the account page 320 px wide, its sign-ins without scrolling sideways (${lang})`, async () => {
      const email = `phone-account-${lang}@city.example.jp`
      await createConsoleUser(app.db, { email, name: '端末 二郎', password: 'a long staff password 12', role: 'STAFF' })
      // Signed in elsewhere too: that sign-in's row has the button to end it.
      const elsewhere = await phone(1280, 'ja')
      await signIn(elsewhere, app.url, email, 'a long staff password 12')
      const page = await phone(320, 'ja')
      await signIn(page, app.url, email, 'a long staff password 12')
      await page.context().addCookies([{ name: 'lang', value: lang, url: app.url }])
      await page.goto(`${app.url}/console/account`)
      const signIns = page.getByRole('table', { name: lang === 'ja' ? 'ログイン中の端末' : 'Signed-in devices' })
      const end = signIns.getByRole('button', { name: lang === 'ja' ? 'ログアウトさせる' : 'Sign out', exact: true })
      await end.waitFor()
      const o = await overflow(page)
      expect(o.scrollWidth, o.culprits.join(', ')).toBeLessThanOrEqual(o.width)
      // Nothing scrolls sideways inside a frame either, and the button is on the screen.
      const frames = await page
        .locator('.table-wrap')
        .evaluateAll((els) => els.map((el) => el.scrollWidth - el.clientWidth))
      expect(frames.length).toBeGreaterThan(0)
      expect(
        frames.every((extra) => extra <= 0),
        `sideways: ${frames.join(', ')} px`,
      ).toBe(true)
      const box = (await end.boundingBox())!
      expect(box.x + box.width).toBeLessThanOrEqual(320)
      await elsewhere.context().close()
      await page.context().close()
    })
  }
})

/**
 * Issue 18 on a desktop (1280 px): the seminar page's registrations and the security log fit their
 * frame. Before, a long email, the role select and the action links made the registrations table
 * wider than its frame (操作 reachable only by scrolling inside it), company names broke every two
 * characters (「株式/会社/北海/精機」) and dates inside 「12月1日」; the log's 内容 was cut off.
 */
describe('console tables on a desktop', () => {
  const COMPANIES = [
    '株式会社北海道精密機械製作所',
    '有限会社みなと食品加工センター',
    '一般社団法人地域産業デジタル推進協議会',
    '合同会社サンプルソフトウェア開発',
  ]

  /** Every frame's sideways scroll, every action outside the screen or its frame, every date on two lines. */
  async function misfits(page: Page) {
    return page.evaluate(() => {
      const out: string[] = []
      const width = document.documentElement.clientWidth
      for (const frame of document.querySelectorAll<HTMLElement>('.table-wrap')) {
        const name = frame.getAttribute('aria-label')
        if (frame.scrollWidth > frame.clientWidth) {
          out.push(`${name}: scrolls ${frame.scrollWidth - frame.clientWidth} px sideways`)
        }
        const right = Math.min(width, frame.getBoundingClientRect().right)
        for (const action of frame.querySelectorAll('td a, td button, td select')) {
          const box = action.getBoundingClientRect()
          if (box.right > right + 0.5) out.push(`${name}: 「${action.textContent}」 ends at ${box.right} > ${right}`)
        }
        // A date's text (「2026年12月1日(火)」, "Tue, Dec 1, 2026") on one line.
        const walker = document.createTreeWalker(frame, NodeFilter.SHOW_TEXT)
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? ''
          const m = text.match(/\d{4}年\d{1,2}月\d{1,2}日\(.\)|[A-Z][a-z]{2}, [A-Z][a-z]{2} \d{1,2}, \d{4}/)
          if (!m) continue
          const range = document.createRange()
          range.setStart(node, m.index!)
          range.setEnd(node, m.index! + m[0].length)
          const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)))
          if (tops.size > 1) out.push(`${name}: 「${m[0]}」 on ${tops.size} lines`)
        }
      }
      return out
    })
  }

  /** On how many lines the text `text` of the first cell that holds it is drawn. */
  function linesOf(page: Page, text: string) {
    return page.evaluate((text) => {
      const walker = document.createTreeWalker(document.querySelector('main')!, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const i = node.textContent!.indexOf(text)
        if (i < 0 || !node.parentElement?.closest('td')) continue
        const range = document.createRange()
        range.setStart(node, i)
        range.setEnd(node, i + text.length)
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size
      }
      return 0
    }, text)
  }

  for (const lang of ['ja', 'en'] as const) {
    it(`fit 1280 px wide: a full seminar's registrations and the security log (${lang})`, async () => {
      const email = `desktop-admin-${lang}@city.example.jp`
      await createConsoleUser(app.db, { email, name: '机上 三郎', password: 'a long admin password 12' })
      const seminar = await createSeminar(app.db, { title: '満席のセミナー', capacityInPerson: 4 })
      for (let i = 0; i < 6; i++) {
        await register(app.db, {
          seminarId: seminar.id,
          ...participant({
            name: `北海道 太郎左衛門${i}`,
            email: `yamada.taro${i}.sales-department@hokkaido-precision-machinery.example.co.jp`,
            organizationName: COMPANIES[i % COMPANIES.length],
          }),
        })
      }
      const cancelled = await register(app.db, {
        seminarId: seminar.id,
        ...participant({ organizationName: COMPANIES[0] }),
      })
      await cancelRegistration(app.db, cancelled.id, { by: 'PARTICIPANT' })
      // Security events with a long actor, target and detail, as a busy office collects them.
      await app.db.securityEvent.createMany({
        data: Array.from({ length: 3 }, (_, i) => ({
          type: 'access.refused',
          outcome: 'refused',
          actorEmail: `a-very-long-staff-address-${i}@planning-division.city.example.jp`,
          address: '2001:db8:85a3:0000:0000:8a2e:0370:7334',
          requestId: crypto.randomUUID(),
          targetType: 'Registration',
          targetId: `cm${'x'.repeat(23)}${i}`,
          detail: JSON.stringify({
            permission: 'personal-data.export',
            path: `/console/seminars/${seminar.id}/roster.csv`,
          }),
        })),
      })

      const page = await phone(1280, 'ja')
      await signIn(page, app.url, email, 'a long admin password 12')
      await page.context().addCookies([{ name: 'lang', value: lang, url: app.url }])
      await page.goto(`${app.url}/console/seminars/${seminar.id}`)
      await page.locator('.table-wrap').nth(2).waitFor()
      expect(await misfits(page)).toEqual([])
      // A company's name gets room: 14 characters on at most two lines, not seven.
      const lines = await linesOf(page, COMPANIES[0])
      expect(lines).toBeGreaterThan(0)
      expect(lines).toBeLessThanOrEqual(2)

      await page.goto(`${app.url}/console/security`)
      await page.locator('.table-wrap').waitFor()
      expect(await misfits(page)).toEqual([])
      await page.context().close()
    }, 120_000)
  }
})
