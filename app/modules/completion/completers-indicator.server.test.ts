import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { indicatorInput } from '../../../tests/support/factories'
import { attendee, series } from '../../../tests/support/completion-factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { IndicatorSchema } from '../indicators/forms'
import { loadIndicators, reportedFigure, saveIndicator, yearStatus } from '../indicators/indicators.server'
import { acceptDifferences, closeFiscalYear, pendingDifferences } from '../indicators/year-close.server'
import { completerSentence } from '../indicators/report-sentences'
import { completerSentences } from '../indicators/report-sentences.server'
import { evidencePage } from '../indicators/evidence.server'
import { evidenceFile } from '../indicators/evidence-export.server'
import { evaluationTable } from '../indicators/evaluation-export.server'

/*
 * The 修了者数 counting rule (COMPLETERS): a completion counts in the fiscal year of its series'
 * last session, each person once per series, in every place a counting rule appears.
 */

let db: Db
let drop: () => Promise<void>
let userId: string
let programId: string
let otherProgramId: string
// FY2026: sessions from 8 June 2026; the second series ends in FY2027 (its last session in April 2027).
const now = new Date('2026-06-01T00:00:00Z')
const afterYear = new Date('2027-05-01T00:00:00Z')

beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  userId = (
    await db.consoleUser.create({
      data: { email: 'completers@city.example.jp', name: '修了 担当', role: 'ADMIN', passwordHash: 'x' },
    })
  ).id
  programId = (await db.program.create({ data: { code: 'JINZAI', name: '人材育成事業' } })).id
  otherProgramId = (await db.program.create({ data: { code: 'OTHER', name: '別の事業', reportCounter: '人' } })).id
})
afterAll(async () => drop())

async function indicator(code: string, fields: Partial<Parameters<typeof indicatorInput>[0]> = {}) {
  const id = await saveIndicator(
    db,
    indicatorInput({
      code,
      name: '人材育成プログラム修了者数',
      rule: 'COMPLETERS',
      programIds: [programId],
      ...fields,
    }),
  )
  return (await loadIndicators(db)).find((i) => i.id === id)!
}

async function figure(i: Awaited<ReturnType<typeof indicator>>, fy: number, at = afterYear) {
  return reportedFigure(db, i, fy, await yearStatus(db, fy), at)
}

