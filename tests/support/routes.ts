import { afterAll, beforeAll } from 'vitest'
import { createConsoleUser, startSignIn } from '~/modules/accounts/console-users.server'
import type { ConsoleRole } from '~/generated/prisma/client'
import type { Db } from '~/utils/db.server'
import { createTestDb } from './test-db'

const slot = globalThis as unknown as { jissekiDb?: Db }

/**
 * For tests that call routes' loaders and actions directly: a database of this file's own, which
 * the routes use too (db() takes globalThis.jissekiDb when it is set), made before the file's
 * tests and removed after them. Call it at the top of the file; read `.db` in hooks and tests.
 */
export function databaseForRoutes(): { db: Db } {
  const holder = {} as { db: Db }
  let drop: (() => Promise<void>) | undefined
  beforeAll(async () => {
    const made = await createTestDb()
    holder.db = made.db
    drop = made.drop
    slot.jissekiDb = made.db
  })
  afterAll(async () => {
    slot.jissekiDb = undefined
    await drop?.()
  })
  return holder
}

/**
 * A console user with this role (and these programs assigned, for organizers), signed in for an
 * hour: their id and the cookie their browser would send.
 */
export async function signedInAs(
  db: Db,
  email: string,
  role: ConsoleRole = 'STAFF',
  programIds: string[] = [],
): Promise<{ id: string; cookie: string }> {
  const user = await createConsoleUser(db, {
    email,
    name: email.split('@')[0],
    password: 'a long staff password',
    role,
  })
  if (programIds.length)
    await db.programAssignment.createMany({ data: programIds.map((programId) => ({ userId: user.id, programId })) })
  return { id: user.id, cookie: `jisseki_session=${await startSignIn(db, user.id, 1)}` }
}
