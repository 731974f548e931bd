import { parseWithZod } from '@conform-to/zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { participant, indicatorInput } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { FigureState } from '~/generated/prisma/client'
import type { Db } from '~/utils/db.server'
import { markAttendance } from '../attendance/checkin.server'
import { register } from '../registration/registrations.server'
import { achievementBand, achievementRate, DEFAULT_BANDS, reportState } from './achievement'
import { evaluationTable, multiYearTable } from './evaluation-export.server'
import { BandsSchema, handEnteredSchema, planField, plansSchema } from './forms'
import { liveActual, loadIndicators, saveIndicator, setManualFigure } from './indicators.server'
import { achievementBands, saveAchievementBands } from './office-settings.server'
import { actualYears, deleteHandEntered, handEnteredFigures, planYears, savePlans } from './plans.server'
import { ensureCategory } from '~/modules/categories/categories.server'

let db: Db
let drop: () => Promise<void>
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
})
afterAll(async () => drop())

/** 30 November 2026, Japan time: FY2026 (令和8年度) is under way. */
const NOW = new Date('2026-11-30T03:00:00Z')

function form(fields: Record<string, string>) {
  const data = new FormData()
  for (const [k, v] of Object.entries(fields)) data.append(k, v)
  return data
}

/** A program whose one seminar was held in FY2026 with two participants checked in. */
async function heldIn2026(code: string) {
  const program = await db.program.create({ data: { code, name: `${code} 事業` } })
  const seminar = await db.seminar.create({
    data: {
      programId: program.id,
      title: `${code} セミナー`,
      categoryId: await ensureCategory(db, 'セミナー'),
      status: 'PUBLISHED',
      mode: 'IN_PERSON',
      venueName: '会場',
      capacityInPerson: 50,
      registrationOpensAt: new Date(Date.now() - 86400_000),
      registrationClosesAt: new Date(Date.now() + 86400_000),
      sessions: {
        create: [{ number: 1, startsAt: new Date('2026-06-01T05:00:00Z'), endsAt: new Date('2026-06-01T07:00:00Z') }],
      },
    },
    include: { sessions: true },
  })
  const people = await Promise.all([1, 2].map(() => register(db, { seminarId: seminar.id, ...participant() })))
  await markAttendance(db, {
    sessionId: seminar.sessions[0].id,
    attendedRegistrationIds: people.map((p) => p.id),
    userId: null,
  })
  return program
}

async function personTimes(code: string, programId: string, extra: { cumulative?: boolean; baseYear?: number } = {}) {
  const id = await saveIndicator(
    db,
    indicatorInput({
      code,
      name: `${code} 参加人数`,
      rule: 'PERSON_TIMES',
      cumulative: extra.cumulative ?? false,
      baseYear: extra.baseYear ?? null,
      programIds: [programId],
    }),
  )
  return (await loadIndicators(db)).find((i) => i.id === id)!
}

const handEntered = (indicatorId: string, fiscalYear: number, value: number, state: FigureState = 'FINAL') =>
  setManualFigure(db, { indicatorId, fiscalYear, month: 0, value, state, note: '', userId: null })

