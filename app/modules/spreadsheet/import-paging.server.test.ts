import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { createConsoleUser, type ConsoleIdentity } from '../accounts/console-users.server'
import { pastImportsPage, seminarImportsPage } from './import.server'

let db: Db
let drop: () => Promise<void>
let seminarId: string
let admin: ConsoleIdentity
const at = new Date('2026-11-20T03:00:00Z')

/** `count` stored imports, all uploaded in the same instant. */
const imports = (count: number, fields: { kind: string; seminarId?: string; programId?: string }) =>
  Array.from({ length: count }, (_, i) => ({
    ...fields,
    fileName: `名簿${i}.csv`,
    format: 'csv',
    sha256: `${fields.kind}-${i}`,
    headers: '[]',
    rows: '[]',
    createdAt: at,
  }))

beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  const seminar = await createSeminar(db, {}, at)
  seminarId = seminar.id
  admin = await createConsoleUser(db, { email: 'imports@city.example.jp', name: '管理', password: 'admin password 1' })
  await db.spreadsheetImport.createMany({ data: imports(70, { kind: 'SEMINAR', seminarId }) })
  await db.spreadsheetImport.createMany({ data: imports(55, { kind: 'PAST', programId: seminar.programId }) })
})
afterAll(async () => drop())

describe('the lists of earlier imports', () => {
  it('page a seminar’s imports 50 at a time, each once, instead of dropping all but the latest 50', async () => {
    const [first, second] = await Promise.all(
      ['', 'page=2'].map((q) => seminarImportsPage(db, seminarId, new URLSearchParams(q))),
    )
    expect([first.imports.length, second.imports.length]).toEqual([50, 20])
    expect(second.paging).toMatchObject({ page: 2, total: 70, first: 51, last: 70 })
    expect(new Set([...first.imports, ...second.imports].map((r) => r.id)).size).toBe(70)
  })

  it('page the past seminars’ imports the same way', async () => {
    const second = await pastImportsPage(db, admin, new URLSearchParams('page=2'))
    expect(second.imports).toHaveLength(5)
    expect(second.paging).toMatchObject({ page: 2, total: 55, first: 51, last: 55 })
  })
})
