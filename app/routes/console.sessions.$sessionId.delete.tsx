import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { UnmailedList } from '~/components/unmailed-list'
import { sessionDeletion } from '~/modules/scheduling/seminar-editing.server'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { requireParam } from '~/utils/route.server'
import { formatSessionTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'console.deleteSessionTitle') }]

/*
 * The question before a session is deleted, rendered by the server: which session, what happens
 * (who is told, who had chosen it), or why it cannot be. The answer posts to the edit page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const sessionId = requireParam(params, 'sessionId')
  await requireAccess(request, 'seminars.manage', { sessionId })
  return sessionDeletion(db(), sessionId)
}

export default function DeleteSession() {
  const { session, seminar, attended, chosen, notified, lastSession, unmailed, completionBlocked } =
    useLoaderData<typeof loader>()
  const refused = attended > 0 || completionBlocked !== null
  const t = useT()
  const lang = useLang()
  const edit = `/console/seminars/${seminar.id}/edit`
  return (
    <section>
      <p>
        <Link to={edit}>← {seminar.title}</Link>
      </p>
      <h1>{t('console.deleteSessionTitle')}</h1>
      <dl className="facts">
        <dt>{t('console.seminars')}</dt>
        <dd>{seminar.title}</dd>
        <dt>{t('seminar.session', { number: session.number })}</dt>
        <dd>{formatSessionTime(new Date(session.startsAt), new Date(session.endsAt), lang)}</dd>
      </dl>
      {attended > 0 ? (
        <p className="notice" role="alert">
          {t('console.deleteSessionAttended', { count: attended })}
        </p>
      ) : completionBlocked !== null ? (
        <p className="notice" role="alert">
          {t('console.deleteSessionCompletion', { count: completionBlocked })}
        </p>
      ) : (
        <>
          <p className="lead">{t('console.deleteSessionQuestion', { number: session.number })}</p>
          <ul>
            <li>{t('console.deleteSessionNotified', { count: notified })}</li>
            {chosen > 0 ? <li>{t('console.deleteSessionChosen', { count: chosen })}</li> : null}
            {lastSession ? <li>{t('console.deleteSessionLast')}</li> : null}
            <li>{t('console.deleteSessionRenumbered')}</li>
          </ul>
          <UnmailedList people={unmailed} />
        </>
      )}
      <div className="actions">
        {refused ? null : (
          <Form method="post" action={edit}>
            <input type="hidden" name="intent" value="delete-session" />
            <input type="hidden" name="sessionId" value={session.id} />
            <button type="submit" className="button button-danger">
              {t('console.deleteSessionConfirm', { number: session.number })}
            </button>
          </Form>
        )}
        <Link to={edit} className="button">
          {t('console.deleteSessionKeep')}
        </Link>
      </div>
    </section>
  )
}
