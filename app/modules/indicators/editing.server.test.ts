import { parseWithZod } from '@conform-to/zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { indicatorInput } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { ensureCategory } from '../categories/categories.server'
import { indicatorEditPage, indicatorYears, saveIndicatorForm } from './editing.server'
import { carriedPlans, IndicatorSchema, indicatorPageSchema, planField, YearActionSchema } from './forms'
import { savePlansOfOpenYears } from './plans.server'
import { actOnClosedYear, closeFiscalYear } from './year-close.server'
import { yearStatus } from './indicators.server'

let db: Db
let drop: () => Promise<void>
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
})
afterAll(async () => drop())

/** 30 November 2026, Japan time: FY2026 is under way. */
const NOW = new Date('2026-11-30T03:00:00Z')

function form(fields: Record<string, string>) {
  const data = new FormData()
  for (const [k, v] of Object.entries(fields)) data.append(k, v)
  return data
}

async function thrown(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run()
  } catch (error) {
    return error
  }
  return undefined
}

describe('the indicator pages', () => {
  it('answer 404 for an indicator that is not there', async () => {
    expect(isAppError(await thrown(() => indicatorYears(db, 'no-such-indicator', NOW)), 'NOT_FOUND')).toBe(true)
    expect(isAppError(await thrown(() => indicatorEditPage(db, 'no-such-indicator', NOW)), 'NOT_FOUND')).toBe(true)
  })

  it('refuse a taken code (409) and a seminar outside the programs (400) beside the field, saving nothing', async () => {
    const a = await db.program.create({ data: { code: 'ED-A', name: '編集A事業' } })
    const b = await db.program.create({ data: { code: 'ED-B', name: '編集B事業' } })
    const seminarOfB = await db.seminar.create({
      data: {
        programId: b.id,
        title: 'B のセミナー',
        categoryId: await ensureCategory(db, 'セミナー'),
        mode: 'IN_PERSON',
        registrationOpensAt: NOW,
        registrationClosesAt: NOW,
      },
    })
    const saved = await saveIndicatorForm(
      db,
      indicatorInput({ code: 'ED-1', name: '編集の指標', rule: 'PERSON_TIMES', programIds: [a.id] }),
    )
    expect('id' in saved).toBe(true)
    expect(
      await saveIndicatorForm(
        db,
        indicatorInput({ code: 'ED-1', name: '同じ番号', rule: 'PERSON_TIMES', programIds: [a.id] }),
      ),
    ).toEqual({ status: 409, fieldErrors: { code: ['codeTaken'] } })
    expect(
      await saveIndicatorForm(
        db,
        indicatorInput({
          code: 'ED-2',
          name: '範囲外',
          rule: 'PERSON_TIMES',
          programIds: [a.id],
          seminarIds: [seminarOfB.id],
        }),
      ),
    ).toEqual({ status: 400, fieldErrors: { seminarIds: ['seminarOutsidePrograms'] } })
    expect(await db.indicator.count({ where: { code: { in: ['ED-2'] } } })).toBe(0)
    expect(await db.indicator.count({ where: { code: 'ED-1' } })).toBe(1)
  })

  it('save no plan when one would change a closed year, and name that year', async () => {
    const program = await db.program.create({ data: { code: 'ED-P', name: '予定事業' } })
    const saved = await saveIndicatorForm(
      db,
      indicatorInput({ code: 'ED-PLAN', name: '予定の指標', rule: 'PERSON_TIMES', programIds: [program.id] }),
    )
    const id = 'id' in saved ? saved.id : ''
    await closeFiscalYear(db, 2024, null, NOW)
    const closed = await savePlansOfOpenYears(
      db,
      id,
      new Map([
        [2024, 5],
        [2026, 10],
      ]),
    )
    expect(closed).toEqual([2024])
    expect(await db.indicatorTarget.count({ where: { indicatorId: id } })).toBe(0)
    expect(await savePlansOfOpenYears(db, id, new Map([[2026, 10]]))).toEqual([])
    expect(await db.indicatorTarget.count({ where: { indicatorId: id, fiscalYear: 2026, plan: 10 } })).toBe(1)
  })

  it('refuse reopening or accepting what the page no longer shows: nothing changes (YEAR_CHANGED_MEANWHILE)', async () => {
    await closeFiscalYear(db, 2023, null, NOW)
    const { version } = await yearStatus(db, 2023)
    const user = await db.consoleUser.create({ data: { email: 'years@city.example.jp', name: '年度 担当' } })
    const stale = { intent: 'accept' as const, fiscalYear: 2023, reason: '転記漏れ', version: version + 1, digest: '' }
    expect(isAppError(await thrown(() => actOnClosedYear(db, stale, user.id, NOW)), 'YEAR_CHANGED_MEANWHILE')).toBe(
      true,
    )
    await actOnClosedYear(db, { intent: 'reopen', fiscalYear: 2023, reason: '再集計' }, user.id, NOW)
    expect((await yearStatus(db, 2023)).closed).toBe(false)
    // Sent twice: the second finds the year open already.
    const again = await thrown(() =>
      actOnClosedYear(db, { intent: 'reopen', fiscalYear: 2023, reason: '再集計' }, user.id, NOW),
    )
    expect(isAppError(again, 'YEAR_CHANGED_MEANWHILE')).toBe(true)
  })
})