describe('修了者数 (COMPLETERS)', () => {
  it('is a rule of the indicator form, not cumulative-only, with the usual scope', () => {
    const parsed = IndicatorSchema.safeParse({
      code: 'C1',
      name: '修了者数',
      kind: 'ACTIVITY',
      unit: '人',
      rule: 'COMPLETERS',
      programIds: [programId],
      modeScope: 'ALL',
    })
    expect(parsed.success).toBe(true)
  })

  it('counts completers in the year of the last session, by scope and mode; closes, moves and explains', async () => {
    const ai = await series(db, now, 5, { title: 'AI人材育成プログラム', minSessions: 4, required: [5], programId })
    // Sessions from June 2026 to April 2027 (every 80 days): completions count in FY2027.
    const long = await series(db, now, 5, { title: '通年講座', programId, every: 80 })
    const other = await series(db, now, 2, { title: '別事業の講座', programId: otherProgramId })
    await attendee(db, now, ai, [1, 2, 3, 5], { name: '山田 花子', furigana: 'やまだ はなこ' })
    await attendee(db, now, ai, [1, 2, { n: 3, online: 60 }, { n: 5, online: 45 }], { furigana: 'か' })
    // Online under the minimum: only 3 counted sessions.
    await attendee(db, now, ai, [1, 2, 3, { n: 5, online: 20 }], { furigana: 'さ' })
    // Four sessions, but not the required last one.
    await attendee(db, now, ai, [1, 2, 3, 4], { furigana: 'た' })
    await attendee(db, now, long, [1, 2, 3, 4, 5])
    await attendee(db, now, other, [1, 2])

    const all = await indicator('COMP_ALL')
    const inPerson = await indicator('COMP_IN', { modeScope: 'IN_PERSON' })
    const chosen = await indicator('COMP_LONG', { seminarIds: [long.seminar.id] })
    expect((await figure(all, 2026)).actual).toBe(2)
    expect((await figure(inPerson, 2026)).actual).toBe(1)
    expect((await figure(all, 2027)).actual).toBe(1)
    // Nothing of the chosen series ends in FY2026: blank, not 0.
    expect((await figure(chosen, 2026)).actual).toBeNull()
    expect((await figure(chosen, 2027)).actual).toBe(1)

    // The evaluation sheet carries the figure like any other.
    const sheet = await evaluationTable(db, 2026, 'ja', afterYear)
    const row = sheet.rows.find((r) => r.includes('COMP_ALL') || r.includes('人材育成プログラム修了者数'))
    expect(row).toBeDefined()
    expect(row).toContain(2)

    // Report sentences: one per series, in its program's counter.
    expect((await completerSentences(db, 2026, 'ja', afterYear)).map((s) => s.sentence)).toContain(
      'AI人材育成プログラム（全5回）修了者 2名',
    )

    // Evidence: who completed; names only for those who may read personal data.
    const named = await evidencePage(db, all.id, 2026, true)
    expect(named.completers?.total).toBe(2)
    expect(named.completers?.seminars[0].people.map((p) => p.name)).toContain('山田 花子')
    const unnamed = await evidencePage(db, all.id, 2026, false)
    expect(unnamed.completers?.seminars[0].people.every((p) => p.name === null && p.organizationName === null)).toBe(
      true,
    )
    expect(unnamed.completers?.seminars[0].people.every((p) => /\S/.test(p.code))).toBe(true)
    const csv = await new Response(
      (await evidenceFile(db, { indicatorId: all.id, fiscalYear: 2026, userId, withNames: false, lang: 'ja' })).body,
    ).text()
    expect(csv).toContain('修了者 2名')
    expect(csv).not.toContain('山田 花子')

    // Close FY2026: the figure is frozen; a later attendance shows as a pending difference.
    expect(await closeFiscalYear(db, 2026, userId, afterYear)).toBe('done')
    await db.attendance.create({
      data: {
        sessionId: ai.sessions[4].id,
        registrationId: (
          await db.registration.findFirstOrThrow({ where: { seminarId: ai.seminar.id, furigana: 'た' } })
        ).id,
        mode: 'IN_PERSON',
        source: 'POST_HOC',
      },
    })
    const frozen = await figure(all, 2026)
    expect([frozen.actual, frozen.live, frozen.pending]).toEqual([2, 3, 1])
    // A closed year whose series moved since says the reported figure, not the per-series counts.
    expect((await completerSentences(db, 2026, 'ja', afterYear)).map((s) => s.sentence)).toContain(
      '人材育成プログラム修了者数 2名',
    )
    expect((await pendingDifferences(db, 2026, afterYear)).indicators.some((d) => d.indicatorId === all.id)).toBe(true)
    expect(
      (await acceptDifferences(db, { fiscalYear: 2026, reason: '事後入力の追加', userId }, afterYear)).outcome,
    ).toBe('done')
    expect((await figure(all, 2026)).actual).toBe(3)
    expect((await completerSentences(db, 2026, 'ja', afterYear)).map((s) => s.sentence)).toContain(
      'AI人材育成プログラム（全5回）修了者 3名',
    )
  })

  it('words the sentence in English and in a program saying 人', () => {
    expect(completerSentence({ title: 'AI講座', sessions: 5, count: 1234, counter: '人' }, 'ja')).toBe(
      'AI講座（全5回）修了者 1,234人',
    )
    expect(completerSentence({ title: 'AI course', sessions: 5, count: 41 }, 'en')).toBe(
      'AI course (5 sessions): 41 completed',
    )
    expect(completerSentence({ title: '修了者数', sessions: null, count: 41 }, 'ja')).toBe('修了者数 41名')
  })
})
