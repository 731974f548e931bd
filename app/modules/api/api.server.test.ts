import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { createConsoleUser } from '../accounts/console-users.server'
import { deletePersonalData } from '../privacy/retention.server'
import { register } from '../registration/registrations.server'
import { ApiTokenSchema } from './forms'
import { decodeCursor, encodeCursor, onceByKey, type ApiContext } from './http.server'
import {
  cancelRegistrationCall,
  createRegistration,
  getSeminar,
  listRegistrations,
  listSeminars,
  participationExport,
  recordAttendance,
  replayRegistration,
  undoAttendance,
} from './resources.server'
import type { ApiScope } from './scopes'
import {
  apiTokensPage,
  authenticateApiToken,
  createApiToken,
  pruneIdempotencyKeys,
  revokeApiToken,
  tokenHash,
  type ApiCaller,
} from './tokens.server'

let db: Db
let drop: () => Promise<void>
let userId: string
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  userId = (
    await createConsoleUser(db, { email: 'api@city.example.jp', name: 'API 管理', password: 'a long password 1' })
  ).id
})
afterAll(async () => drop())

const tokenInput = (overrides: Record<string, unknown> = {}) =>
  ApiTokenSchema.parse({ name: 'CRM連携', scopes: ['seminars:read'], ...overrides })

async function makeToken(overrides: Record<string, unknown> = {}) {
  const made = await createApiToken(db, tokenInput(overrides), userId)
  if ('fieldErrors' in made) throw new Error(JSON.stringify(made.fieldErrors))
  return made
}

function ctx(
  caller: Partial<ApiCaller> & { scopes: ApiScope[] },
  { params = {}, body, query = '' }: { params?: Record<string, string>; body?: unknown; query?: string } = {},
): ApiContext {
  return {
    db,
    request: new Request(`http://x/api/v1/test${query}`, { method: body === undefined ? 'GET' : 'POST' }),
    params,
    caller: { tokenId: 'none', name: 'test', userId, programIds: null, perMinute: 600, ...caller },
    body,
    now: new Date(),
    lang: 'en',
  }
}

describe('API tokens', () => {
  it('are shown once and stored only as their SHA-256; the secret authenticates until revoked', async () => {
    const { id, secret } = await makeToken({ scopes: ['seminars:read', 'registrations:read'] })
    expect(secret).toMatch(/^jsk_[A-Za-z0-9_-]{43}$/)
    const row = await db.apiToken.findUniqueOrThrow({ where: { id } })
    expect(row.tokenHash).toBe(tokenHash(secret))
    expect(JSON.stringify(row)).not.toContain(secret.slice(10))
    const auth = await authenticateApiToken(db, `Bearer ${secret}`)
    expect(auth).toMatchObject({ caller: { tokenId: id, userId, scopes: ['seminars:read', 'registrations:read'] } })
    expect(await db.auditEvent.count({ where: { action: 'api-token.create', entityId: id } })).toBe(1)

    expect(await revokeApiToken(db, id, userId)).toBe(true)
    expect(await revokeApiToken(db, id, userId)).toBe(false)
    expect(await authenticateApiToken(db, `Bearer ${secret}`)).toEqual({ refused: 'revoked' })
    const page = await apiTokensPage(db)
    expect(page.tokens.find((t) => t.id === id)?.state).toBe('revoked')
  })

  it('refuse a missing, malformed, unknown or expired token', async () => {
    const now = new Date()
    const { secret } = await makeToken({ expiresAt: '2099-01-01T00:00' })
    expect(await authenticateApiToken(db, null)).toEqual({ refused: 'missing' })
    expect(await authenticateApiToken(db, `Basic ${secret}`)).toEqual({ refused: 'missing' })
    expect(await authenticateApiToken(db, 'Bearer jsk_short')).toEqual({ refused: 'unknown' })
    expect(await authenticateApiToken(db, `Bearer jsk_${'A'.repeat(43)}`)).toEqual({ refused: 'unknown' })
    expect(await authenticateApiToken(db, `Bearer ${secret}`, now)).toHaveProperty('caller')
    expect(await authenticateApiToken(db, `Bearer ${secret}`, new Date('2099-01-02T00:00:00Z'))).toEqual({
      refused: 'expired',
    })
  })

  it('stop working once the admin who made them is disabled or no longer an admin, and again when restored', async () => {
    const maker = await createConsoleUser(db, {
      email: 'api-maker@city.example.jp',
      name: 'API 作成者',
      password: 'a long password 2',
    })
    const made = await createApiToken(db, tokenInput(), maker.id)
    if ('fieldErrors' in made) throw new Error(JSON.stringify(made.fieldErrors))
    const auth = () => authenticateApiToken(db, `Bearer ${made.secret}`)
    expect(await auth()).toHaveProperty('caller')
    await db.consoleUser.update({ where: { id: maker.id }, data: { role: 'STAFF' } })
    expect(await auth()).toEqual({ refused: 'maker-without-right' })
    await db.consoleUser.update({ where: { id: maker.id }, data: { role: 'ADMIN', disabledAt: new Date() } })
    expect(await auth()).toEqual({ refused: 'maker-without-right' })
    await db.consoleUser.update({ where: { id: maker.id }, data: { disabledAt: null } })
    expect(await auth()).toHaveProperty('caller')
  })

  it('refuse an unknown program and an expiry in the past, by field', async () => {
    expect(await createApiToken(db, tokenInput({ programIds: ['no-such-program'] }), userId)).toEqual({
      status: 400,
      fieldErrors: { programIds: ['apiProgramUnknown'] },
    })
    expect(await createApiToken(db, tokenInput({ expiresAt: '2020-01-01T00:00' }), userId)).toEqual({
      status: 400,
      fieldErrors: { expiresAt: ['apiExpiryPast'] },
    })
    expect(ApiTokenSchema.safeParse({ name: 'x', scopes: [] }).success).toBe(false)
    expect(ApiTokenSchema.safeParse({ name: 'x', scopes: ['everything'] }).success).toBe(false)
  })
})

