import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import type { QuestionKind } from '../questions/definitions'
import { register } from '../registration/registrations.server'
import { lotteryConsolePage, lotteryRecord, saveLotteryForm } from './console.server'
import { drawLottery } from './draw.server'
import { verify } from './method'

let db: Db
let drop: () => Promise<void>
let userId: string
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  userId = (await db.consoleUser.create({ data: { email: 'lottery-page@city.example.jp', name: '抽選 担当' } })).id
})
afterAll(async () => drop())

const HOUR = 3600_000
const DAY = 24 * HOUR

/** A published seminar open since yesterday, closing in six days, with a choice, a yes/no and a text question. */
async function seminarWithQuestions(overrides: Parameters<typeof createSeminar>[1] = {}) {
  const seminar = await createSeminar(db, { capacityInPerson: 2, ...overrides })
  const q = (position: number, kind: QuestionKind, label: string, choices: unknown[] = []) =>
    db.question.create({
      data: { seminarId: seminar.id, form: 'REGISTRATION', position, kind, label, choices: JSON.stringify(choices) },
    })
  const job = await q(1, 'ONE_CHOICE', 'ご職業', [
    { key: 'student', label: '学生', labelEn: 'Student' },
    { key: 'worker', label: '会社員', labelEn: null },
  ])
  const member = await q(2, 'YES_NO', '商工会議所の会員ですか')
  await q(3, 'SHORT_TEXT', 'ご質問')
  return { seminar, job, member }
}

const settings = (over: Partial<Parameters<typeof saveLotteryForm>[2]> = {}) => ({
  allocation: 'LOTTERY' as const,
  drawAt: new Date(Date.now() + 3 * DAY),
  confirmHours: null,
  priorities: [],
  ...over,
})

