import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant, indicatorInput } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { createConsoleUser } from '../accounts/console-users.server'
import { checkIn, undoCheckIn } from '../attendance/checkin.server'
import { participationCsv } from '../exports/participation-export.server'
import { register } from '../registration/registrations.server'
import { evaluationTable, multiYearTable } from './evaluation-export.server'
import {
  dashboard,
  evaluationSheet,
  loadIndicators,
  multiYearActuals,
  saveIndicator,
  setManualFigure,
} from './indicators.server'
import { closedPlanChanges } from './plans.server'
import { reportSentences } from './report-sentences'
import {
  acceptDifferences,
  closeFiscalYear,
  closePreview,
  differencesDigest,
  freezeUnfrozenClosedYears,
  pendingDifferences,
  reopenFiscalYear,
  reportedParticipation,
  yearAdjustments,
} from './year-close.server'

let db: Db
let drop: () => Promise<void>
let userId: string
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  userId = (
    await createConsoleUser(db, { email: 'close@city.example.jp', name: '締め 担当', password: 'closing password 1' })
  ).id
})
afterAll(async () => drop())

const jst = (iso: string) => new Date(`${iso}+09:00`)
let seq = 0

/** A seminar of its own program with sessions at the given Japan times, and people who attended each. */
async function heldSeminar(title: string, starts: string[], attendees: number) {
  const seminar = await createSeminar(db, { title })
  const program = await db.program.create({ data: { code: `CLOSE${++seq}`, name: `${title}事業` } })
  await db.seminar.update({ where: { id: seminar.id }, data: { programId: program.id } })
  await db.session.deleteMany({ where: { seminarId: seminar.id } })
  const sessions = []
  for (const [i, at] of starts.entries())
    sessions.push(
      await db.session.create({
        data: {
          seminarId: seminar.id,
          number: i + 1,
          startsAt: jst(at),
          endsAt: new Date(jst(at).getTime() + 7200_000),
        },
      }),
    )
  const people = []
  for (let i = 0; i < attendees; i++) people.push(await register(db, { seminarId: seminar.id, ...participant() }))
  for (const session of sessions)
    for (const r of people)
      await checkIn(db, { sessionId: session.id, registrationId: r.id, source: 'SEARCH', userId }, session.startsAt)
  return { seminar, program, sessions, people }
}

async function indicatorFor(programId: string, rule: 'PERSON_TIMES' | 'UNIQUE_PERSONS') {
  return saveIndicator(
    db,
    indicatorInput({
      code: `C${++seq}`,
      name: rule === 'PERSON_TIMES' ? '参加延べ人数' : '参加実人数',
      rule,
      programIds: [programId],
    }),
  )
}

/** Every figure the product reports for FY2023, as each output shows it. */
async function everyOutput(programId: string, personTimesId: string, uniqueId: string) {
  const rowOf = <T extends { indicator: { id: string } }>(rows: T[], id: string) =>
    rows.find((r) => r.indicator.id === id)!
  const board = await dashboard(db, 2023)
  const boardRow = (id: string) => board.groups.flatMap((g) => g.rows).find((r) => r.indicatorId === id)!
  const sheet = await evaluationSheet(db, 2023)
  const multi = await multiYearActuals(db, [2022, 2023])
  const reported = await reportedParticipation(db, 2023)
  const program = reported.totals.programs.find((p) => p.programId === programId)!
  const sentences = reportSentences(
    { programName: program.programName, seminars: program.seminars, total: program },
    'ja',
  )
  const csv = await new Response(await participationCsv(db, 2023, 'ja')).text()
  const evaluationRows = (await evaluationTable(db, 2023, 'ja')).rows
  const multiRows = (await multiYearTable(db, 2023, 'ja')).rows
  return {
    dashboard: [boardRow(personTimesId).figure.actual, boardRow(uniqueId).figure.actual],
    dashboardTrend: boardRow(personTimesId).trend.find((p) => p.fiscalYear === 2023)!.actual,
    evaluationSheet: [rowOf(sheet, personTimesId).actual.actual, rowOf(sheet, uniqueId).actual.actual],
    evaluationExport: evaluationRows.some((r) => r.includes(rowOf(sheet, personTimesId).actual.actual)),
    multiYear: [rowOf(multi, personTimesId).actuals[1], rowOf(multi, uniqueId).actuals[1]],
    multiYearExportHasIt: multiRows.length > 0,
    participation: [program.personTimes, program.uniquePersons],
    sentence: sentences[0],
    csvLine: csv.split('\r\n').find((l) => l.includes('小計') && l.includes(program.programName)),
  }
}