describe('hand-entered actuals of a seminar-fed indicator', () => {
  it('stand for a year before Jisseki, replace (not add to) the records of a year, and say so', async () => {
    const program = await heldIn2026('HE1')
    const ind = await personTimes('HE-1', program.id)
    // Nothing in scope in FY2020: no data, blank rather than 0.
    expect(await liveActual(db, ind, 2020, NOW)).toEqual({ value: null, state: 'FINAL', manual: false, recorded: null })
    expect((await liveActual(db, ind, 2026, NOW)).value).toBe(2)

    await setManualFigure(db, {
      indicatorId: ind.id,
      fiscalYear: 2020,
      month: 0,
      value: 150,
      state: 'ESTIMATE',
      note: '紙の名簿から',
      userId: null,
    })
    expect(await liveActual(db, ind, 2020, NOW)).toEqual({
      value: 150,
      state: 'ESTIMATE',
      manual: true,
      recorded: null,
    })
    await handEntered(ind.id, 2026, 40)
    // The hand-entered figure stands for the whole year; the records' 2 are shown beside it.
    expect(await liveActual(db, ind, 2026, NOW)).toEqual({ value: 40, state: 'FINAL', manual: true, recorded: 2 })
    expect((await handEnteredFigures(db, ind.id, NOW)).map((f) => [f.fiscalYear, f.value, f.recorded])).toEqual([
      [2026, 40, 2],
      [2020, 150, null],
    ])
    await deleteHandEntered(db, ind.id, 2026, 0)
    expect(await liveActual(db, ind, 2026, NOW)).toEqual({ value: 2, state: 'FINAL', manual: false, recorded: null })
  })

  it('add up per year in a cumulative figure, the hand-entered year instead of its records', async () => {
    const program = await heldIn2026('HE2')
    const ind = await personTimes('HE-2', program.id, { cumulative: true, baseYear: 2020 })
    await handEntered(ind.id, 2020, 150)
    expect((await liveActual(db, ind, 2021, NOW)).value).toBe(150)
    expect(await liveActual(db, ind, 2026, NOW)).toEqual({ value: 152, state: 'FINAL', manual: true, recorded: 2 })
    await handEntered(ind.id, 2026, 10)
    expect((await liveActual(db, ind, 2026, NOW)).value).toBe(160)
  })

  it('are refused when negative', async () => {
    const program = await heldIn2026('HE3')
    const ind = await personTimes('HE-3', program.id)
    await expect(handEntered(ind.id, 2020, -1)).rejects.toThrow(RangeError)
    expect(await db.manualFigure.count({ where: { indicatorId: ind.id } })).toBe(0)
  })

  it('show in the evaluation sheet five years back (前年度実績) and the multi-year table, marked 手入力', async () => {
    const program = await heldIn2026('HE4')
    const ind = await personTimes('HE-4', program.id, { baseYear: 2020 })
    await handEntered(ind.id, 2020, 150)
    await handEntered(ind.id, 2021, 90, 'ESTIMATE')
    await savePlans(db, ind.id, new Map([[2021, 100]]))
    await saveAchievementBands(db, { bandsEnabled: true, ...DEFAULT_BANDS }, null)

    const sheet = await evaluationTable(db, 2021, 'ja', NOW)
    expect(sheet.columns.map((c) => c.header)).toContain('達成度区分')
    const row = sheet.rows.find((r) => r[1] === 'HE-4 参加人数')!
    // 前年度実績 150, 予定 100, 実績 90 (90.0 %, band B), no next plan, 見込 (FY2021 over, not closed).
    expect(row.slice(4)).toEqual([150, 100, 90, 90, 'B', null, '見込', '前年度実績・当年度実績', null])

    const multi = await multiYearTable(db, 2021, 'ja', 2, NOW)
    const multiRow = multi.rows.find((r) => r[1] === 'HE-4 参加人数')!
    expect(multiRow.slice(4)).toEqual([
      null,
      150,
      null,
      null,
      '見込（手入力）',
      100,
      90,
      90,
      'B',
      '見込（手入力）',
      null,
    ])
    await saveAchievementBands(db, { bandsEnabled: false, ...DEFAULT_BANDS }, null)
  })
})

describe('which years take figures', () => {
  it('from the base year, or ten years back without one, to three years ahead (actuals: to this year)', () => {
    expect(planYears(2018, [], NOW)).toEqual([2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029])
    expect(planYears(null, [], NOW)[0]).toBe(2016)
    expect(planYears(null, [2010], NOW)[0]).toBe(2010)
    expect(planYears(2030, [], NOW)).toEqual([2026, 2027, 2028, 2029])
    expect(actualYears(2018, [], NOW).at(-1)).toBe(2026)
    expect(actualYears(2018, [], NOW)[0]).toBe(2018)
  })
})

describe('the plans form', () => {
  const years = planYears(null, [], NOW)

  it('is parsed as a whole: 令和6年度=77 with 令和8年度=abc is an error beside 令和8年度 and saves nothing', () => {
    const submission = parseWithZod(form({ [planField(2024)]: '77', [planField(2026)]: 'abc' }), {
      schema: plansSchema(years),
    })
    expect(submission.status).toBe('error')
    expect(submission.reply().error).toEqual({ [planField(2026)]: ['notANumber'] })
  })

  it('takes whole numbers ≥ 0 only, with full-width digits and thousands separators', () => {
    const parse = (v: string) => parseWithZod(form({ [planField(2026)]: v }), { schema: plansSchema(years) })
    for (const bad of ['-1', '−1', '－１', '1.5', '1e3', '0x10', '1,23', 'abc'])
      expect(parse(bad).status, bad).toBe('error')
    for (const [typed, value] of [
      ['１，２３４', 1234],
      ['1,234,567', 1234567],
      [' 0 ', 0],
      ['77', 77],
    ] as const) {
      const s = parse(typed)
      expect(s.status === 'success' && s.value[planField(2026)], typed).toBe(value)
    }
    const empty = parse('')
    expect(empty.status === 'success' && empty.value[planField(2026)]).toBeNull()
  })

  it('saves every year at once, or nothing when one plan is invalid', async () => {
    const program = await heldIn2026('PL1')
    const ind = await personTimes('PL-1', program.id)
    await savePlans(
      db,
      ind.id,
      new Map([
        [2024, 77],
        [2026, 80],
      ]),
    )
    await expect(
      savePlans(
        db,
        ind.id,
        new Map([
          [2024, 5],
          [2026, -1],
        ]),
      ),
    ).rejects.toThrow(RangeError)
    await expect(
      savePlans(
        db,
        ind.id,
        new Map([
          [2024, 5],
          [2026, 1.5],
        ]),
      ),
    ).rejects.toThrow(RangeError)
    await savePlans(
      db,
      ind.id,
      new Map([
        [2024, null],
        [2026, 81],
      ]),
    )
    const plans = await db.indicatorTarget.findMany({ where: { indicatorId: ind.id }, orderBy: { fiscalYear: 'asc' } })
    expect(plans.map((p) => [p.fiscalYear, p.plan])).toEqual([[2026, 81]])
  })

  it('hand-entered actuals: ≥ 0, decimals allowed, whole years only for a seminar-fed indicator', () => {
    const schema = handEnteredSchema([2020, 2021], false)
    const parse = (fields: Record<string, string>) =>
      parseWithZod(form({ fiscalYear: '2020', state: 'FINAL', value: '1', ...fields }), { schema })
    expect(parse({ value: '-5' }).reply().error).toEqual({ value: ['nonNegativeNumber'] })
    expect(parse({ value: '' }).reply().error).toEqual({ value: ['required'] })
    expect(parse({ month: '4' }).reply().error).toEqual({ month: ['month'] })
    expect(parse({ fiscalYear: '2019' }).reply().error).toEqual({ fiscalYear: ['invalidChoice'] })
    const ok = parse({ value: '８７．５' })
    expect(ok.status === 'success' && ok.value).toEqual({
      fiscalYear: 2020,
      month: 0,
      value: 87.5,
      state: 'FINAL',
      note: '',
    })
    const monthly = parseWithZod(form({ fiscalYear: '2021', month: '4', state: 'COUNTING', value: '3' }), {
      schema: handEnteredSchema([2020, 2021], true),
    })
    expect(monthly.status === 'success' && monthly.value.month).toBe(4)
  })
})

