import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../tests/support/test-db'
import type { Db } from './db.server'
import { AppError, isAppError, isUniqueViolation } from './errors'

let db: Db
let drop: () => Promise<void>
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
})
afterAll(async () => drop())

/** The error a statement throws, for reading its shape. */
async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run()
  } catch (error) {
    return error
  }
  throw new Error('the statement did not fail')
}

describe('isUniqueViolation reads the error Prisma gives, on this database', () => {
  it('names the field of a unique constraint from the query API (P2002)', async () => {
    await db.category.create({ data: { name: '展示会' } })
    const error = await failure(() => db.category.create({ data: { name: '展示会' } }))
    expect(isUniqueViolation(error)).toBe(true)
    expect(isUniqueViolation(error, 'name')).toBe(true)
    expect(isUniqueViolation(error, 'code')).toBe(false)
    expect(isUniqueViolation(error, 'nam')).toBe(false)
  })

  it('knows a raw statement’s unique violation (P2010) and its field', async () => {
    await db.category.create({ data: { name: 'セミナー' } })
    const error = await failure(
      () =>
        db.$executeRaw`INSERT INTO "Category" ("id", "name", "updatedAt") VALUES ('raw-1', 'セミナー', CURRENT_TIMESTAMP)`,
    )
    expect(isUniqueViolation(error)).toBe(true)
    expect(isUniqueViolation(error, 'name')).toBe(true)
    expect(isUniqueViolation(error, 'code')).toBe(false)
  })

  it('is false for other errors, and for a message that only mentions the field', () => {
    expect(isUniqueViolation(new Error('Unique constraint failed on the fields: (`name`)'), 'name')).toBe(false)
    expect(isUniqueViolation({ code: 'P2025', meta: { target: ['name'] } }, 'name')).toBe(false)
    expect(isUniqueViolation(null)).toBe(false)
  })
})

describe('AppError', () => {
  it('carries the status and the message key of its code', () => {
    const error = new AppError('SEMINAR_FULL')
    expect(error.status).toBe(409)
    expect(error.messageKey).toBe('errors.SEMINAR_FULL')
    expect(isAppError(error, 'SEMINAR_FULL')).toBe(true)
    expect(isAppError(error, 'NOT_FOUND')).toBe(false)
    expect(new AppError('LINK_INVALID').messageKey).toBe('accounts.error.LINK_INVALID')
    expect(new AppError('NOT_FOUND').status).toBe(404)
  })
})