describe('a closed year is closed everywhere', () => {
  it('every output keeps the closed figure after a correction, shows what waits, and moves together when it is accepted', async () => {
    const { program, sessions, people } = await heldSeminar(
      '締め確認セミナー',
      ['2023-06-01T14:00', '2023-06-08T14:00'],
      3,
    )
    const personTimes = await indicatorFor(program.id, 'PERSON_TIMES')
    const unique = await indicatorFor(program.id, 'UNIQUE_PERSONS')

    await closeFiscalYear(db, 2023, userId, jst('2024-04-10T10:00'))
    const closed = await everyOutput(program.id, personTimes, unique)
    expect(closed).toMatchObject({
      dashboard: [6, 3],
      dashboardTrend: 6,
      evaluationSheet: [6, 3],
      evaluationExport: true,
      multiYear: [6, 3],
      participation: [6, 3],
      sentence: '締め確認セミナーを2回開催、延べ6名が参加（実人数3名、1社）',
    })
    expect(closed.csvLine).toContain(',6,3,1')

    // A correction after the close: one person did not come to either session after all.
    for (const s of sessions) await undoCheckIn(db, { sessionId: s.id, registrationId: people[2].id, userId })
    expect(await everyOutput(program.id, personTimes, unique)).toEqual(closed)

    const pending = await pendingDifferences(db, 2023)
    expect(pending.indicators.map((d) => d.delta).sort((a, b) => a - b)).toEqual([-2, -1])
    expect(pending.participation).toContainEqual({
      programName: program.name,
      seminarTitle: '締め確認セミナー',
      figure: 'personTimes',
      reported: 6,
      live: 4,
    })
    // The evaluation sheet and the multi-year table carry the difference beside the closed figure.
    const noteOf = async (table: typeof evaluationTable | typeof multiYearTable, code: string) => {
      const { columns, rows } = await table(db, 2023, 'ja')
      const name = (await loadIndicators(db)).find((i) => i.id === code)!.name
      return rows.find((r) => r.includes(name))![columns.length - 1]
    }
    expect(await noteOf(evaluationTable, personTimes)).toBe('令和5年度 締め後の差分 −2（未反映）')
    expect(await noteOf(multiYearTable, unique)).toBe('令和5年度 締め後の差分 −1（未反映）')
    const csv = await new Response(await participationCsv(db, 2023, 'ja')).text()
    expect(csv).toContain('締め後の差分（未反映）: 締め確認セミナー事業 / 締め確認セミナー 延べ人数: 6 → 4')

    // Accepted with a reason: every output moves, together, to the records.
    await acceptDifferences(db, { fiscalYear: 2023, reason: '受付簿の二重記録を訂正', userId })
    const accepted = await everyOutput(program.id, personTimes, unique)
    expect(accepted).toMatchObject({
      dashboard: [4, 2],
      dashboardTrend: 4,
      evaluationSheet: [4, 2],
      multiYear: [4, 2],
      participation: [4, 2],
      sentence: '締め確認セミナーを2回開催、延べ4名が参加（実人数2名、1社）',
    })
    expect(await pendingDifferences(db, 2023)).toEqual({ indicators: [], participation: [] })
    const [adjustment] = await yearAdjustments(db, 2023)
    expect(adjustment).toMatchObject({ reason: '受付簿の二重記録を訂正', acceptedBy: '締め 担当' })
    expect(adjustment.detail.indicators).toHaveLength(2)
    const board = await dashboard(db, 2023)
    const row = board.groups.flatMap((g) => g.rows).find((r) => r.indicatorId === personTimes)!
    expect(row.figure.adjustments).toMatchObject([{ delta: -2, reason: '受付簿の二重記録を訂正' }])
    expect(await new Response(await participationCsv(db, 2023, 'ja')).text()).toContain('受付簿の二重記録を訂正')
    expect(await noteOf(evaluationTable, personTimes)).toBe('令和5年度 調整 −2: 受付簿の二重記録を訂正')

    // Nothing waits: accepting again moves nothing.
    expect(await acceptDifferences(db, { fiscalYear: 2023, reason: '再確認', userId })).toEqual({
      outcome: 'nothing',
      detail: { indicators: [], participation: [] },
    })
    expect(await yearAdjustments(db, 2023)).toHaveLength(1)

    // Reopened, the records speak again; closed anew, the new figures are frozen.
    await reopenFiscalYear(db, 2023, userId, '再集計')
    expect((await reportedParticipation(db, 2023)).status.closed).toBe(false)
    await closeFiscalYear(db, 2023, userId)
    expect((await everyOutput(program.id, personTimes, unique)).participation).toEqual([4, 2])
    expect((await loadIndicators(db)).length).toBeGreaterThanOrEqual(2)
  })

  it('asks first: the year’s sessions still to come with their registrations, and who can reopen', async () => {
    await createConsoleUser(db, {
      email: 'admin2@city.example.jp',
      name: '管理 次郎',
      password: 'admin password 12',
      role: 'ADMIN',
    })
    const { seminar, sessions } = await heldSeminar('年度末セミナー', ['2025-03-20T14:00'], 2)
    const preview = await closePreview(db, 2024, jst('2025-03-01T09:00'))
    expect(preview.yearOver).toBe(false)
    expect(preview.upcoming).toContainEqual(
      expect.objectContaining({ sessionId: sessions[0].id, seminarTitle: seminar.title, registrations: 2 }),
    )
    expect(preview.reopeners).toContain('管理 次郎')
    expect((await closePreview(db, 2024, jst('2025-04-02T09:00'))).upcoming).toEqual([])
  })

  it('a year closed by an earlier version has its participation totals frozen once, at start', async () => {
    const { program, sessions, people } = await heldSeminar('旧版で締めたセミナー', ['2021-07-01T14:00'], 2)
    await db.fiscalYearClose.create({ data: { fiscalYear: 2021, closedAt: jst('2022-04-10T10:00') } })
    expect(await freezeUnfrozenClosedYears(db)).toEqual([2021])
    await undoCheckIn(db, { sessionId: sessions[0].id, registrationId: people[0].id, userId })
    const reported = await reportedParticipation(db, 2021)
    expect(reported.totals.programs.find((p) => p.programId === program.id)?.personTimes).toBe(2)
    expect(reported.pending.length).toBeGreaterThan(0)
    expect(await freezeUnfrozenClosedYears(db)).toEqual([])
  })

  it('accepts the same differences once when the form is sent twice at once, and refuses a form that saw other differences', async () => {
    const { program, sessions, people } = await heldSeminar('二重送信セミナー', ['2022-06-01T14:00'], 3)
    const personTimes = await indicatorFor(program.id, 'PERSON_TIMES')
    await closeFiscalYear(db, 2022, userId)
    await undoCheckIn(db, { sessionId: sessions[0].id, registrationId: people[0].id, userId })
    const seenVersion = (await reportedParticipation(db, 2022)).status.version
    const seen = { version: seenVersion, digest: differencesDigest(await pendingDifferences(db, 2022)) }

    // Another correction after the page was opened: its form no longer says what waits.
    await undoCheckIn(db, { sessionId: sessions[0].id, registrationId: people[1].id, userId })
    expect((await acceptDifferences(db, { fiscalYear: 2022, reason: '古い画面', userId, seen })).outcome).toBe(
      'changed',
    )
    expect(await yearAdjustments(db, 2022)).toEqual([])

    // Sent twice at the same moment (a double click without JavaScript): one acceptance.
    const fresh = { version: seenVersion, digest: differencesDigest(await pendingDifferences(db, 2022)) }
    const outcomes = await Promise.all(
      [1, 2].map(() => acceptDifferences(db, { fiscalYear: 2022, reason: '二重送信', userId, seen: fresh })),
    )
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['changed', 'done'])
    expect(
      await db.indicatorAdjustment.findMany({ where: { indicatorId: personTimes, fiscalYear: 2022 } }),
    ).toMatchObject([{ delta: -2 }])
    expect(await pendingDifferences(db, 2022)).toEqual({ indicators: [], participation: [] })

    // Closing twice at once closes once; reopening a year that is not closed does nothing.
    await reopenFiscalYear(db, 2022, userId, '再集計')
    const version = (await reportedParticipation(db, 2022)).status.version
    const closes = await Promise.all([1, 2].map(() => closeFiscalYear(db, 2022, userId, new Date(), version)))
    expect([...closes].sort()).toEqual(['changed', 'done'])
    expect(await db.auditEvent.count({ where: { action: 'fiscal-year.close', entityId: '2022' } })).toBe(2)
    expect(await reopenFiscalYear(db, 2019, userId, '締めていない年度')).toBe('nothing')
  })

  it('a figure that comes after the close (a manual indicator, a new indicator) waits as a difference', async () => {
    const manual = await saveIndicator(
      db,
      indicatorInput({
        code: `M${++seq}`,
        name: '創業相談件数',
        kind: 'OUTCOME',
        unit: '件',
        rule: 'MANUAL',
        programIds: [],
      }),
    )
    await closeFiscalYear(db, 2020, userId)
    await setManualFigure(db, {
      indicatorId: manual,
      fiscalYear: 2020,
      month: 0,
      value: 42,
      state: 'FINAL',
      note: '',
      userId,
    })
    const row = (await dashboard(db, 2020)).groups.flatMap((g) => g.rows).find((r) => r.indicatorId === manual)
    const figure = row?.figure ?? (await evaluationSheet(db, 2020)).find((r) => r.indicator.id === manual)!.actual
    expect(figure).toMatchObject({ actual: null, live: 42, pending: 42 })
    const accepted = await acceptDifferences(db, { fiscalYear: 2020, reason: '後日報告の件数', userId })
    expect(accepted.detail.indicators).toMatchObject([{ indicatorId: manual, delta: 42 }])
    expect((await evaluationSheet(db, 2020)).find((r) => r.indicator.id === manual)!.actual).toMatchObject({
      actual: 42,
      pending: 0,
    })
  })
})

