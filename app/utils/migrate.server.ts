import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { sqlitePath } from './db.server'

// npm scripts run from the project root, in development and in production alike.
const MIGRATIONS_DIR = path.resolve(process.cwd(), 'prisma/migrations')

/**
 * Applies prisma/migrations/* to a SQLite file, recording each in `_prisma_migrations` the way
 * `prisma migrate deploy` does, so the Prisma CLI agrees on what is applied. Each migration runs
 * in one IMMEDIATE transaction: two processes starting at once apply it once.
 */
export function migrateSqlite(databaseUrl: string, migrationsDir = MIGRATIONS_DIR): string[] {
  const file = sqlitePath(databaseUrl)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const conn = new Database(file, { timeout: 10_000 })
  try {
    conn.pragma('journal_mode = WAL')
    conn.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL,
      "checksum" TEXT NOT NULL,
      "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL,
      "logs" TEXT,
      "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
      "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
    )`)
    const names = fs
      .readdirSync(migrationsDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()
    const applied: string[] = []
    const isApplied = conn.prepare(
      `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = ? AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    )
    const record = conn.prepare(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
       VALUES (?, ?, current_timestamp, ?, current_timestamp, 1)`,
    )
    for (const name of names) {
      const sql = fs.readFileSync(path.join(migrationsDir, name, 'migration.sql'), 'utf8')
      const apply = conn.transaction(() => {
        if (isApplied.get(name)) return false
        conn.exec(sql)
        record.run(crypto.randomUUID(), crypto.createHash('sha256').update(sql).digest('hex'), name)
        return true
      })
      if (apply.immediate()) applied.push(name)
    }
    return applied
  } finally {
    conn.close()
  }
}
