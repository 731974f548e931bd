/**
 * Another app process's mail worker, for one turn: delivers every due message of DATABASE_URL
 * through SMTP_URL (lease LEASE_MS) and prints the outcomes as one JSON line. Run with tsx by tests
 * that need a second process on the same outbox (app/modules/mail/lease.server.test.ts).
 */
import { createDb } from '~/utils/db.server'
import { smtpTransport } from '~/modules/mail/transport.server'
import { deliverDueMessages } from '~/modules/mail/worker.server'

const db = createDb(process.env.DATABASE_URL!)
const transport = smtpTransport(process.env.SMTP_URL!)
try {
  const outcomes = await deliverDueMessages(db, transport, new Date(), Infinity, {
    leaseMs: Number(process.env.LEASE_MS),
  })
  process.stdout.write(JSON.stringify(outcomes) + '\n')
} finally {
  transport.close()
  await db.$disconnect()
}