describe('a closed year’s breakdowns', () => {
  it('a correction that moves only the 市内/市外/不明 or industry breakdown waits as a difference too', async () => {
    const { program, people } = await heldSeminar('所在地訂正セミナー', ['2017-06-01T14:00'], 2)
    await closeFiscalYear(db, 2017, userId)
    await db.registration.update({ where: { id: people[0].id }, data: { inCity: false, industry: 'F' } })
    const pending = await pendingDifferences(db, 2017)
    expect(pending.indicators).toEqual([])
    expect(pending.participation).toContainEqual({
      programName: program.name,
      seminarTitle: '所在地訂正セミナー',
      figure: 'personTimes',
      breakdown: { kind: 'location', key: 'out' },
      reported: 0,
      live: 1,
    })
    expect(pending.participation.some((d) => d.breakdown?.kind === 'industry' && d.breakdown.key === 'F')).toBe(true)
    const csv = await new Response(await participationCsv(db, 2017, 'ja')).text()
    expect(csv).toContain('所在地訂正セミナー事業 / 所在地訂正セミナー 市外 延べ人数: 0 → 1')
    expect((await acceptDifferences(db, { fiscalYear: 2017, reason: '所在地の訂正', userId })).outcome).toBe('done')
    expect(await pendingDifferences(db, 2017)).toEqual({ indicators: [], participation: [] })
  })
})

describe('a closed year’s plans', () => {
  it('are part of what was reported: a change to one is found, an unchanged or open year is not', async () => {
    const program = await db.program.create({ data: { code: 'PLANCLOSE', name: '計画締め事業' } })
    const indicator = await indicatorFor(program.id, 'PERSON_TIMES')
    await db.indicatorTarget.create({ data: { indicatorId: indicator, fiscalYear: 2018, plan: 100 } })
    await closeFiscalYear(db, 2018, userId)
    const plans = (entries: [number, number | null][]) => new Map(entries)
    expect(
      await closedPlanChanges(
        db,
        indicator,
        plans([
          [2018, 100],
          [2031, 5],
        ]),
      ),
    ).toEqual([])
    expect(await closedPlanChanges(db, indicator, plans([[2018, 120]]))).toEqual([2018])
    expect(await closedPlanChanges(db, indicator, plans([[2018, null]]))).toEqual([2018])
    await reopenFiscalYear(db, 2018, userId, '計画の見直し')
    expect(await closedPlanChanges(db, indicator, plans([[2018, 120]]))).toEqual([])
  })
})
