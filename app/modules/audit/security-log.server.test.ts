import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { runWithRequestMeta } from '~/utils/request-context.server'
import { createConsoleUser } from '../accounts/console-users.server'
import { startBackgroundJobs } from '../background/jobs.server'
import { register } from '../registration/registrations.server'
import { saveProgram } from '../scheduling/seminars.server'
import {
  listSecurityEvents,
  loggablePath,
  pruneSecurityEvents,
  recordSecurityEvent,
  recordSignIn,
  securityFilterFrom,
  securityLogCsvFile,
} from './security-log.server'

let db: Db
let drop: () => Promise<void>
let admin: { id: string; email: string }

beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  const user = await createConsoleUser(db, {
    email: 'seclog-admin@city.example.jp',
    name: '管理 花子',
    password: 'a long password 1',
    role: 'ADMIN',
  })
  admin = { id: user.id, email: user.email }
})
afterAll(() => drop())

/** What `fn` writes to stdout, as the JSON lines of the security log. */
async function securityLines(fn: () => Promise<unknown>): Promise<{ lines: Record<string, unknown>[]; raw: string }> {
  let raw = ''
  const write = process.stdout.write.bind(process.stdout)
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
    if (text.startsWith('{"log":"security"')) {
      raw += text
      return true
    }
    return write(chunk, ...(rest as []))
  })
  try {
    await fn()
  } finally {
    spy.mockRestore()
  }
  return {
    lines: raw
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>),
    raw,
  }
}

const meta = (requestId: string) => ({
  requestId,
  socketAddress: '::ffff:192.0.2.10',
  method: 'POST',
  path: '/r/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/cancel?x=secret',
})

