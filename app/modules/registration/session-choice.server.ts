import type { Db } from '~/utils/db.server'

/**
 * How many people are expected at each session of a seminar: confirmed (and waiting) registrations
 * that chose it, or chose nothing (attend every session: the seminar does not ask, or asked only
 * later). Information for the office; seats are counted per seminar (docs/decisions/0035).
 */
export async function expectedPerSession(
  db: Db,
  seminarId: string,
): Promise<Map<string, { confirmed: number; waiting: number }>> {
  const sessions = await db.session.findMany({ where: { seminarId }, select: { id: true } })
  const counts = await Promise.all(
    sessions.map(async (s) => {
      const attends = (status: 'CONFIRMED' | 'WAITLISTED') =>
        db.registration.count({
          where: {
            seminarId,
            status,
            OR: [{ chosenSessions: { none: {} } }, { chosenSessions: { some: { sessionId: s.id } } }],
          },
        })
      const [confirmed, waiting] = await Promise.all([attends('CONFIRMED'), attends('WAITLISTED')])
      return [s.id, { confirmed, waiting }] as const
    }),
  )
  return new Map(counts)
}
