import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createDb, type Db } from '~/utils/db.server'
import { migrateSqlite } from '~/utils/migrate.server'

/** A real, migrated SQLite file of its own for one test file; removed by `drop()`. */
export async function createTestDb(): Promise<{ db: Db; url: string; drop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-test-'))
  const url = `file:${path.join(dir, 'test.db')}`
  migrateSqlite(url)
  const db = createDb(url)
  return {
    db,
    url,
    drop: async () => {
      await db.$disconnect()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