describe('the console lottery page', () => {
  it('shows a first-come seminar with its free seats and the questions a priority may name (choices and yes/no)', async () => {
    const { seminar, job, member } = await seminarWithQuestions()
    const page = await lotteryConsolePage(db, seminar.id)
    expect(page.lottery).toBeNull()
    expect(page.modes).toEqual([{ mode: 'IN_PERSON', applications: 0, free: 2 }])
    expect(page.questions).toEqual([
      {
        id: job.id,
        label: 'ご職業',
        labelEn: null,
        choices: [
          { key: 'student', label: '学生', labelEn: 'Student' },
          { key: 'worker', label: '会社員', labelEn: null },
        ],
      },
      {
        id: member.id,
        label: '商工会議所の会員ですか',
        labelEn: null,
        choices: [
          { key: 'yes', label: 'はい', labelEn: 'Yes' },
          { key: 'no', label: 'いいえ', labelEn: 'No' },
        ],
      },
    ])
  })

  it('makes it a lottery with priorities on answers, showing the commitment but not the seed, and counts applications', async () => {
    const { seminar, job } = await seminarWithQuestions()
    const drawAt = new Date('2030-01-01T00:00:00Z')
    await db.seminar.update({
      where: { id: seminar.id },
      data: { registrationClosesAt: new Date('2030-01-02T00:00:00Z') },
    })
    const priorities = [{ kind: 'IN_CITY' as const }, { kind: 'ANSWER' as const, questionId: job.id, value: 'student' }]
    await saveLotteryForm(db, seminar.id, settings({ drawAt, confirmHours: 48, priorities }), userId)
    await register(db, { seminarId: seminar.id, ...participant() })
    await register(db, { seminarId: seminar.id, ...participant() })
    const page = await lotteryConsolePage(db, seminar.id)
    expect(page.lottery).toMatchObject({
      drawAtInput: '2030-01-01T09:00',
      confirmHours: 48,
      priorities,
      drawnAt: null,
      drawnBy: null,
      seed: null,
      results: null,
    })
    expect(page.lottery!.seedHash).toMatch(/^[0-9a-f]{64}$/)
    expect(page.modes).toEqual([{ mode: 'IN_PERSON', applications: 2, free: 2 }])
    expect(page.applied).toBe(2)
    expect(await lotteryRecord(db, seminar.id)).toBeNull()
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'lottery.settings', entityId: seminar.id } })
    expect(audit.actorId).toBe(userId)
  })

  it('refuses a priority on a choice the seminar does not ask, and keeps stored ones valid once their question is gone', async () => {
    const { seminar, job } = await seminarWithQuestions()
    const other = await seminarWithQuestions()
    for (const p of [
      { kind: 'ANSWER' as const, questionId: job.id, value: 'retired' },
      { kind: 'ANSWER' as const, questionId: other.job.id, value: 'student' },
    ])
      await expect(saveLotteryForm(db, seminar.id, settings({ priorities: [p] }), userId)).rejects.toMatchObject({
        code: 'QUESTION_NOT_FOUND',
      })
    expect(await db.lottery.count({ where: { seminarId: seminar.id } })).toBe(0)
    const priorities = [{ kind: 'ANSWER' as const, questionId: job.id, value: 'worker' }]
    await saveLotteryForm(db, seminar.id, settings({ priorities }), userId)
    await register(db, { seminarId: seminar.id, ...participant() })
    await db.question.update({ where: { id: job.id }, data: { retiredAt: new Date() } })
    // The same priorities sent again (the page sends them as they are once people applied): saved.
    await saveLotteryForm(db, seminar.id, settings({ priorities, confirmHours: 24 }), userId)
    expect((await lotteryConsolePage(db, seminar.id)).lottery).toMatchObject({ priorities, confirmHours: 24 })
  })

  it('passes on the core’s refusals: first come again after applications, a draw outside the period', async () => {
    const { seminar } = await seminarWithQuestions()
    await expect(
      saveLotteryForm(db, seminar.id, settings({ drawAt: new Date(Date.now() + 30 * DAY) }), userId),
    ).rejects.toMatchObject({ code: 'LOTTERY_DRAW_OUTSIDE_PERIOD' })
    await saveLotteryForm(db, seminar.id, settings(), userId)
    await register(db, { seminarId: seminar.id, ...participant() })
    await expect(
      saveLotteryForm(db, seminar.id, { ...settings(), allocation: 'FIRST_COME', drawAt: undefined }, userId),
    ).rejects.toMatchObject({ code: 'LOTTERY_HAS_APPLICATIONS' })
  })

  it('makes a lottery without applications first come again', async () => {
    const { seminar } = await seminarWithQuestions()
    await saveLotteryForm(db, seminar.id, settings(), userId)
    await saveLotteryForm(db, seminar.id, { ...settings(), allocation: 'FIRST_COME', drawAt: undefined }, userId)
    expect((await lotteryConsolePage(db, seminar.id)).lottery).toBeNull()
  })

  it('after the draw: who drew it, the seed, the results in people, and the record that verifies', async () => {
    const { seminar } = await seminarWithQuestions({ capacityInPerson: 3 })
    await saveLotteryForm(db, seminar.id, settings(), userId)
    for (let i = 0; i < 5; i++) await register(db, { seminarId: seminar.id, ...participant() })
    await drawLottery(db, seminar.id, { userId })
    const page = await lotteryConsolePage(db, seminar.id)
    expect(page.lottery).toMatchObject({
      drawnBy: '抽選 担当',
      method: 'jisseki-lottery-1',
      results: { units: 5, won: 3, waitlisted: 2, notSelected: 0 },
    })
    expect(page.lottery!.seed).toMatch(/^[0-9a-f]{64}$/)
    expect(page.applied).toBe(0)
    const record = await lotteryRecord(db, seminar.id)
    expect(record).toMatchObject({ seminarId: seminar.id, seed: page.lottery!.seed })
    expect(verify(record!)).toEqual([])
    // Nothing changes once drawn.
    await expect(saveLotteryForm(db, seminar.id, settings(), userId)).rejects.toMatchObject({
      code: 'LOTTERY_ALREADY_DRAWN',
    })
  })

  it('names nobody for a draw that ran by itself', async () => {
    const { seminar } = await seminarWithQuestions()
    await saveLotteryForm(db, seminar.id, settings(), userId)
    await register(db, { seminarId: seminar.id, ...participant() })
    await drawLottery(db, seminar.id, null)
    const page = await lotteryConsolePage(db, seminar.id)
    expect(page.lottery).toMatchObject({ drawnBy: null, results: { won: 1, waitlisted: 0, notSelected: 0 } })
    expect(page.lottery!.drawnAt).not.toBeNull()
  })
})
