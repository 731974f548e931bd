import { describe, expect, it } from 'vitest'
import { databaseUnavailable, rememberFailedCommit } from './database-errors'

/** Errors shaped as the layers throw them (Prisma, its driver adapters, better-sqlite3, node-postgres). */
describe('databaseUnavailable', () => {
  const prisma = (code: string, message = 'x') => Object.assign(new Error(message), { code, clientVersion: '6.19.3' })
  const adapter = (cause: Record<string, unknown>) =>
    Object.assign(new Error(String(cause.kind)), { name: 'DriverAdapterError', cause })

  it.each([
    [prisma('SQLITE_FULL', 'database or disk is full'), 'disk full'],
    [prisma('SQLITE_IOERR_WRITE'), 'i/o error'],
    [prisma('SQLITE_BUSY'), 'busy'],
    [prisma('SQLITE_READONLY_DBMOVED'), 'read-only'],
    [prisma('P1001'), 'unreachable'],
    [prisma('P1017'), 'connection lost'],
    [prisma('P2024'), 'pool exhausted'],
    [adapter({ kind: 'DatabaseNotReachable', host: '127.0.0.1' }), 'unreachable'],
    [adapter({ kind: 'postgres', code: '57P01', originalCode: '57P01' }), 'connection lost'],
    [adapter({ kind: 'postgres', code: '57P03', originalCode: '57P03' }), 'unreachable'],
    [adapter({ kind: 'postgres', code: '53100', originalCode: '53100' }), 'disk full'],
    [new Error('Connection terminated unexpectedly'), 'connection lost'],
    [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'unreachable'],
    [Object.assign(new Error('wrapped'), { cause: prisma('SQLITE_FULL') }), 'disk full'],
    [prisma('P2028', 'Transaction API error: Unable to start a transaction in the given time.'), 'busy'],
  ])('classifies %s as %s', (error, detail) => {
    expect(databaseUnavailable(error)).toEqual({ reason: 'database', detail })
  })

  it('leaves other errors alone: they stay 500s', () => {
    expect(databaseUnavailable(prisma('P2002'))).toBeUndefined()
    expect(databaseUnavailable(prisma('P2025'))).toBeUndefined()
    expect(databaseUnavailable(adapter({ kind: 'UniqueConstraintViolation' }))).toBeUndefined()
    expect(databaseUnavailable(new TypeError('x is undefined'))).toBeUndefined()
    expect(databaseUnavailable(undefined)).toBeUndefined()
  })

  it("finds the failed COMMIT behind Prisma's masking rollback error", () => {
    const masked = prisma(
      'P2028',
      'Transaction API error: Transaction already closed: A rollback cannot be executed on a committed transaction.',
    )
    rememberFailedCommit(prisma('SQLITE_FULL', 'database or disk is full'))
    expect(databaseUnavailable(masked)).toEqual({ reason: 'database', detail: 'disk full' })
  })
})
