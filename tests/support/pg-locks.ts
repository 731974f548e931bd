import type pg from 'pg'

/**
 * Returns once another connection of the database waits for a lock — the one the held transaction
 * of `holder` keeps: the moment a race test commits it, so the other statement meets the commit
 * instead of coming before or after it. The count of tries is a hang guard, not a timing.
 */
export async function untilSomeoneWaits(holder: pg.Client): Promise<void> {
  for (let i = 0; ; i++) {
    const { rows } = await holder.query<{ waiting: number }>(
      `SELECT count(*)::int AS "waiting" FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
    )
    if (rows[0].waiting > 0) return
    if (i > 2_000) throw new Error('nobody ever waited for the held transaction')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
