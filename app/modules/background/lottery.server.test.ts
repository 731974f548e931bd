import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { describeAuditEvents } from '../audit/sentences.server'
import { drawLottery, lapseUnconfirmedWins } from '../lottery/draw.server'
import { saveLotterySettings } from '../lottery/settings.server'
import { register } from '../registration/registrations.server'
import { startBackgroundJobs } from './jobs.server'
import type { LogLevel } from './loop.server'

let db: Db
let drop: () => Promise<void>
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
})
afterAll(async () => drop())

const HOUR = 3600_000

describe('the lottery job', () => {
  it('draws a lottery at its time, then gives up the seats of winners who did not confirm, logging each', async () => {
    const t0 = new Date()
    const seminar = await createSeminar(db, { title: '抽選ジョブセミナー', capacityInPerson: 2 }, t0)
    const user = await db.consoleUser.create({ data: { email: 'lottery-job@city.example.jp', name: '山田 花子' } })
    await saveLotterySettings(
      db,
      seminar.id,
      { drawAt: new Date(t0.getTime() + HOUR), priorities: [], confirmHours: 1 },
      user.id,
      t0,
    )
    const ids = []
    for (let i = 0; i < 3; i++) ids.push((await register(db, { seminarId: seminar.id, ...participant() }, t0)).id)

    let time = t0.getTime() + 30 * 60_000
    const lines: { level: LogLevel; entry: Record<string, unknown> }[] = []
    const jobs = startBackgroundJobs(
      db,
      { send: async () => ({ emlFile: null }), close: () => undefined },
      {
        intervalMs: 2000,
        reminderDays: 0,
        log: (line, level) => void lines.push({ level, entry: JSON.parse(line) }),
        now: () => new Date(time),
      },
    )
    const lotteryLines = () => lines.filter((l) => l.entry.job === 'lottery').map((l) => l.entry)
    try {
      // Before its time: nothing drawn, nothing logged.
      await jobs.tick()
      expect((await db.lottery.findUniqueOrThrow({ where: { seminarId: seminar.id } })).drawnAt).toBeNull()
      expect(lotteryLines()).toEqual([])

      time = t0.getTime() + 2 * HOUR
      await jobs.tick()
      const drawn = await db.lottery.findUniqueOrThrow({ where: { seminarId: seminar.id } })
      expect(drawn).toMatchObject({ drawnAt: new Date(time), drawnById: null })
      expect(lotteryLines()).toEqual([
        { level: 'info', event: 'job.ran', job: 'lottery', ms: expect.any(Number), drawn: 1, lapsed: 0 },
      ])
      const won = await db.registration.findMany({ where: { seminarId: seminar.id, status: 'CONFIRMED' } })
      expect(won).toHaveLength(2)
      expect(won.every((r) => r.confirmBy?.getTime() === time + HOUR)).toBe(true)

      // The hour to confirm passes: both winners lapse, and the seat goes to the one waiting.
      time += 2 * HOUR
      await jobs.tick()
      expect(lotteryLines().at(-1)).toMatchObject({ job: 'lottery', drawn: 0, lapsed: 2 })
      const after = await db.registration.findMany({ where: { id: { in: ids } } })
      expect(after.filter((r) => r.status === 'CANCELLED' && r.cancelledBy === 'UNCONFIRMED')).toHaveLength(2)
      expect(after.filter((r) => r.status === 'CONFIRMED')).toHaveLength(1)
      expect(lines.filter((l) => l.entry.job === 'lottery' && l.level !== 'info')).toEqual([])
    } finally {
      await jobs.stop()
    }

    // The audit trail says it in words: the settings, the draw (by nobody: it ran by itself), the lapses.
    const events = await db.auditEvent.findMany({
      where: { action: { startsWith: 'lottery.' } },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
      include: { actor: { select: { name: true } } },
    })
    const lapsedName = (await db.registration.findFirstOrThrow({ where: { id: events.at(-1)!.entityId } })).name
    const ja = await describeAuditEvents(db, events, 'ja')
    expect(ja.slice(0, 2)).toEqual([
      expect.stringMatching(/^山田 花子 が「抽選ジョブセミナー」の席の決め方を保存しました（抽選、抽選日時 .+）$/),
      '（自動処理） が「抽選ジョブセミナー」の抽選を行いました（申込み 3名: 当選 2名、補欠 1名、落選 0名）',
    ])
    expect(ja.at(-1)).toBe(
      `（自動処理） が ${lapsedName} の当選を取り消しました（抽選ジョブセミナー、参加確認の期限切れ）`,
    )
    expect((await describeAuditEvents(db, events, 'en'))[1]).toBe(
      '(automatic) drew the lottery of “抽選ジョブセミナー” (3 applications: won 2, waiting list 1, not selected 0)',
    )
  })
})

describe('a winner confirming while the job lapses them', () => {
  it('keeps their seat, and the job goes on with the others', async () => {
    const t0 = new Date()
    const seminar = await createSeminar(db, { title: '確認競合セミナー', capacityInPerson: 2 }, t0)
    const user = await db.consoleUser.create({ data: { email: 'lottery-race@city.example.jp', name: '競合 確認' } })
    const drawAt = new Date(t0.getTime() + HOUR)
    await saveLotterySettings(db, seminar.id, { drawAt, priorities: [], confirmHours: 1 }, user.id, t0)
    for (let i = 0; i < 2; i++) await register(db, { seminarId: seminar.id, ...participant() }, t0)
    await drawLottery(db, seminar.id, null, drawAt)
    const [first, second] = await db.registration.findMany({ where: { seminarId: seminar.id }, orderBy: { id: 'asc' } })

    // The first winner confirms just after the job read the list of those to lapse.
    const racing = new Proxy(db, {
      get(target, property) {
        if (property !== 'registration') {
          const value = Reflect.get(target, property) as unknown
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
        }
        return new Proxy(target.registration, {
          get(delegate, name) {
            if (name === 'findMany')
              return async (args: Parameters<Db['registration']['findMany']>[0]) => {
                const rows = await delegate.findMany(args)
                await target.registration.update({ where: { id: first.id }, data: { confirmBy: null } })
                return rows
              }
            const value = Reflect.get(delegate, name) as unknown
            return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(delegate) : value
          },
        })
      },
    }) as Db
    expect(await lapseUnconfirmedWins(racing, new Date(drawAt.getTime() + 2 * HOUR))).toBe(1)
    expect(await db.registration.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({
      status: 'CONFIRMED',
      confirmBy: null,
    })
    expect(await db.registration.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({
      status: 'CANCELLED',
      cancelledBy: 'UNCONFIRMED',
    })
  })
})
