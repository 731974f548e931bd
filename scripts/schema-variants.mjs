#!/usr/bin/env node
// One data model, two databases: prisma/schema.prisma (SQLite) is the source and
// prisma/postgres/schema.prisma is written from it. `--check` fails when the committed
// PostgreSQL variant has drifted from the source (CI runs it through the test suite).
import fs from 'node:fs'

const SOURCE = 'prisma/schema.prisma'
const TARGET = 'prisma/postgres/schema.prisma'

export function postgresVariant(source) {
  const replaced = source
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output(\s*)=(\s*)"\.\.\/app\/generated\/prisma"/, 'output$1=$2"../../app/generated/prisma-pg"')
  if (!replaced.includes('"postgresql"') || !replaced.includes('prisma-pg')) {
    throw new Error(`${SOURCE} no longer has the datasource or generator lines this script rewrites`)
  }
  return `// GENERATED from ${SOURCE} by \`npm run db:variants\`: edit that file, not this one.\n${replaced}`
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'))
if (isMain) {
  const expected = postgresVariant(fs.readFileSync(SOURCE, 'utf8'))
  if (process.argv.includes('--check')) {
    const actual = fs.existsSync(TARGET) ? fs.readFileSync(TARGET, 'utf8') : ''
    if (actual !== expected) {
      console.error(`${TARGET} differs from ${SOURCE}: run \`npm run db:variants\` and commit the result.`)
      process.exit(1)
    }
  } else {
    fs.mkdirSync('prisma/postgres', { recursive: true })
    fs.writeFileSync(TARGET, expected)
    console.log(`Wrote ${TARGET}`)
  }
}
