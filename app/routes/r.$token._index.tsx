import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ReceptionSlip, RegistrationDetails } from '~/components/registration-view'
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

export async function loader({ params }: LoaderFunctionArgs) {
  // A group's contact person also sees (and may cancel) the people they registered.
  return ownRegistrationWithGroup(db(), requireParam(params, 'token'))
}

export default function ManageRegistration() {
  const { registration: r, token, group } = useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  return (
    <article className="manage">
      <h1>{t('manage.title')}</h1>
      {r.status === 'CANCELLED' ? (
        <p className="notice" role="status">
          {t('manage.cancelled')}
        </p>
      ) : null}
      <ReceptionSlip code={r.code} qr={r.qr} t={t} />
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
            <Link to={`/r/${token}/cancel`} className="button button-danger">
              {t('manage.cancel')}
            </Link>
          </p>
        </>
      )}
    </article>
  )
}
