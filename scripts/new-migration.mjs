#!/usr/bin/env node
// Writes a migration, for SQLite and for PostgreSQL, for the changes made to prisma/schema.prisma
// since the last commit:
//   npm run db:migration -- add_reminders
// Prisma 6.19's `migrate dev` cannot run through the driver adapters, but `migrate diff` between
// two datamodels needs no database: the committed schema is "before", the edited one "after".
// The PostgreSQL schema variant is rewritten first. Commit the schemas and both new folders.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { postgresVariant } from './schema-variants.mjs'

const name = process.argv[2]
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('Usage: npm run db:migration -- <name_in_snake_case>')
  process.exit(2)
}
fs.writeFileSync('prisma/postgres/schema.prisma', postgresVariant(fs.readFileSync('prisma/schema.prisma', 'utf8')))

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-schema-'))
function diffSinceCommit(schema) {
  let from = ['--from-empty']
  try {
    const before = path.join(tmp, path.basename(path.dirname(schema)) + '.prisma')
    fs.writeFileSync(before, execFileSync('git', ['show', `HEAD:${schema}`], { stdio: ['ignore', 'pipe', 'ignore'] }))
    from = ['--from-schema-datamodel', before]
  } catch {
    // not committed yet: everything is new
  }
  const sql = execFileSync(
    process.execPath,
    ['scripts/prisma.mjs', 'migrate', 'diff', ...from, '--to-schema-datamodel', schema, '--script'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  )
  return sql.trim() && !sql.includes('This is an empty migration') ? sql : null
}

const variants = [
  { schema: 'prisma/schema.prisma', migrations: 'prisma/migrations' },
  { schema: 'prisma/postgres/schema.prisma', migrations: 'prisma/postgres/migrations' },
]
const scripts = variants.map((v) => ({ ...v, sql: diffSinceCommit(v.schema) }))
if (scripts.every((s) => s.sql === null)) {
  console.log('prisma/schema.prisma has no changes since the last commit: no migration written.')
  process.exit(0)
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14)
for (const s of scripts) {
  const dir = path.join(s.migrations, `${stamp}_${name}`)
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, 'migration.sql'), s.sql ?? '-- no change for this database\n')
  console.log(`Wrote ${dir}/migration.sql`)
}
