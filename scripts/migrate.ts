/** Applies pending migrations to DATABASE_URL without starting the server: `npm run db:migrate`. */
import { env } from '~/utils/env.server'
import { migrate } from '~/utils/migrate.server'

const applied = await migrate(env().DATABASE_URL)
console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.')