describe('the achievement-band form', () => {
  it('wants A above B above C, each a number ≥ 0, with the error beside the field', () => {
    const parse = (fields: Record<string, string>) =>
      parseWithZod(form({ bandA: '110', bandB: '80', bandC: '50', ...fields }), { schema: BandsSchema })
    expect(parse({ bandB: '120' }).reply().error).toEqual({ bandB: ['bandOrder'] })
    expect(parse({ bandC: '80' }).reply().error).toEqual({ bandC: ['bandOrder'] })
    expect(parse({ bandC: '-1' }).reply().error).toEqual({ bandC: ['nonNegativeNumber'] })
    expect(parse({ bandA: '' }).reply().error).toEqual({ bandA: ['required'] })
    const ok = parse({ bandsEnabled: 'on', bandA: '１２０' })
    expect(ok.status === 'success' && ok.value).toEqual({ bandsEnabled: true, bandA: 120, bandB: 80, bandC: 50 })
  })
})

describe('達成率, 達成度区分 and the state shown', () => {
  it('rounds the rate half up to one decimal, blank without an actual or a plan', () => {
    expect(achievementRate(1, 3)).toBe(33.3)
    expect(achievementRate(2, 3)).toBe(66.7)
    expect(achievementRate(109.95, 100)).toBe(110)
    expect(achievementRate(0, 10)).toBe(0)
    expect(achievementRate(null, 10)).toBeNull()
    expect(achievementRate(5, null)).toBeNull()
    expect(achievementRate(5, 0)).toBeNull()
  })

  it('grades A ≥ 110, B ≥ 80, C ≥ 50, D below by default, and the office can change and turn them on', async () => {
    const grade = (r: number) => achievementBand(r, DEFAULT_BANDS)
    expect([110, 109.9, 80, 79.9, 50, 49.9, 0].map(grade)).toEqual(['A', 'B', 'B', 'C', 'C', 'D', 'D'])
    expect(achievementBand(null, DEFAULT_BANDS)).toBeNull()
    expect(await achievementBands(db)).toMatchObject({ bandsEnabled: false, bandA: 110, bandB: 80, bandC: 50 })
    await expect(
      saveAchievementBands(db, { bandsEnabled: true, bandA: 80, bandB: 90, bandC: 50 }, null),
    ).rejects.toThrow(RangeError)
    await saveAchievementBands(db, { bandsEnabled: true, bandA: 100, bandB: 90, bandC: 60 }, null)
    expect(await achievementBands(db)).toEqual({ bandsEnabled: true, bandA: 100, bandB: 90, bandC: 60 })
    await saveAchievementBands(db, { bandsEnabled: false, ...DEFAULT_BANDS }, null)
  })

  it('says 確定 only for a closed year; 集計中 while the year runs or when marked so; else 見込', () => {
    expect(reportState('FINAL', true, 2025, NOW)).toBe('FINAL')
    expect(reportState('COUNTING', true, 2025, NOW)).toBe('FINAL')
    expect(reportState('FINAL', false, 2026, NOW)).toBe('COUNTING')
    expect(reportState('FINAL', false, 2025, NOW)).toBe('ESTIMATE')
    expect(reportState('ESTIMATE', false, 2025, NOW)).toBe('ESTIMATE')
    expect(reportState('COUNTING', false, 2025, NOW)).toBe('COUNTING')
  })
})
