#!/usr/bin/env node
// Writes a migration for the changes made to prisma/schema.prisma since the last commit:
//   npm run db:migration -- add_reminders
// Prisma 6.19's `migrate dev` cannot run through the driver adapter here, but `migrate diff`
// between two datamodels needs no database: the committed schema is "before", the edited one
// "after". Commit the schema and the new folder together.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const name = process.argv[2]
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('Usage: npm run db:migration -- <name_in_snake_case>')
  process.exit(2)
}
const before = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-schema-')), 'schema.prisma')
fs.writeFileSync(before, execFileSync('git', ['show', 'HEAD:prisma/schema.prisma']))
const sql = execFileSync(
  process.execPath,
  [
    'scripts/prisma.mjs',
    'migrate',
    'diff',
    '--from-schema-datamodel',
    before,
    '--to-schema-datamodel',
    'prisma/schema.prisma',
    '--script',
  ],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
)
if (!sql.trim() || sql.includes('This is an empty migration')) {
  console.log('prisma/schema.prisma has no changes since the last commit: no migration written.')
  process.exit(0)
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14)
const dir = path.join('prisma', 'migrations', `${stamp}_${name}`)
fs.mkdirSync(dir, { recursive: true })
fs.writeFileSync(path.join(dir, 'migration.sql'), sql)
console.log(`Wrote ${dir}/migration.sql`)
