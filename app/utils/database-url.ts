import path from 'node:path'

/** DATABASE_URL: `file:<path>` for SQLite, `postgres://…` for PostgreSQL. */

export function isPostgresUrl(databaseUrl: string): boolean {
  return /^postgres(ql)?:\/\//.test(databaseUrl)
}

/** Path of the SQLite file named by a `file:` URL, relative to the working directory. */
export function sqlitePath(databaseUrl: string): string {
  return path.resolve(databaseUrl.replace(/^file:/, '').replace(/\?.*$/, ''))
}
