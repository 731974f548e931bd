import type { Db } from '~/utils/db.server'
import { queueCertificateMails } from '../certificates/mailing.server'
import type { BackgroundJob } from './loop.server'

/** Issues and queues the certificate mails that are due (app/modules/certificates/mailing.server.ts). */
export function certificatesJob(db: Db, intervalMs: number): BackgroundJob {
  return {
    name: 'certificates',
    intervalMs,
    batchSize: Infinity,
    async run(now) {
      return { counts: { queued: await queueCertificateMails(db, now) } }
    },
  }
}