describe('the indicator forms', () => {
  it('read the base year and baseline as people type numbers here, nothing more lenient', () => {
    const fields = { code: 'N-1', name: '数', kind: 'ACTIVITY', unit: '人', rule: 'MANUAL', modeScope: 'ALL' }
    const parse = (extra: Record<string, string>) =>
      parseWithZod(form({ ...fields, ...extra }), { schema: IndicatorSchema })
    const ok = parse({ baseYear: '２０２０', baseline: '－１，２００．５' })
    expect(ok.status === 'success' && [ok.value.baseYear, ok.value.baseline]).toEqual([2020, -1200.5])
    // `Number` would have read these as 1000, 16 and 123.
    for (const bad of ['1e3', '0x10', '1,23'])
      expect(parse({ baseline: bad }).reply().error, bad).toEqual({
        baseline: ['notANumber'],
      })
    expect(parse({ baseYear: '1988' }).reply().error).toEqual({ baseYear: ['notANumber'] })
  })

  it('take one intent of the edit page at a time, each with its own fields', () => {
    const schema = indicatorPageSchema({ planYears: [2025, 2026], actualYears: [2025, 2026] }, false)
    const plans = parseWithZod(form({ intent: 'plans', [planField(2026)]: '１，２００' }), { schema })
    expect(plans.status === 'success' && plans.value).toEqual({
      intent: 'plans',
      [planField(2025)]: null,
      [planField(2026)]: 1200,
    })
    // Only the years the form carried are set: 2025 was not in it, so its plan is left alone.
    expect(plans.status === 'success' && carriedPlans([2025, 2026], plans.value, plans.payload)).toEqual(
      new Map([[2026, 1200]]),
    )
    // An emptied field clears that year's plan.
    const cleared = parseWithZod(form({ intent: 'plans', [planField(2025)]: '', [planField(2026)]: '5' }), { schema })
    expect(cleared.status === 'success' && carriedPlans([2025, 2026], cleared.value, cleared.payload)).toEqual(
      new Map([
        [2025, null],
        [2026, 5],
      ]),
    )
    // A seminar-fed indicator takes whole years only, but any listed figure can be deleted.
    expect(
      parseWithZod(form({ intent: 'manual', fiscalYear: '2026', month: '4', value: '1', state: 'FINAL' }), { schema })
        .status,
    ).toBe('error')
    const remove = parseWithZod(form({ intent: 'manual-delete', fiscalYear: '2026', month: '4' }), { schema })
    expect(remove.status === 'success' && remove.value).toEqual({ intent: 'manual-delete', fiscalYear: 2026, month: 4 })
    // The indicator form keeps its own rule: a counted indicator needs a program.
    const indicator = parseWithZod(
      form({
        intent: 'indicator',
        code: 'X',
        name: 'x',
        kind: 'ACTIVITY',
        unit: '人',
        rule: 'PERSON_TIMES',
        modeScope: 'ALL',
      }),
      { schema },
    )
    expect(indicator.reply().error).toEqual({ programIds: ['required'] })
    expect(parseWithZod(form({ intent: 'other' }), { schema }).status).toBe('error')
  })

  it('want a reason of at most 500 characters to reopen or accept a closed year', () => {
    const parse = (reason: string) =>
      parseWithZod(form({ intent: 'reopen', fiscalYear: '2026', reason }), { schema: YearActionSchema })
    expect(parse('  ').reply().error).toEqual({ reason: ['ind.reasonRequired'] })
    expect(parse('あ'.repeat(501)).reply().error).toEqual({ reason: ['close.reasonTooLong'] })
    const ok = parse(' 再集計 ')
    expect(ok.status === 'success' && ok.value).toEqual({ intent: 'reopen', fiscalYear: 2026, reason: '再集計' })
  })
})
