#!/usr/bin/env node
// Runs the Prisma CLI without letting it download native engines.
// With `engine: "js"` (prisma.config.ts) the engines are never executed, but the 6.19 CLI still
// tries to fetch them at start-up unless these variables name an existing file.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const placeholder = require.resolve('prisma/package.json')
const env = {
  ...process.env,
  PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? placeholder,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder,
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
}
const cli = require.resolve('prisma/build/index.js')
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { stdio: 'inherit', env })
process.exit(result.status ?? 1)
