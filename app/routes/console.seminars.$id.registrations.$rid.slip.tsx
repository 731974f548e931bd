import { requireAccess } from '~/modules/accounts/access.server'
import { useEffect, useState } from 'react'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { ReceptionSlip } from '~/components/registration-view'
import { registrationSlip } from '~/modules/registration/on-behalf.server'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { requireParam } from '~/utils/route.server'
import { formatDateTime, formatTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'slip.title') }]

/** The reception slip staff print for someone who applied by phone or on paper (the QR is a door secret). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  await requireAccess(request, 'seminars.manage', { seminarId })
  return registrationSlip(db(), seminarId, requireParam(params, 'rid'))
}

export default function PrintableSlip() {
  const slip = useLoaderData<typeof loader>()
  const [search] = useSearchParams()
  const entered = search.get('entered')
  const t = useT()
  const lang = useLang()
  // The button needs JavaScript; without it the browser's own print command prints the slip alone.
  const [canPrint, setCanPrint] = useState(false)
  useEffect(() => setCanPrint(true), [])
  return (
    <section className="printable-slip">
      <div className="no-print">
        <p>
          <Link to={`/console/seminars/${slip.seminar.id}`}>← {slip.seminar.title}</Link>
        </p>
        {entered ? (
          <div className="notice" role="status">
            <p>
              {slip.status === 'WAITLISTED'
                ? t('onBehalf.doneWaitlisted', { name: slip.name, position: slip.waitlistPosition ?? '' })
                : t('onBehalf.doneConfirmed', { name: slip.name })}{' '}
              {entered === 'mailed' ? t('onBehalf.mailed') : t('onBehalf.notMailed')}
            </p>
            <p>
              <Link to={`/console/seminars/${slip.seminar.id}/registrations/new`}>{t('onBehalf.another')}</Link>
            </p>
          </div>
        ) : null}
      </div>
      <h1>{t('slip.title')}</h1>
      <dl className="facts">
        <dt>{t('slip.seminar')}</dt>
        <dd>{slip.seminar.title}</dd>
        <dt>{t('slip.dates')}</dt>
        <dd>
          {slip.seminar.sessions.map((s) => (
            <span key={s.number} className="slip-session">
              {formatDateTime(new Date(s.startsAt), lang)}–{formatTime(new Date(s.endsAt), lang)}
            </span>
          ))}
        </dd>
        {slip.mode === 'IN_PERSON' && slip.seminar.venueName ? (
          <>
            <dt>{t('slip.venue')}</dt>
            <dd>
              {slip.seminar.venueName}
              {slip.seminar.venueAddress ? ` (${slip.seminar.venueAddress})` : ''}
            </dd>
          </>
        ) : null}
        <dt>{t('form.name')}</dt>
        <dd>
          {slip.name}
          {slip.furigana ? ` (${slip.furigana})` : ''}
        </dd>
        {slip.organizationName ? (
          <>
            <dt>{t('console.organization')}</dt>
            <dd>{slip.organizationName}</dd>
          </>
        ) : null}
        <dt>{t('console.mode')}</dt>
        <dd>{t(`attend.${slip.mode}`)}</dd>
        <dt>{t('console.code')}</dt>
        <dd>
          <code>{slip.code}</code>
        </dd>
      </dl>
      {slip.status === 'WAITLISTED' ? (
        <p className="notice">{t('slip.waiting', { position: slip.waitlistPosition ?? '' })}</p>
      ) : slip.status === 'CANCELLED' ? (
        <p className="notice">{t('errors.ALREADY_CANCELLED')}</p>
      ) : (
        <>
          <ReceptionSlip code={slip.code} qr={slip.qr} t={t} />
          <p>{t('slip.hint')}</p>
        </>
      )}
      {slip.qr && canPrint ? (
        <p className="no-print">
          <button type="button" className="button button-primary" onClick={() => window.print()}>
            {t('slip.print')}
          </button>
        </p>
      ) : null}
    </section>
  )
}
