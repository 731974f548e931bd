import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, indicatorInput } from '../../../tests/support/factories'
import {
  addInvitation,
  addResponse,
  addSurvey,
  addSurveyQuestion,
  surveyAttendee,
} from '../../../tests/support/survey-factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { IndicatorSchema } from '../indicators/forms'
import { indicatorEditPage, saveIndicatorForm } from '../indicators/editing.server'
import {
  dashboard,
  loadIndicators,
  reportedFigure,
  saveIndicator,
  setPlan,
  yearStatus,
} from '../indicators/indicators.server'
import { acceptDifferences, closeFiscalYear, pendingDifferences } from '../indicators/year-close.server'
import { rateSentence } from '../indicators/report-sentences'
import { rateSentences } from '../indicators/report-sentences.server'
import { evidence, evidencePage } from '../indicators/evidence.server'
import { evidenceFile } from '../indicators/evidence-export.server'
import { surveyRateBasis, satisfiedFrom } from './rates.server'

let db: Db
let drop: () => Promise<void>
let userId: string
let programId: string
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  userId = (
    await db.consoleUser.create({
      data: { email: 'rates@city.example.jp', name: '割合 担当', role: 'ADMIN', passwordHash: 'x' },
    })
  ).id
  programId = (await db.program.create({ data: { code: 'RATES', name: '満足度事業' } })).id
})
afterAll(async () => drop())

/**
 * A seminar of the program held a week after `now`, whose survey asked `invited` people and got
 * one response per entry of `points` (null: a response without the satisfaction question).
 */
async function surveyed(
  now: Date,
  points: (number | null)[],
  invited: number,
  options: { program?: string; anonymous?: boolean; title?: string } = {},
) {
  const seminar = await createSeminar(
    db,
    { programId: options.program ?? programId, title: options.title ?? '満足度セミナー' },
    now,
  )
  const survey = await addSurvey(db, seminar.id, { anonymous: options.anonymous })
  const overall = await addSurveyQuestion(db, seminar.id, { kind: 'SATISFACTION', label: '全体の満足度' })
  // A second scale (about the venue) never counts: the first one asked is the overall satisfaction.
  const venue = await addSurveyQuestion(db, seminar.id, { kind: 'SATISFACTION', label: '会場の満足度' })
  const comment = await addSurveyQuestion(db, seminar.id, { kind: 'LONG_TEXT', label: 'ご意見' })
  const invitations = []
  for (let i = 0; i < invited; i++) {
    const r = await surveyAttendee(db, seminar.id, now)
    invitations.push(await addInvitation(db, survey.id, r.id, now))
  }
  for (const [i, p] of points.entries()) {
    await addResponse(db, {
      surveyId: survey.id,
      invitationId: invitations[i].id,
      answeredOn: now,
      answers:
        p === null
          ? [[comment, '特になし']]
          : [
              [overall, p],
              [venue, 1],
            ],
    })
  }
  return { seminar, survey, overall, venue, invitations }
}

const APRIL = new Date('2026-04-10T00:00:00+09:00')
const MARCH = new Date('2027-03-20T00:00:00+09:00') // its session on 27 March: still FY2026
const NEXT = new Date('2027-03-26T00:00:00+09:00') // its session on 2 April: FY2027

