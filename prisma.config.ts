import fs from 'node:fs'
import path from 'node:path'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { defineConfig } from 'prisma/config'

// The CLI runs on Prisma's JS engines only: nothing is downloaded at install or run time.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    // The CLI commands we use (generate, migrate diff between datamodels) never touch this
    // database, but the CLI opens it: make sure its folder exists, even on a fresh clone.
    const url = process.env.DATABASE_URL?.startsWith('file:') ? process.env.DATABASE_URL : 'file:./data/jisseki.db'
    fs.mkdirSync(path.dirname(url.slice('file:'.length)), { recursive: true })
    return new PrismaBetterSQLite3({ url })
  },
})
