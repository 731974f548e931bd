import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { RegistrationDetails, SlipOrWaiting } from '~/components/registration-view'
import { GroupMembers } from '~/components/registration/group-list'
import { ownRegistrationWithGroup } from '~/modules/registration/group.server'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { requireParam } from '~/utils/route.server'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'manage.title') },
  { name: 'robots', content: 'noindex' },
]

export const headers = () => ({ 'Cache-Control': 'private, no-store' })

/** After a change (/r/:token/change), what it did. */
const CHANGED = ['done', 'waitlisted', 'none'] as const

export async function loader({ request, params }: LoaderFunctionArgs) {
  // A group's contact person also sees (and may cancel) the people they registered.
  const own = await ownRegistrationWithGroup(db(), requireParam(params, 'token'))
  const changed = new URL(request.url).searchParams.get('changed')
  return { ...own, changed: CHANGED.find((c) => c === changed) ?? null }
}

export default function ManageRegistration() {
  const { registration: r, token, group, changed } = useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  return (
    <article className="manage">
      <h1>{t('manage.title')}</h1>
      {r.status === 'CANCELLED' ? (
        <p className="notice" role="status">
          {t('manage.cancelled')}
        </p>
      ) : changed ? (
        <p className="notice" role="status">
          {changed === 'none'
            ? t('change.nothing')
            : changed === 'waitlisted' && r.status === 'WAITLISTED'
              ? t('change.doneWaitlisted', { position: r.waitlistPosition ?? '' })
              : t('change.done')}
        </p>
      ) : null}
      <SlipOrWaiting r={r} t={t} />
      <RegistrationDetails r={r} t={t} lang={lang} />
      {group ? (
        <section aria-labelledby="group-title">
          <h2 id="group-title">{t('manage.group.title')}</h2>
          <p>{t('manage.group.intro', { n: group.members.length })}</p>
          <GroupMembers members={group.members} t={t} />
          {group.members.some((m) => m.status !== 'CANCELLED') ? (
            <p>
              <Link to={`/r/${token}/group`}>{t('manage.group.manage')}</Link>
            </p>
          ) : null}
        </section>
      ) : null}
      {r.status === 'CANCELLED' ? (
        <p>
          <Link to={`/seminars/${r.seminar.id}`}>{t('manage.registerAgain')}</Link>
        </p>
      ) : (
        <>
          <p>
            <a href={`/r/${token}/calendar.ics`}>{t('calendar.add')}</a>
          </p>
          <p>
            <Link to={`/r/${token}/change`} className="button">
              {t('manage.change')}
            </Link>
          </p>
          <p>
            <Link to={`/r/${token}/cancel`} className="button button-danger">
              {t('manage.cancel')}
            </Link>
          </p>
        </>
      )}
    </article>
  )
}
