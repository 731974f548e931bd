import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireAccess } from '~/modules/accounts/access.server'
import { helperSessions } from '~/modules/accounts/checkin-helpers.server'
import { SessionTime } from '~/components/seminar-bits'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'helper.homeTitle') }]

/** A check-in helper's home: the sessions of the seminars their link is for, today's first. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, 'checkin', 'narrowed-list')
  // Organizers and admins start check-in from the seminar's page.
  if (user.role !== 'CHECKIN') throw redirect('/console')
  return { sessions: await helperSessions(db(), user.id) }
}

export default function HelperHome() {
  const { sessions } = useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  const anyToday = sessions.some((s) => s.today)
  return (
    <section>
      <h1>{t('helper.homeTitle')}</h1>
      {sessions.length === 0 ? (
        <p>{t('helper.noSessions')}</p>
      ) : (
        <ul className="helper-sessions">
          {sessions.map((s) => (
            <li key={s.id} className={s.today ? 'today' : undefined}>
              <Link
                to={`/console/sessions/${s.id}/checkin`}
                className={s.today || !anyToday ? 'button button-primary' : 'button'}
              >
                {s.seminar.title}
                {s.number > 1 || sessions.length > 1 ? ` ${t('helper.sessionNumber', { n: s.number })}` : ''}
              </Link>{' '}
              {s.today ? <span className="chip chip-today">{t('helper.today')}</span> : null}{' '}
              <SessionTime startsAt={s.startsAt} endsAt={s.endsAt} lang={lang} />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
