import { describe, expect, it } from 'vitest'
import { EditSeminarSchema, SeminarSchema } from './forms'

const seminar = {
  programId: 'p1',
  title: 'セミナー',
  categoryId: 'c1',
  mode: 'IN_PERSON',
  venueName: '会場',
  capacityInPerson: '３０',
  capacityOnline: '100',
  registrationOpensAt: '2026-04-01T09:00',
  registrationClosesAt: '2026-04-20T17:00',
}

const issues = (result: { success: boolean; error?: { issues: { path: (string | number)[]; message: string }[] } }) =>
  result.error?.issues.map((i) => `${i.path.join('.')}:${i.message}`) ?? []

describe('the edit page’s one schema', () => {
  it('reads the seminar’s form as the seminar schema does, with its intent', () => {
    const edited = EditSeminarSchema.parse({ intent: 'seminar', ...seminar })
    const { intent, ...fields } = edited as typeof edited & { intent: 'seminar' }
    expect(intent).toBe('seminar')
    expect(fields).toEqual(SeminarSchema.parse(seminar))
    // A format the seminar does not offer has no seats.
    expect(fields).toMatchObject({ capacityInPerson: 30, capacityOnline: null })
  })

  it('keeps the rules that read several fields', () => {
    expect(
      issues(EditSeminarSchema.safeParse({ intent: 'seminar', ...seminar, registrationClosesAt: '2026-03-01T09:00' })),
    ).toEqual(['registrationClosesAt:closeBeforeOpen'])
    expect(issues(EditSeminarSchema.safeParse({ intent: 'seminar', ...seminar, venueName: '' }))).toEqual([
      'venueName:required',
    ])
    const session = { startsAt: '2026-05-01T13:00', endsAt: '2026-05-01T12:00' }
    expect(issues(EditSeminarSchema.safeParse({ intent: 'add-session', ...session }))).toEqual([
      'endsAt:endBeforeStart',
    ])
    expect(issues(EditSeminarSchema.safeParse({ intent: 'update-session', sessionId: 's1', ...session }))).toEqual([
      'endsAt:endBeforeStart',
    ])
  })

  it('refuses an intent the page does not send, and a session change without its session', () => {
    expect(EditSeminarSchema.safeParse({ intent: 'drop-table' }).success).toBe(false)
    expect(EditSeminarSchema.safeParse({ intent: 'delete-session' }).success).toBe(false)
    expect(EditSeminarSchema.safeParse({ intent: 'delete-session', sessionId: 's1' }).success).toBe(true)
  })
})