describe('survey rates as indicators', () => {
  it('counts satisfaction in the top N points and responses per invitation, per fiscal year and scope', async () => {
    const first = await surveyed(APRIL, [5, 4, 2, 3], 5)
    await surveyed(MARCH, [5, 5, 1, null], 4)
    await surveyed(NEXT, [1, 1], 2)
    // Another program's seminar, out of scope.
    const other = await db.program.create({ data: { code: 'OTHER', name: '他事業' } })
    await surveyed(APRIL, [1, 1, 1], 3, { program: other.id })

    const satisfaction = await saveIndicator(
      db,
      indicatorInput({
        code: 'SAT',
        name: '参加者満足度',
        rule: 'SATISFACTION_RATE',
        unit: '%',
        topPoints: 2,
        programIds: [programId],
      }),
    )
    const strict = await saveIndicator(
      db,
      indicatorInput({
        code: 'SAT1',
        name: '「満足」の割合',
        rule: 'SATISFACTION_RATE',
        unit: '%',
        topPoints: 1,
        programIds: [programId],
      }),
    )
    const responses = await saveIndicator(
      db,
      indicatorInput({
        code: 'RES',
        name: 'アンケート回答率',
        rule: 'RESPONSE_RATE',
        unit: '%',
        programIds: [programId],
      }),
    )
    // The topPoints of a rule that has none are not kept.
    expect((await db.indicator.findUniqueOrThrow({ where: { id: responses } })).topPoints).toBeNull()

    const now = new Date('2027-04-15T00:00:00+09:00')
    const board = await dashboard(db, 2026, now)
    const row = (id: string) => board.groups[0].rows.find((r) => r.indicatorId === id)!
    // FY2026: satisfaction answers 5,4,2,3 and 5,5,1 → top 2 (5 and 4): 4 of 7 = 57.1%; 5 only: 3 of 7 = 42.9%.
    expect(row(satisfaction).figure.actual).toBe(57.1)
    expect(row(strict).figure.actual).toBe(42.9)
    // Responses 4 + 4 of invitations 5 + 4: 88.9%.
    expect(row(responses).figure.actual).toBe(88.9)
    const next = await dashboard(db, 2027, now)
    expect(next.groups[0].rows.find((r) => r.indicatorId === satisfaction)!.figure.actual).toBe(0)
    expect(next.groups[0].rows.find((r) => r.indicatorId === responses)!.figure.actual).toBe(100)
    // A year without any survey is blank, not 0.
    expect(
      (await dashboard(db, 2025, now)).groups[0].rows.find((r) => r.indicatorId === satisfaction)!.figure.actual,
    ).toBeNull()

    const indicator = (await loadIndicators(db)).find((i) => i.id === satisfaction)!
    const basis = await surveyRateBasis(
      db,
      { rule: 'SATISFACTION_RATE', topPoints: 2, where: { programId } },
      { start: new Date('2026-04-01T00:00:00+09:00'), end: new Date('2027-04-01T00:00:00+09:00') },
    )
    expect(basis).toMatchObject({ numerator: 4, denominator: 7, rate: 57.1 })
    expect(basis!.seminarIds[0]).toBe(first.seminar.id)
    expect(indicator.topPoints).toBe(2)
    expect([1, 2, 3, 4].map(satisfiedFrom)).toEqual([5, 4, 3, 2])

    // Plan vs actual.
    await setPlan(db, satisfaction, 2026, 80)
    const planned = (await dashboard(db, 2026, now)).groups[0].rows.find((r) => r.indicatorId === satisfaction)!
    expect(planned.plan).toBe(80)
    expect(planned.rate).toBeCloseTo(57.1 / 80, 10)

    // Closing freezes the rate; a late answer is a pending difference of exactly +5.4, accepted as such.
    expect(await closeFiscalYear(db, 2026, userId, now)).toBe('done')
    const snapshot = await db.indicatorSnapshot.findUniqueOrThrow({
      where: { indicatorId_fiscalYear: { indicatorId: satisfaction, fiscalYear: 2026 } },
    })
    expect([snapshot.value, snapshot.basis]).toEqual([57.1, 7])
    await addResponse(db, {
      surveyId: first.survey.id,
      invitationId: first.invitations[4].id,
      answeredOn: now,
      answers: [[first.overall, 4]],
    })
    const status = await yearStatus(db, 2026)
    const late = await reportedFigure(db, indicator, 2026, status, now)
    // 5 of 8 = 62.5%.
    expect([late.actual, late.live, late.pending]).toEqual([57.1, 62.5, 5.4])
    // The closed year's sentence keeps the frozen rate and count while the late answer waits.
    // In the indicators' order (by code): RES, SAT, SAT1.
    expect((await rateSentences(db, 2026, 'ja', now)).map((r) => r.sentence)).toEqual([
      'アンケート回答率 88.9%（依頼 9件）',
      '参加者満足度 57.1%（回答 7件）',
      '「満足」の割合 42.9%（回答 7件）',
    ])
    const pending = await pendingDifferences(db, 2026, now)
    expect(pending.indicators.map((d) => [d.code, d.delta]).sort()).toEqual([
      ['RES', 11.1],
      ['SAT', 5.4],
      ['SAT1', -5.4],
    ])
    const accepted = await acceptDifferences(db, { fiscalYear: 2026, reason: '回答の遅着', userId }, now)
    expect(accepted.outcome).toBe('done')
    const after = await reportedFigure(db, indicator, 2026, status, now)
    expect([after.actual, after.pending]).toEqual([62.5, 0])
    expect((await pendingDifferences(db, 2026, now)).indicators).toEqual([])
    // The sentence's count moves with the accepted difference.
    expect(
      (
        await db.indicatorSnapshot.findUniqueOrThrow({
          where: { indicatorId_fiscalYear: { indicatorId: satisfaction, fiscalYear: 2026 } },
        })
      ).basis,
    ).toBe(8)
    expect((await rateSentences(db, 2026, 'ja', now))[1].sentence).toBe('参加者満足度 62.5%（回答 8件）')
    // An open year's sentences come from the records.
    expect((await rateSentences(db, 2027, 'en', now)).map((r) => r.sentence)).toEqual([
      'アンケート回答率 100.0% (2 invited)',
      '参加者満足度 0.0% (2 responses)',
      '「満足」の割合 0.0% (2 responses)',
    ])
    expect(rateSentence({ name: '参加者満足度', rule: 'SATISFACTION_RATE', rate: 92.3, basis: 1118 }, 'ja')).toBe(
      '参加者満足度 92.3%（回答 1,118件）',
    )
    expect(rateSentence({ name: 'Satisfaction', rule: 'SATISFACTION_RATE', rate: 100, basis: 1 }, 'en')).toBe(
      'Satisfaction 100.0% (1 response)',
    )
    expect(rateSentence({ name: '満足度', rule: 'SATISFACTION_RATE', rate: 90, basis: null }, 'ja')).toBe(
      '満足度 90.0%',
    )
  })

  it('opens into the responses behind the rate, an anonymous survey without names or days', async () => {
    const program = await db.program.create({ data: { code: 'RATES-EV', name: '根拠事業' } })
    // FY2029: an open year (the test above closed FY2026).
    const named = await surveyed(new Date('2029-04-10T00:00:00+09:00'), [5, 2], 3, {
      program: program.id,
      title: '記名セミナー',
    })
    await surveyed(new Date('2029-05-10T00:00:00+09:00'), [4, 1, null], 3, {
      program: program.id,
      anonymous: true,
      title: '匿名セミナー',
    })
    const satisfaction = await saveIndicator(
      db,
      indicatorInput({
        code: 'EV-SAT',
        name: '満足度',
        rule: 'SATISFACTION_RATE',
        unit: '%',
        topPoints: 2,
        programIds: [program.id],
      }),
    )
    const responses = await saveIndicator(
      db,
      indicatorInput({ code: 'EV-RES', name: '回答率', rule: 'RESPONSE_RATE', unit: '%', programIds: [program.id] }),
    )
    const ev = (await evidence(db, satisfaction, 2029))!
    expect(ev.sessions).toEqual([])
    expect(ev.survey).toMatchObject({ numerator: 2, denominator: 4, rate: 50 })
    const [first, second] = ev.survey!.seminars
    expect([first.title, first.numerator, first.denominator]).toEqual(['記名セミナー', 1, 2])
    const invitedNames = (
      await db.surveyInvitation.findMany({
        where: { id: { in: named.invitations.map((i) => i.id) } },
        select: { registration: { select: { name: true } } },
      })
    ).map((i) => i.registration.name)
    expect(first.rows.map((r) => r.name).every((n) => n !== null && invitedNames.includes(n))).toBe(true)
    expect(first.rows.map((r) => [r.point, r.counted]).sort()).toEqual([
      [2, false],
      [5, true],
    ])
    expect([second.title, second.anonymous, second.numerator, second.denominator]).toEqual(['匿名セミナー', true, 1, 2])
    expect(second.rows.map((r) => [r.name, r.answeredOn])).toEqual([
      [null, null],
      [null, null],
    ])
    // Those who may not read personal data see no names at all.
    const page = await evidencePage(db, satisfaction, 2029, false)
    expect(page.survey!.seminars[0].rows.map((r) => r.name)).toEqual([null, null])
    // The file: every respondent row, the anonymous ones marked, and the total.
    const file = await evidenceFile(db, {
      indicatorId: satisfaction,
      fiscalYear: 2029,
      userId,
      withNames: true,
      lang: 'ja',
    })
    const csv = new TextDecoder().decode(await new Response(file.body).arrayBuffer())
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(lines[0]).toBe('セミナー,初回,No.,回答者,回答日,満足度,分子に数える')
    expect(lines.filter((l) => l.startsWith('匿名セミナー,') && l.includes('（匿名）'))).toHaveLength(2)
    expect(lines.filter((l) => l.startsWith('記名セミナー,') && invitedNames.some((n) => l.includes(n)))).toHaveLength(
      2,
    )
    expect(lines.at(-1)).toBe('合計,,,,,2 / 4,割合 50.0%')
    // A response rate: responses 2 + 3 of invitations 3 + 3.
    const rr = (await evidence(db, responses, 2029))!.survey!
    expect([rr.numerator, rr.denominator, rr.rate]).toEqual([5, 6, 83.3])
  })

  it('the indicator form asks for the top points of a satisfaction rate and refuses a cumulative rate', async () => {
    const base = { code: 'S', name: '満足度', kind: 'ACTIVITY', unit: '%', programIds: ['p'], modeScope: 'ALL' }
    const errors = (v: Record<string, unknown>) => {
      const r = IndicatorSchema.safeParse(v)
      return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]))
    }
    expect(errors({ ...base, rule: 'SATISFACTION_RATE' })).toEqual({ topPoints: 'topPoints' })
    expect(errors({ ...base, rule: 'SATISFACTION_RATE', topPoints: '5' })).toEqual({ topPoints: 'topPoints' })
    expect(errors({ ...base, rule: 'SATISFACTION_RATE', topPoints: '2' })).toEqual({})
    expect(errors({ ...base, rule: 'RESPONSE_RATE', cumulative: 'on', baseYear: '2024' })).toEqual({
      cumulative: 'rateNotCumulative',
    })
    // Saved from the form and shown again in it.
    const parsed = IndicatorSchema.parse({
      ...base,
      code: 'FORM-SAT',
      rule: 'SATISFACTION_RATE',
      topPoints: '3',
      programIds: [programId],
    })
    const saved = await saveIndicatorForm(db, parsed)
    if (!('id' in saved)) throw new Error('not saved')
    expect((await indicatorEditPage(db, saved.id)).defaults.topPoints).toBe('3')
  })
})
