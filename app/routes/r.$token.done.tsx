import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { LotteryState, RegistrationDetails, SlipOrWaiting } from '~/components/registration-view'
import { ownRegistrationOr404 } from '~/modules/registration/manage.server'
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
  return ownRegistrationOr404(db(), requireParam(params, 'token'))
}

export default function RegistrationDone() {
  const { registration: r, token } = useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  const waitlisted = r.status === 'WAITLISTED'
  return (
    <article className="done">
      <h1>
        {r.status === 'APPLIED'
          ? t('lotteryEntry.appliedTitle')
          : waitlisted
            ? t('done.waitlistedTitle')
            : r.status === 'CANCELLED'
              ? t('manage.cancelled')
              : t('done.confirmedTitle')}
      </h1>
      <p className="lead" role="status">
        {waitlisted
          ? t('done.waitlistedBody', { position: r.waitlistPosition ?? '' })
          : r.status === 'CONFIRMED'
            ? t('done.confirmedBody')
            : null}
      </p>
      {/* A lottery application: waiting for the draw on its date (or what the draw gave it). */}
      <LotteryState r={r} draw={r.lottery} t={t} lang={lang} />
      <SlipOrWaiting r={r} t={t} />
      <RegistrationDetails r={r} t={t} lang={lang} />
      <section className="panel">
        <p>{t('done.manageLink')}</p>
        <p>
          <Link to={`/r/${token}`} className="button">
            {t('done.openManage')}
          </Link>
        </p>
      </section>
    </article>
  )
}