describe('security log', () => {
  it('stores an event and writes one JSON line with the request id, the address and the target', async () => {
    const { lines, raw } = await securityLines(() =>
      runWithRequestMeta(meta('req-0001-abcd'), () =>
        recordSecurityEvent(db, {
          type: 'access.refused',
          outcome: 'refused',
          actor: { id: admin.id },
          target: { type: 'Seminar', id: 'sem-1' },
          detail: { permission: 'seminars.manage', name: '参加 太郎', email: 'x@example.jp', token: 't' },
        }),
      ),
    )
    expect(raw.endsWith('\n')).toBe(true)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({
      log: 'security',
      type: 'access.refused',
      outcome: 'refused',
      actor: { id: admin.id, email: admin.email },
      address: '192.0.2.10',
      requestId: 'req-0001-abcd',
      method: 'POST',
      // The manage token in the path and the query are not logged.
      path: '/r/:token/cancel',
      target: { type: 'Seminar', id: 'sem-1' },
      detail: { permission: 'seminars.manage' },
    })
    expect(raw).not.toContain('AAAAAAAAAAAAAAAAAAAA')
    expect(raw).not.toContain('secret')
    expect(raw).not.toContain('参加 太郎')
    expect(raw).not.toContain('x@example.jp')
    const stored = await db.securityEvent.findFirstOrThrow({ where: { requestId: 'req-0001-abcd' } })
    expect(stored).toMatchObject({
      type: 'access.refused',
      outcome: 'refused',
      actorId: admin.id,
      actorEmail: admin.email,
      address: '192.0.2.10',
      targetType: 'Seminar',
      targetId: 'sem-1',
    })
    expect(JSON.parse(stored.detail)).toEqual({ permission: 'seminars.manage', path: '/r/:token/cancel' })
  })

  it('replaces link tokens in logged paths, the .data of a form posted with JavaScript included', () => {
    const token = 'HwJ8Wy8kV3rMVKfTpDqa0wLQPXaI_gel2gpP4OMTmAk'
    expect(loggablePath(`/checkin/${token}.data`)).toBe('/checkin/:token.data')
    expect(loggablePath(`/checkin/${token}`)).toBe('/checkin/:token')
    expect(loggablePath(`/r/${token}/cancel.data?x=1`)).toBe('/r/:token/cancel.data')
    expect(loggablePath('/console/seminars/cmx2tufdq000xo77d9y31z2xm/edit')).toBe(
      '/console/seminars/cmx2tufdq000xo77d9y31z2xm/edit',
    )
  })

  it('a failed sign-in with a participant’s email keeps neither the address nor anything of the person', async () => {
    const seminar = await createSeminar(db)
    const person = participant()
    await register(db, { seminarId: seminar.id, ...person })
    const { lines, raw } = await securityLines(() =>
      runWithRequestMeta(meta('req-0002-abcd'), () => recordSignIn(db, person.email, 'INVALID_CREDENTIALS')),
    )
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({
      type: 'sign-in',
      outcome: 'failure',
      actor: null,
      requestId: 'req-0002-abcd',
      detail: { reason: 'INVALID_CREDENTIALS', knownAccount: false },
    })
    expect(raw).not.toContain(person.email)
    expect(raw).not.toContain(person.name)
    const stored = await db.securityEvent.findFirstOrThrow({ where: { requestId: 'req-0002-abcd' } })
    expect(JSON.stringify(stored)).not.toContain(person.email)
  })

  it('names a staff account in sign-ins, and the lockout and rate limit as refusals', async () => {
    const { lines } = await securityLines(async () => {
      await recordSignIn(db, ' SECLOG-admin@city.example.jp', 'success')
      await recordSignIn(db, admin.email, 'TOO_MANY_ATTEMPTS')
      await recordSignIn(db, admin.email, 'RATE_LIMITED')
    })
    expect(lines.map((l) => [l.type, l.outcome, (l.actor as { email: string } | null)?.email])).toEqual([
      ['sign-in', 'success', admin.email],
      ['sign-in.lockout', 'refused', admin.email],
      ['sign-in.rate-limited', 'refused', admin.email],
    ])
    // Outside a request: no id to follow, no address.
    expect(lines[0]).toMatchObject({ requestId: 'none', address: 'unknown' })
  })

  it('records who changed a program and its retention period before and after', async () => {
    const input = { code: 'SEC', name: '安全事業', nameEn: undefined, description: '', retentionYears: 3 }
    const { lines } = await securityLines(async () => {
      const program = await saveProgram(db, input as never, undefined, admin)
      await saveProgram(db, { ...input, retentionYears: 5 } as never, program.id, admin)
    })
    expect(lines.map((l) => l.type)).toEqual(['program.create', 'program.update'])
    expect(lines[1]).toMatchObject({
      actor: { id: admin.id, email: admin.email },
      target: { type: 'Program' },
      detail: { changed: 'retentionYears', 'retentionYears.from': 3, 'retentionYears.to': 5 },
    })
  })

  it('lists newest first by type, outcome and Japan dates, and prunes what is older than a year', async () => {
    const now = new Date('2026-11-30T03:00:00Z')
    const old = new Date('2025-11-29T03:00:00Z')
    await securityLines(async () => {
      await recordSecurityEvent(db, { type: 'sign-out', outcome: 'success', now: old, requestId: 'old-one' })
      await recordSecurityEvent(db, { type: 'sign-out', outcome: 'success', now, requestId: 'new-one' })
    })
    const filter = securityFilterFrom(new URLSearchParams({ type: 'sign-out', outcome: 'success', from: '2026-11-30' }))
    expect((await listSecurityEvents(db, filter)).map((e) => e.requestId)).toEqual(['new-one'])
    const unknown = securityFilterFrom(new URLSearchParams({ type: 'drop table', outcome: 'x' }))
    expect(unknown).toMatchObject({ type: undefined, outcome: undefined })
    expect(await pruneSecurityEvents(db, now)).toBeGreaterThanOrEqual(1)
    expect(await db.securityEvent.count({ where: { requestId: 'old-one' } })).toBe(0)
    expect(await db.securityEvent.count({ where: { requestId: 'new-one' } })).toBe(1)
  })

  it('reads the client address from X-Forwarded-For only under TRUST_PROXY', async () => {
    const forwarded = { ...meta('req-0003-abcd'), forwardedFor: '198.51.100.1, 203.0.113.9' }
    vi.stubEnv('TRUST_PROXY', '')
    const plain = await securityLines(() =>
      runWithRequestMeta(forwarded, () => recordSecurityEvent(db, { type: 'sign-out', outcome: 'failure' })),
    )
    vi.stubEnv('TRUST_PROXY', '1')
    const proxied = await securityLines(() =>
      runWithRequestMeta(forwarded, () => recordSecurityEvent(db, { type: 'sign-out', outcome: 'failure' })),
    )
    vi.unstubAllEnvs()
    expect(plain.lines[0].address).toBe('192.0.2.10')
    expect(proxied.lines[0].address).toBe('203.0.113.9')
  })

  it('is pruned by the retention turn of the worker every app process runs', async () => {
    const longAgo = new Date(Date.now() - 400 * 86400_000)
    await securityLines(() =>
      recordSecurityEvent(db, { type: 'sign-out', outcome: 'success', now: longAgo, requestId: 'pruned-by-worker' }),
    )
    const transport = { send: async () => ({ emlFile: null }), close: () => undefined }
    const worker = startBackgroundJobs(db, transport, { intervalMs: 3600_000, reminderDays: 0, log: () => undefined })
    await worker.tick()
    await worker.stop()
    expect(await db.securityEvent.count({ where: { requestId: 'pruned-by-worker' } })).toBe(0)
  })
})

describe('the security log file', () => {
  it('is named after the day in Japan, not in UTC', async () => {
    // 08:30 on 1 April in Tokyo is still 31 March in UTC.
    const file = await securityLogCsvFile(db, admin.id, new URLSearchParams(), 'ja', new Date('2026-03-31T23:30:00Z'))
    expect(file.names).toEqual({
      fileName: 'セキュリティ記録_2026-04-01.csv',
      asciiName: 'security-log-2026-04-01.csv',
    })
  })
})
