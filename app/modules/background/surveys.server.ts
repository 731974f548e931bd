import type { Db } from '~/utils/db.server'
import { queueSurveyInvitations, queueSurveyReminders } from '../surveys/surveys.server'
import type { BackgroundJob } from './loop.server'

/**
 * Invites those who attended a round of a survey once it is due, and reminds once those who have
 * not answered (app/modules/surveys/surveys.server.ts, docs/decisions/0047-surveys.md). Each
 * invitation and reminder is written with its mail, once, however many processes run this.
 */
export function surveysJob(db: Db, intervalMs: number): BackgroundJob {
  return {
    name: 'surveys',
    intervalMs,
    batchSize: Infinity,
    async run(now) {
      const invited = await queueSurveyInvitations(db, now)
      const reminded = await queueSurveyReminders(db, now)
      return { counts: { invited, reminded } }
    },
  }
}
