import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { createConsoleUser } from '../accounts/console-users.server'
import { cancelRegistration, register } from './registrations.server'
import { cardPages, fittedSize, nameFit, textEms } from './name-cards'
import { nameCards, roster, rosterFile, rosterStatuses } from './roster.server'

let db: Db
let drop: () => Promise<void>
let userId: string
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  userId = (
    await createConsoleUser(db, { email: 'roster@city.example.jp', name: '名簿', password: 'a long password 1' })
  ).id
})
afterAll(async () => drop())

type XlsxBuffer = Parameters<ExcelJS.Xlsx['load']>[0]
const text = async (stream: ReadableStream<Uint8Array>) => new Response(stream).text()

describe('the registrant roster (名簿)', () => {
  it('sorts by reading with katakana and hiragana together, readings before none, and filters by status', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 3 })
    const person = (name: string, furigana: string) =>
      register(db, { seminarId: seminar.id, ...participant({ name, furigana }) })
    await person('山田 太郎', 'ヤマダ タロウ')
    const ando = await person('安藤 花', 'あんどう はな')
    await person('Mika Ito', '')
    await person('井上 一', 'いのうえ はじめ') // the fourth: waiting
    await cancelRegistration(db, ando.id, { by: 'PARTICIPANT' }) // 井上 moves up
    await person('加藤 次郎', 'カトウ ジロウ') // waiting

    const names = async (statuses: Parameters<typeof roster>[2]) =>
      (await roster(db, seminar.id, statuses)).people.map((p) => p.name)
    expect(await names(['CONFIRMED', 'WAITLISTED'])).toEqual(['井上 一', '加藤 次郎', '山田 太郎', 'Mika Ito'])
    expect(await names(['CANCELLED'])).toEqual(['安藤 花'])
    expect(await names(['WAITLISTED'])).toEqual(['加藤 次郎'])
  })

  it('reads its statuses from the address, holding places by default and ignoring anything else', () => {
    expect(rosterStatuses('http://x/r')).toEqual(['CONFIRMED', 'WAITLISTED'])
    expect(rosterStatuses('http://x/r?status=CANCELLED&status=CONFIRMED')).toEqual(['CONFIRMED', 'CANCELLED'])
    expect(rosterStatuses('http://x/r?status=DROP%20TABLE')).toEqual(['CONFIRMED'])
  })

  it('downloads as CSV and XLSX in the same order, and records each download', async () => {
    const seminar = await createSeminar(db, { title: '名簿セミナー' })
    await register(db, { seminarId: seminar.id, ...participant({ name: '渡辺 光', furigana: 'わたなべ ひかる' }) })
    await register(db, { seminarId: seminar.id, ...participant({ name: '青木 空', furigana: 'アオキ ソラ' }) })
    const input = { seminarId: seminar.id, statuses: ['CONFIRMED' as const], userId, lang: 'ja' as const }
    const csv = await rosterFile(db, { ...input, format: 'csv' })
    expect(csv.names.fileName).toBe('名簿セミナー_名簿.csv')
    const lines = (await text(csv.body))
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
    expect(lines[0]).toContain('氏名')
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(['青木 空', '渡辺 光'])
    expect(lines[1]).toContain('参加確定')

    const xlsx = await rosterFile(db, { ...input, format: 'xlsx' })
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(Buffer.from(await new Response(xlsx.body).arrayBuffer()) as unknown as XlsxBuffer)
    const sheet = book.worksheets[0]
    expect(sheet.name).toBe('名簿')
    expect([sheet.getCell('B2').value, sheet.getCell('B3').value]).toEqual(['青木 空', '渡辺 光'])
    expect(
      await db.auditEvent.count({ where: { action: 'export.seminar-roster', detail: { contains: seminar.id } } }),
    ).toBe(2)
  })

  it('makes name cards for those confirmed by default, in the roster order, and for the statuses asked', async () => {
    const seminar = await createSeminar(db, { title: '名札セミナー', capacityInPerson: 3 })
    const person = (name: string, furigana: string, organizationName: string | null = '株式会社サンプル') =>
      register(db, { seminarId: seminar.id, ...participant({ name, furigana, organizationName }) })
    await person('山田 太郎', 'ヤマダ タロウ')
    const ando = await person('安藤 花', 'あんどう はな')
    await person('Mika Ito', '', null)
    await person('井上 一', 'イノウエ ハジメ') // waiting, then confirmed when 安藤 cancels
    await person('加藤 次郎', 'かとう じろう') // waiting
    await cancelRegistration(db, ando.id, { by: 'PARTICIPANT' })

    const confirmed = await nameCards(db, seminar.id, rosterStatuses('http://x/n', ['CONFIRMED']))
    expect(confirmed.seminar.title).toBe('名札セミナー')
    expect(confirmed.cards.map((c) => [c.name, c.furigana, c.organizationName])).toEqual([
      ['井上 一', 'イノウエ ハジメ', '株式会社サンプル'],
      ['山田 太郎', 'ヤマダ タロウ', '株式会社サンプル'],
      ['Mika Ito', '', null],
    ])
    const waiting = await nameCards(db, seminar.id, rosterStatuses('http://x/n?status=WAITLISTED', ['CONFIRMED']))
    expect(waiting.cards.map((c) => c.name)).toEqual(['加藤 次郎'])
    const both = await nameCards(
      db,
      seminar.id,
      rosterStatuses('http://x/n?status=CONFIRMED&status=CANCELLED', ['CONFIRMED']),
    )
    expect(both.cards.map((c) => c.name)).toEqual(['安藤 花', '井上 一', '山田 太郎', 'Mika Ito'])
    await expect(nameCards(db, 'no-such-seminar', ['CONFIRMED'])).rejects.toMatchObject({ code: 'SEMINAR_NOT_FOUND' })
  })

  it('lays name cards out ten to a page and fits a long name on two lines', () => {
    const cards = Array.from({ length: 23 }, (_, i) => i)
    expect(cardPages(cards).map((p) => p.length)).toEqual([10, 10, 3])
    expect(cardPages([])).toEqual([])
    expect(textEms('山田 太郎')).toBeCloseTo(4.35)
    expect(textEms('ｱｲｳ')).toBeCloseTo(1.65)
    expect(nameFit('山田 太郎')).toEqual({ fontSize: 'min(11mm, 21.15cqw)', lines: 1 })
    const long = nameFit('寿限無寿限無五劫の擦り切れ海砂利水魚の水行末雲来末風来末')
    expect(long.lines).toBe(2)
    expect(long.fontSize).toBe('min(11mm, 6.57cqw)')
    expect(fittedSize('', 4)).toBe('min(4mm, 92.00cqw)')
  })
})
