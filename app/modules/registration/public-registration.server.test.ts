import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { registerFromPublicForm, registerFromPublicPage } from './public-registration.server'

let db: Db
let drop: () => Promise<void>
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
})
afterAll(async () => drop())

/** What the form would answer: taken, or the refusal's code. */
async function answer(input: Parameters<typeof registerFromPublicForm>[1]) {
  try {
    await registerFromPublicForm(db, input)
    return 'TAKEN'
  } catch (error) {
    return (error as { code?: string }).code ?? String(error)
  }
}

describe('the public form’s answer', () => {
  it('is the same for a registered and a new email, when seats are free and when the seminar is full', async () => {
    const seminar = await createSeminar(db, { title: '満席で待機なし', capacityInPerson: 1, waitlistEnabled: false })
    const holder = participant()
    expect(await answer({ seminarId: seminar.id, ...holder })).toBe('TAKEN')
    // Now full without a waiting list: a new email hears "full", and so does the registered one.
    const stranger = await answer({ seminarId: seminar.id, ...participant() })
    const again = await answer({ seminarId: seminar.id, ...participant({ email: holder.email }) })
    expect(stranger).toBe('SEMINAR_FULL')
    expect(again).toBe(stranger)
    // The registered address still gets its link.
    const kinds = await db.outboxMessage.findMany({ where: { seminarId: seminar.id }, select: { kind: true } })
    expect(kinds.map((k) => k.kind).sort()).toEqual(['ALREADY_REGISTERED', 'CONFIRMED'])

    const open = await createSeminar(db, { title: '空席あり', capacityInPerson: 10 })
    const person = participant()
    expect(await answer({ seminarId: open.id, ...person })).toBe('TAKEN')
    expect(await answer({ seminarId: open.id, ...participant({ email: person.email }) })).toBe('TAKEN')
    expect(await db.registration.count({ where: { seminarId: open.id } })).toBe(1)
  })

  it('from the page, counts the rate limits first: a refused submission stores and mails nothing', async () => {
    const seminar = await createSeminar(db, { title: '上限の確認', capacityInPerson: 10 })
    const email = `limit-${crypto.randomUUID().slice(0, 8)}@example.jp`
    const send = () =>
      registerFromPublicPage(db, {
        seminarId: seminar.id,
        form: {
          name: '上限 花子',
          furigana: 'じょうげん はなこ',
          email,
          organizationName: undefined,
          corporateNumber: undefined,
          industry: 'E',
          inCity: true,
          mode: 'IN_PERSON',
          sessionIds: [],
          consent: 'on',
          submissionKey: crypto.randomUUID(),
          members: [],
        },
        language: 'ja',
        address: '203.0.113.77',
      })
    // Five a mailbox per hour: the first registers, the next four mail the existing link.
    for (let i = 0; i < 5; i++) expect(await send()).toBeNull()
    const refusal = await send()
    expect(refusal).toMatchObject({ reason: 'email' })
    expect(refusal!.retryAfterSeconds).toBeGreaterThan(0)
    expect(await db.registration.count({ where: { seminarId: seminar.id } })).toBe(1)
    const kinds = await db.outboxMessage.findMany({ where: { seminarId: seminar.id }, select: { kind: true } })
    expect(kinds.map((k) => k.kind).sort()).toEqual([
      'ALREADY_REGISTERED',
      'ALREADY_REGISTERED',
      'ALREADY_REGISTERED',
      'ALREADY_REGISTERED',
      'CONFIRMED',
    ])
  })
})
