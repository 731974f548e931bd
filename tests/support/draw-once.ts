/**
 * Another app process's lottery job, for one turn: draws every lottery of DATABASE_URL that is due
 * and prints how many it drew as one JSON line. Run with tsx by the test of two processes drawing
 * at the same moment (app/modules/lottery/draw.server.test.ts): it prints "ready" once connected
 * and starts its turn when a line arrives on stdin, so both processes start together.
 */
import { createInterface } from 'node:readline'
import { createDb } from '~/utils/db.server'
import { drawDueLotteries } from '~/modules/lottery/draw.server'

const db = createDb(process.env.DATABASE_URL!)
try {
  await db.lottery.count() // connected before the start
  process.stdout.write('ready\n')
  const lines = createInterface({ input: process.stdin })
  await new Promise<void>((resolve) => lines.once('line', () => resolve()))
  lines.close()
  const drawn = await drawDueLotteries(db, new Date())
  process.stdout.write(JSON.stringify({ drawn }) + '\n')
} finally {
  await db.$disconnect()
}