describe('cursors', () => {
  it('continue their own list and refuse anything altered or from another list', () => {
    const cursor = encodeCursor('seminars:', 'abc')
    expect(decodeCursor('seminars:', cursor)).toBe('abc')
    expect(decodeCursor('seminars:', undefined)).toBeNull()
    const [payload, signature] = cursor.split('.')
    const forged = Buffer.from(JSON.stringify({ l: 'seminars:', i: 'zzz' })).toString('base64url')
    for (const bad of [`${forged}.${signature}`, `${payload}.${signature.slice(1)}x`, payload, `${cursor}.x`, '!!'])
      expect(() => decodeCursor('seminars:', bad), bad).toThrow(expect.objectContaining({ code: 'INVALID_CURSOR' }))
    expect(() => decodeCursor('seminars:PUBLISHED', cursor)).toThrow(expect.objectContaining({ status: 400 }))
  })
})

describe('the endpoints', () => {
  it('page through seminars, and a token limited to a program sees only its seminars (404 for others)', async () => {
    const other = await db.program.create({ data: { code: 'API-OTHER', name: '他の事業' } })
    const mine = await createSeminar(db)
    const theirs = await createSeminar(db, { programId: other.id })
    const all = ctx({ scopes: ['seminars:read'] }, { query: '?limit=1' })
    const seen: string[] = []
    let answer = await listSeminars(all)
    for (;;) {
      const body = answer.body as { data: { id: string }[]; nextCursor: string | null }
      seen.push(...body.data.map((s) => s.id))
      if (!body.nextCursor) break
      answer = await listSeminars(
        ctx({ scopes: ['seminars:read'] }, { query: `?limit=1&cursor=${encodeURIComponent(body.nextCursor)}` }),
      )
    }
    expect(seen).toEqual(expect.arrayContaining([mine.id, theirs.id]))
    expect(new Set(seen).size).toBe(seen.length)

    const limited = { scopes: ['seminars:read'] as ApiScope[], programIds: [mine.programId] }
    const listed = (await listSeminars(ctx(limited, { query: '?limit=100' }))).body as { data: { id: string }[] }
    expect(listed.data.map((s) => s.id)).toContain(mine.id)
    expect(listed.data.map((s) => s.id)).not.toContain(theirs.id)
    await expect(getSeminar(ctx(limited, { params: { id: theirs.id } }))).rejects.toMatchObject({ status: 404 })
    const one = await getSeminar(ctx(limited, { params: { id: mine.id } }))
    expect(one.body).toMatchObject({ data: { id: mine.id, sessions: [{ number: 1 }] } })
  })

  it('register as the public form does: a seat, then the waiting list, and a person only once', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 1 })
    const writer = { scopes: ['registrations:write'] as ApiScope[] }
    const body = (overrides: Record<string, unknown> = {}) => {
      const { submissionKey: _k, ...p } = participant(overrides)
      return { ...p, organizationName: p.organizationName, corporateNumber: undefined }
    }
    const first = await createRegistration(ctx(writer, { params: { id: seminar.id }, body: body() }))
    expect(first).toMatchObject({ status: 201, body: { data: { status: 'CONFIRMED' } } })
    // Without registrations:read, no personal data in the answer.
    expect((first.body as { data: Record<string, unknown> }).data).not.toHaveProperty('person')
    const again = body()
    const second = await createRegistration(ctx(writer, { params: { id: seminar.id }, body: again }))
    expect(second).toMatchObject({ status: 201, body: { data: { status: 'WAITLISTED', waitlistPosition: 1 } } })
    await expect(
      createRegistration(ctx(writer, { params: { id: seminar.id }, body: { ...body(), email: again.email } })),
    ).rejects.toMatchObject({ status: 409, code: 'ALREADY_REGISTERED' })
    await expect(
      createRegistration(ctx(writer, { params: { id: seminar.id }, body: { ...body(), mode: 'BY_PIGEON' } })),
    ).rejects.toMatchObject({ status: 400, field: 'mode' })
    expect(await db.auditEvent.count({ where: { action: 'registration.api', detail: { contains: seminar.id } } })).toBe(
      2,
    )

    // Cancelling the confirmed one moves the waiting one up.
    const firstId = (first.body as { data: { id: string } }).data.id
    const cancelled = await cancelRegistrationCall(ctx(writer, { params: { id: firstId } }))
    expect(cancelled).toMatchObject({ status: 200, body: { data: { status: 'CANCELLED' } } })
    const secondId = (second.body as { data: { id: string } }).data.id
    expect(await db.registration.findUniqueOrThrow({ where: { id: secondId } })).toMatchObject({ status: 'CONFIRMED' })
    await expect(cancelRegistrationCall(ctx(writer, { params: { id: firstId } }))).rejects.toMatchObject({
      code: 'ALREADY_CANCELLED',
    })

    // Full without a waiting list: refused as the form refuses.
    const closed = await createSeminar(db, { capacityInPerson: 0, waitlistEnabled: false })
    await expect(createRegistration(ctx(writer, { params: { id: closed.id }, body: body() }))).rejects.toMatchObject({
      code: 'SEMINAR_FULL',
    })
  })

  it('ask the required questions of the seminar as the public form does, and store the answers', async () => {
    const seminar = await createSeminar(db)
    const question = await db.question.create({
      data: {
        seminarId: seminar.id,
        form: 'REGISTRATION',
        position: 1,
        kind: 'YES_NO',
        label: '初参加ですか',
        required: true,
      },
    })
    const writer = { scopes: ['registrations:write'] as ApiScope[] }
    const { submissionKey: _k, corporateNumber: _n, ...p } = participant()
    await expect(createRegistration(ctx(writer, { params: { id: seminar.id }, body: p }))).rejects.toMatchObject({
      status: 400,
      field: `answers.${question.id}`,
    })
    const made = await createRegistration(
      ctx(writer, { params: { id: seminar.id }, body: { ...p, answers: { [question.id]: 'yes' } } }),
    )
    const id = (made.body as { data: { id: string } }).data.id
    expect(await db.answer.count({ where: { registrationId: id, questionId: question.id } })).toBe(1)
  })

  it('list registrations with personal data only for registrations:read, filtered by status', async () => {
    const seminar = await createSeminar(db)
    const r = await register(db, { seminarId: seminar.id, ...participant({ name: '山田 花子' }) })
    const answer = await listRegistrations(
      ctx({ scopes: ['registrations:read'] }, { query: `?seminarId=${seminar.id}&status=CONFIRMED` }),
    )
    expect(answer.body).toMatchObject({ data: [{ id: r.id, person: { name: '山田 花子' } }], nextCursor: null })
    const none = await listRegistrations(
      ctx({ scopes: ['registrations:read'] }, { query: `?seminarId=${seminar.id}&status=CANCELLED` }),
    )
    expect(none.body).toMatchObject({ data: [] })
    await expect(
      listRegistrations(ctx({ scopes: ['registrations:read'] }, { query: '?status=MAYBE' })),
    ).rejects.toMatchObject({ field: 'status' })
  })

  it('keep no personal data for an Idempotency-Key: a replay shows the registration as it stands', async () => {
    const seminar = await createSeminar(db)
    const token = await makeToken({ scopes: ['registrations:read', 'registrations:write'] })
    const caller = { tokenId: token.id, scopes: ['registrations:read', 'registrations:write'] as ApiScope[] }
    const { submissionKey: _k, ...p } = participant({ email: 'replayed@example.jp' })
    const body = { ...p, corporateNumber: undefined }
    const call = () => ctx(caller, { params: { id: seminar.id }, body })
    const send = (c: ApiContext) =>
      onceByKey(c, 'crm-1', JSON.stringify(c.body), () => createRegistration(c), replayRegistration)
    const first = await send(call())
    expect(first).toMatchObject({ status: 201, body: { data: { person: { email: 'replayed@example.jp' } } } })
    const stored = await db.apiIdempotencyKey.findUniqueOrThrow({
      where: { tokenId_key: { tokenId: token.id, key: 'crm-1' } },
    })
    expect(stored.body).not.toContain('replayed@example.jp')
    expect(stored.body).not.toContain(p.name)
    const id = (first.body as { data: { id: string } }).data.id
    expect(await send(call())).toEqual({ ...first, kept: undefined, headers: { 'Idempotency-Replayed': 'true' } })
    // A deletion request later: the replay no longer gives the person back.
    await deletePersonalData(db, { registrationId: id, userId })
    const replayed = await send(call())
    expect(replayed).toMatchObject({ status: 201, body: { data: { id, person: null } } })
    expect(JSON.stringify(replayed)).not.toContain('replayed@example.jp')
  })

  it('record attendance once per Idempotency-Key: a retried call after an undo changes nothing', async () => {
    const seminar = await createSeminar(db)
    const session = await db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    const r = await register(db, { seminarId: seminar.id, ...participant() })
    const token = await makeToken({ scopes: ['attendance:write'] })
    const writer = { tokenId: token.id, scopes: ['attendance:write'] as ApiScope[] }
    const call = (body: unknown) => ctx(writer, { params: { sessionId: session.id }, body })
    const record = (c: ApiContext) => onceByKey(c, 'key-1', JSON.stringify(c.body), () => recordAttendance(c))
    const first = await record(call({ registrationId: r.id }))
    expect(first).toMatchObject({ status: 201, body: { data: { attended: true, recordedNow: true } } })
    const undo = call({ registrationId: r.id })
    expect(await onceByKey(undo, 'key-2', JSON.stringify(undo.body), () => undoAttendance(undo))).toMatchObject({
      body: { data: { undone: true } },
    })
    // The first call sent again (its answer was lost): replayed, not recorded a second time.
    const retried = await record(call({ registrationId: r.id }))
    expect(retried).toMatchObject({ status: 201, headers: { 'Idempotency-Replayed': 'true' } })
    expect(await db.attendance.count({ where: { sessionId: session.id, registrationId: r.id } })).toBe(0)
    // The same key for another call is refused.
    const other = await register(db, { seminarId: seminar.id, ...participant() })
    await expect(record(call({ registrationId: other.id }))).rejects.toMatchObject({
      status: 422,
      code: 'IDEMPOTENCY_KEY_REUSED',
    })
    // A refused call spends no key.
    const cancelled = await register(db, { seminarId: seminar.id, ...participant() })
    await db.registration.update({ where: { id: cancelled.id }, data: { status: 'CANCELLED', activeEmailKey: null } })
    const refused = call({ registrationId: cancelled.id })
    await expect(onceByKey(refused, 'key-3', '{}', () => recordAttendance(refused))).rejects.toMatchObject({
      code: 'NOT_CONFIRMED',
    })
    expect(await db.apiIdempotencyKey.count({ where: { tokenId: token.id, key: 'key-3' } })).toBe(0)
    // Kept a day for retries, then forgotten by the hourly pruning.
    expect(await pruneIdempotencyKeys(db, new Date(Date.now() + 3600_000))).toBe(0)
    expect(await pruneIdempotencyKeys(db, new Date(Date.now() + 25 * 3600_000))).toBeGreaterThanOrEqual(2)
    expect(await db.apiIdempotencyKey.count({ where: { tokenId: token.id } })).toBe(0)
  })

  it('give the participation totals of a year, per program; a program-limited token gets no grand total', async () => {
    const seminar = await createSeminar(db)
    const session = await db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    const r = await register(db, { seminarId: seminar.id, ...participant() })
    await db.attendance.create({
      data: {
        sessionId: session.id,
        registrationId: r.id,
        mode: 'IN_PERSON',
        source: 'MANUAL',
        checkedInAt: new Date(),
      },
    })
    const fy =
      session.startsAt.getUTCMonth() < 3 ? session.startsAt.getUTCFullYear() - 1 : session.startsAt.getUTCFullYear()
    type Body = {
      data: {
        programs: { programId: string; personTimes: number; seminars: { seminarId: string; personTimes: number }[] }[]
        total: { personTimes: number } | null
      }
    }
    const all = (await participationExport(ctx({ scopes: ['exports:read'] }, { query: `?fiscalYear=${fy}` })))
      .body as Body
    const row = all.data.programs.find((p) => p.programId === seminar.programId)
    expect(row?.seminars.find((s) => s.seminarId === seminar.id)).toMatchObject({ personTimes: 1 })
    expect(all.data.total?.personTimes).toBeGreaterThanOrEqual(1)
    const other = await db.program.upsert({
      where: { code: 'API-OTHER' },
      create: { code: 'API-OTHER', name: '他' },
      update: {},
    })
    const limited = (
      await participationExport(
        ctx({ scopes: ['exports:read'], programIds: [other.id] }, { query: `?fiscalYear=${fy}` }),
      )
    ).body as Body
    expect(limited.data.programs.map((p) => p.programId)).not.toContain(seminar.programId)
    expect(limited.data.total).toBeNull()
  })
})
