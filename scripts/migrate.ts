/** Applies pending migrations to DATABASE_URL without starting the server: `npm run db:migrate`. */
import { env } from '~/utils/env.server'
import { migrate } from '~/utils/migrate.server'

try {
  const applied = await migrate(env().DATABASE_URL)
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.')
} catch (error) {
  // The message says what is wrong and what to do (as server.ts prints it), without a stack trace.
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
}
