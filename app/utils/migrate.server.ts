import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { isPostgresUrl, sqlitePath } from './database-url'
import { restrictSqliteFiles } from './private-files.server'

// npm scripts run from the project root, in development and in production alike.
export const MIGRATION_DIRS = {
  sqlite: path.resolve(process.cwd(), 'prisma/migrations'),
  postgres: path.resolve(process.cwd(), 'prisma/postgres/migrations'),
}

/**
 * Applies the committed migrations of the database DATABASE_URL names, recording each in
 * `_prisma_migrations` the way `prisma migrate deploy` does (docs/decisions/0002-migrations.md).
 * Several processes starting at once apply each migration once. Returns the names applied.
 */
export async function migrate(databaseUrl: string): Promise<string[]> {
  return isPostgresUrl(databaseUrl) ? migratePostgres(databaseUrl) : migrateSqlite(databaseUrl)
}

type Migration = { name: string; file: string; sql: string; checksum: string }

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex')

function readMigrations(dir: string): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const file = path.join(dir, name, 'migration.sql')
      const sql = fs.readFileSync(file, 'utf8')
      return { name, file, sql, checksum: sha256(sql) }
    })
}

/**
 * Whether a migration file is still the one recorded as applied. The file's checksum is recorded
 * as read (as Prisma does), so a checkout with other line endings (git's autocrlf on Windows)
 * would differ by its line endings alone: like Prisma, the file matches with LF or CRLF endings.
 */
function matchesRecordedChecksum(sql: string, recorded: string): boolean {
  const lf = sql.replace(/\r\n/g, '\n')
  return [sql, lf, lf.replace(/\n/g, '\r\n')].some((variant) => sha256(variant) === recorded)
}

/** A migration file changed after it was applied: the database and the files no longer agree. */
class AppliedMigrationChanged extends Error {
  constructor(migrations: Migration[]) {
    const files = migrations.map((m) => path.relative(process.cwd(), m.file))
    const several = migrations.length > 1
    super(
      `Migration${several ? 's' : ''} ${migrations.map((m) => m.name).join(', ')} changed after ` +
        `${several ? 'they were' : 'it was'} applied to this database: ${files.join(', ')} no longer ` +
        `match${several ? '' : 'es'} the checksum recorded in _prisma_migrations. Nothing was migrated, and the ` +
        `app will not start until ${several ? 'they are' : 'it is'} restored as applied ` +
        `(git checkout -- ${files.join(' ')}). Put the change in a new migration instead ` +
        `(npm run db:migration -- <name>).`,
    )
    this.name = 'AppliedMigrationChanged'
  }
}

/**
 * Refuses to go on when an applied migration's file was edited since: the edit never reaches this
 * database, so it would silently differ from every database built from the files afterwards.
 * Applied migrations without a file here are left alone (a database ahead of this checkout).
 */
function checkApplied(migrations: Migration[], applied: { migration_name: string; checksum: string }[]): void {
  const recorded = new Map<string, string[]>()
  for (const row of applied)
    recorded.set(row.migration_name, [...(recorded.get(row.migration_name) ?? []), row.checksum])
  const changed = migrations.filter((m) => {
    const checksums = recorded.get(m.name)
    return checksums !== undefined && !checksums.some((checksum) => matchesRecordedChecksum(m.sql, checksum))
  })
  if (changed.length) throw new AppliedMigrationChanged(changed)
}

const APPLIED_ROWS = `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`

/** SQLite: each migration in one IMMEDIATE transaction, which also serializes processes. */
export function migrateSqlite(databaseUrl: string, migrationsDir = MIGRATION_DIRS.sqlite): string[] {
  const file = sqlitePath(databaseUrl)
  restrictSqliteFiles(file)
  const conn = new Database(file, { timeout: 10_000 })
  try {
    conn.pragma('journal_mode = WAL')
    conn.pragma('secure_delete = ON')
    // The categories migration groups free text the way the app does (NFKC, trimmed); SQLite has no
    // NFKC of its own, so the runner lends it one (PostgreSQL's normalize() does the same there).
    conn.function('jisseki_category_name', { deterministic: true }, (value: unknown) => {
      const name = String(value ?? '')
        .normalize('NFKC')
        .trim()
      return name || '未分類'
    })
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
    const isApplied = conn.prepare(
      `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = ? AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    )
    const record = conn.prepare(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
       VALUES (?, ?, current_timestamp, ?, current_timestamp, 1)`,
    )
    // Prisma rebuilds a table to change it (create new_X, copy, DROP X, rename). With foreign keys
    // on, DROP TABLE deletes the rows first and ON DELETE CASCADE empties every table that refers to
    // it (a seminar's sessions, registrations…). `PRAGMA foreign_keys=OFF` inside the migration is
    // ignored within a transaction, so keys are off around it, and checked before committing.
    conn.pragma('foreign_keys = OFF')
    const migrations = readMigrations(migrationsDir)
    checkApplied(migrations, conn.prepare(APPLIED_ROWS).all() as { migration_name: string; checksum: string }[])
    const applied: string[] = []
    for (const m of migrations) {
      const apply = conn.transaction(() => {
        if (isApplied.get(m.name)) return false
        conn.exec(m.sql)
        const broken = conn.pragma('foreign_key_check') as unknown[]
        if (broken.length) throw new Error(`Migration ${m.name} leaves ${broken.length} broken foreign keys`)
        record.run(crypto.randomUUID(), m.checksum, m.name)
        return true
      })
      if (apply.immediate()) applied.push(m.name)
    }
    return applied
  } finally {
    conn.close()
  }
}

// Any fixed number: every Jisseki process asks for the same advisory lock.
const MIGRATION_LOCK = 7_240_417_001

/**
 * PostgreSQL: a session advisory lock makes instances that start together take turns; each
 * migration runs in its own transaction (PostgreSQL DDL is transactional).
 */
export async function migratePostgres(databaseUrl: string, migrationsDir = MIGRATION_DIRS.postgres): Promise<string[]> {
  // Loaded only for PostgreSQL (node-postgres is not small).
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`)
    const migrations = readMigrations(migrationsDir)
    checkApplied(migrations, (await client.query<{ migration_name: string; checksum: string }>(APPLIED_ROWS)).rows)
    const applied: string[] = []
    for (const m of migrations) {
      const done = await client.query(
        `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        [m.name],
      )
      if (done.rowCount) continue
      try {
        await client.query('BEGIN')
        await client.query(m.sql)
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, now(), 1)`,
          [crypto.randomUUID(), m.checksum, m.name],
        )
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK')
        throw error
      }
      applied.push(m.name)
    }
    return applied
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined)
    await client.end()
  }
}
