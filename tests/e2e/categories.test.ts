import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { ensureCategory } from '~/modules/categories/categories.server'
import { loadIndicators, saveIndicator } from '~/modules/indicators/indicators.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'
import { signIn } from '../support/console'
import { createSeminar } from '../support/factories'

/*
 * Seminar types (docs/decisions/0016-categories.md): categories are a managed list, chosen by
 * id on both sides, so a seminar cannot fall out of a category-scoped indicator by a typo or by a
 * form saved unchanged.
 */

let app: AppServer
let browser: Browser
const PASSWORD = 'a long category password'
const pageErrors: Error[] = []

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
  await createConsoleUser(app.db, { email: 'types@city.example.jp', name: '種類 担当', password: PASSWORD })
})
afterEach(() => {
  expect(pageErrors).toEqual([])
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

async function signedInPage(javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled })
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  await signIn(page, app.url, 'types@city.example.jp', PASSWORD)
  return page
}

describe('a seminar saved unchanged without JavaScript', () => {
  it('keeps its row exactly as it was, category included', async () => {
    const probe = await ensureCategory(app.db, 'プローブ', 'Probe')
    // The form's date fields hold minutes, as every seminar made through it does.
    const minute = Math.floor(Date.now() / 60_000) * 60_000
    const seminar = await createSeminar(app.db, {
      title: 'プローブ型センサー活用セミナー（第２回）',
      titleEn: 'Probe sensors, part 2',
      description: '製造現場のデータ収集について。\n「ー」や全角記号を含む説明文。',
      categoryId: probe,
      mode: 'HYBRID',
      capacityOnline: 80,
      onlineUrl: 'https://zoom.example.jp/j/123',
      venueAddress: '東京都千代田区丸の内1-1-1',
      registrationOpensAt: new Date(minute - 86400_000),
      registrationClosesAt: new Date(minute + 6 * 86400_000),
    })
    const before = await app.db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })
    const page = await signedInPage(false)
    await page.goto(`${app.url}/console/seminars/${seminar.id}/edit`)
    expect(await page.locator('[name=categoryId]').inputValue()).toBe(probe)
    await page.locator('#seminar').getByRole('button', { name: '保存' }).click()
    await page.waitForURL(/\/edit\?msg=console\.saved/)
    const after = await app.db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })
    const { updatedAt: _before, ...rowBefore } = before
    const { updatedAt: _after, ...rowAfter } = after
    expect(rowAfter).toEqual(rowBefore)
    expect(after.categoryId).toBe(probe)
    await page.context().close()
  })

  it('refuses a category that is gone since the page was opened, beside the field, and keeps the rest', async () => {
    const keep = await ensureCategory(app.db, '講座')
    const seminar = await createSeminar(app.db, { title: '古い画面から保存', categoryId: keep })
    const stale = await ensureCategory(app.db, '古い種類')
    const page = await signedInPage(false)
    await page.goto(`${app.url}/console/seminars/${seminar.id}/edit`)
    await page.locator('[name=categoryId]').selectOption(stale)
    await page.locator('#seminar [name=title]').fill('古い画面から保存（改）')
    // Meanwhile someone merges that category away.
    await app.db.category.delete({ where: { id: stale } })
    await page.locator('#seminar').getByRole('button', { name: '保存' }).click()
    await expect
      .poll(() => page.locator('#seminar .field-invalid .field-error').first().textContent())
      .toBe('この種類は一覧にありません。選び直してください。')
    expect(await page.locator('#seminar [name=title]').inputValue()).toBe('古い画面から保存（改）')
    const row = await app.db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })
    expect(row).toMatchObject({ title: '古い画面から保存', categoryId: keep })
    await page.context().close()
  })
})

