import type { Db } from '~/utils/db.server'
import { completionOf, type Completion } from '../completion/completion.server'

/*
 * What a certificate rests on: which sessions of the series a registration attended, counted as
 * every figure counts them (an online record only at the seminar's minimum minutes, speakers and
 * staff never), and whether the seminar's completion rule is met — the completion module's
 * completionOf (docs/decisions/0050-completion-rules.md), computed from attendance when asked.
 */

export type SeriesAttendance = Completion

export function seriesAttendance(db: Db, registrationId: string): Promise<SeriesAttendance> {
  return completionOf(db, registrationId)
}