describe('the list of seminar types in the console', () => {
  it('adds, refuses a duplicate, renames and merges; seminars and indicator scopes follow', async () => {
    const page = await signedInPage(false)
    await page.goto(`${app.url}/console`)
    await page.getByRole('link', { name: 'セミナーの種類' }).click()
    await page.waitForURL(/\/console\/categories$/)
    const add = async (name: string, nameEn = '') => {
      await page.locator('#new-category [name=name]').fill(name)
      await page.locator('#new-category [name=nameEn]').fill(nameEn)
      await page.getByRole('button', { name: '追加' }).click()
    }
    // A trailing full-width space is no new category.
    await add('勉強会\u3000')
    await page.waitForURL(/msg=console\.saved/)
    await add('交流会', 'Networking')
    await page.waitForURL(/msg=console\.saved/)
    expect((await app.db.category.findMany({ where: { name: { in: ['勉強会', '交流会'] } } })).length).toBe(2)
    await add('勉強会')
    await expect
      .poll(() => page.locator('#new-category .field-error').first().textContent())
      .toBe('この名前の種類は既にあります。統合する場合は下の「種類を統合」を使ってください。')
    expect(await page.locator('#new-category [name=name]').inputValue()).toBe('勉強会')

    // A seminar and an indicator of 勉強会.
    const study = (await app.db.category.findUniqueOrThrow({ where: { name: '勉強会' } })).id
    const networking = (await app.db.category.findUniqueOrThrow({ where: { name: '交流会' } })).id
    const seminar = await createSeminar(app.db, { title: '若手経営者の勉強会', categoryId: study })
    const indicatorId = await saveIndicator(app.db, {
      code: 'STUDY',
      name: '勉強会の延べ参加者数',
      nameEn: null,
      kind: 'ACTIVITY',
      unit: '人',
      rule: 'PERSON_TIMES',
      categoryIds: [study],
      seminarIds: [],
      modeScope: 'ALL',
      cumulative: false,
      baseYear: null,
      baseline: null,
      note: '',
      programIds: [seminar.programId],
    })

    // Rename: the seminar keeps it (by id).
    await page
      .getByRole('row', { name: /勉強会/ })
      .getByRole('link', { name: '名前を変更' })
      .click()
    await page.locator(`[id="${study}"] [name=name]`).fill('経営勉強会')
    await page.getByRole('button', { name: '保存' }).click()
    await page.waitForURL(/msg=console\.saved/)
    expect(
      (await app.db.seminar.findUniqueOrThrow({ where: { id: seminar.id }, include: { category: true } })).category
        ?.name,
    ).toBe('経営勉強会')

    // Merge 経営勉強会 into 交流会: the seminar and the indicator's scope move, 経営勉強会 disappears.
    await page.locator('#merge-category [name=fromId]').selectOption({ label: '経営勉強会' })
    await page.locator('#merge-category [name=intoId]').selectOption({ label: '交流会' })
    await page.getByRole('button', { name: '統合する' }).click()
    await page.waitForURL(/msg=categories\.merged/)
    expect(await page.getByRole('status').textContent()).toBe('種類を統合しました。')
    expect(await app.db.category.findUnique({ where: { id: study } })).toBeNull()
    expect((await app.db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })).categoryId).toBe(networking)
    const scope = (await loadIndicators(app.db)).find((i) => i.id === indicatorId)!.categories
    expect(scope.map((c) => c.categoryId)).toEqual([networking])
    expect(
      (await app.db.auditEvent.findMany({ where: { entityType: 'Category' }, orderBy: { at: 'asc' } })).map(
        (e) => e.action,
      ),
    ).toEqual(expect.arrayContaining(['category.create', 'category.rename', 'category.merge']))
    await page.context().close()

    // The public page names the category in the participant's language.
    const english = await fetch(`${app.url}/seminars/${seminar.id}`, { headers: { cookie: 'lang=en' } })
    expect(await english.text()).toContain('<span class="chip">Networking</span>')
    const japanese = await fetch(`${app.url}/seminars/${seminar.id}`)
    expect(await japanese.text()).toContain('<span class="chip">交流会</span>')
  })
})
