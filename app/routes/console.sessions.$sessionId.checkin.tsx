import { requireAccess } from '~/modules/accounts/access.server'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { QrScanner } from '~/components/qr-scanner'
import { SessionTime } from '~/components/seminar-bits'
import { RecentCheckIns, SearchResults } from '~/components/checkin/door-lists'
import { ResultBanner, type DoorResult } from '~/components/checkin/result-banner'
import { checkIn, codeSource } from '~/modules/attendance/checkin.server'
import { doorPage, undoDoorCheckIn } from '~/modules/attendance/console-pages.server'
import { DoorSchema, DoorSearchSchema, searchOf } from '~/modules/attendance/forms'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { requireIntent, requireParam } from '~/utils/route.server'
import { formatDate } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'checkin.title') }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const sessionId = requireParam(params, 'sessionId')
  const user = await requireAccess(request, 'checkin', { sessionId })
  return doorPage(db(), user, sessionId, searchOf(request.url, DoorSearchSchema))
}

export async function action({ request, params }: ActionFunctionArgs): Promise<DoorResult> {
  const sessionId = requireParam(params, 'sessionId')
  const user = await requireAccess(request, 'checkin', { sessionId })
  const door = requireIntent(await request.formData(), DoorSchema)
  if (door.intent === 'undo') {
    return { undone: await undoDoorCheckIn(db(), { sessionId, registrationId: door.registrationId, userId: user.id }) }
  }
  // A session that is not today asks first; the confirmation comes back with notToday=confirmed.
  const common = {
    sessionId,
    userId: user.id,
    helper: user.role === 'CHECKIN',
    notToday: door.notToday === 'confirmed' ? ('proceed' as const) : ('ask' as const),
  }
  return {
    outcome: await checkIn(
      db(),
      door.intent === 'pick'
        ? { ...common, registrationId: door.registrationId, source: door.via }
        : { ...common, code: door.code, source: codeSource(door.code, door.intent === 'scan' ? 'camera' : 'field') },
    ),
  }
}

export default function CheckInPage() {
  const { session, counts, q, search, recent, mayReadList, isToday, today, todaySession } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const scan = useFetcher<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const lang = useLang()
  const codeInput = useRef<HTMLInputElement>(null)
  // The newest result: a camera scan (fetcher) or a form on this page, whichever answered last.
  const [scanIsNewer, setScanIsNewer] = useState(false)
  useEffect(() => setScanIsNewer(Boolean(scan.data)), [scan.data])
  useEffect(() => setScanIsNewer(false), [actionData])
  const result = scanIsNewer && scan.state === 'idle' && scan.data ? scan.data : actionData
  // Once a code is answered the field is emptied for the next slip — unless the next slip was
  // already typed or scanned into it while the answer was on its way.
  const sentCode = useRef<string | null>(null)
  const sending = navigation.formData?.get('code')
  useEffect(() => {
    if (typeof sending === 'string') sentCode.current = sending
  }, [sending])
  useEffect(() => {
    if (navigation.state !== 'idle' || !codeInput.current) return
    if (codeInput.current.value === sentCode.current) codeInput.current.value = ''
    sentCode.current = null
  }, [navigation.state, actionData])

  return (
    <section className="checkin">
      <h1>
        {t('checkin.title')}: {session.seminar.title}
      </h1>
      <p>
        {session.seminar._count.sessions > 1 ? (
          <strong>{t('seminar.session', { number: session.number })} </strong>
        ) : null}
        <SessionTime startsAt={session.startsAt} endsAt={session.endsAt} lang={lang} />
      </p>
      {isToday ? null : (
        <p className="notice" data-testid="not-today-notice">
          {t('checkin.notTodayNotice', { today: formatDate(new Date(today), lang) })}
          {todaySession ? (
            <>
              {' '}
              <Link to={`/console/sessions/${todaySession.id}/checkin`}>
                {t('checkin.todaySession', { n: todaySession.number })}
              </Link>
            </>
          ) : null}
        </p>
      )}
      <p className="counter" aria-live="polite" data-testid="checkin-counter">
        {t('checkin.counter', counts)}
      </p>
      <ResultBanner result={result} t={t} lang={lang} />

      <div className="panel">
        <QrScanner t={t} onCode={(code) => scan.submit({ intent: 'scan', code }, { method: 'post' })} />
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="code" />
          <label htmlFor="code">{t('checkin.codeLabel')}</label>
          <div className="row">
            <input
              ref={codeInput}
              id="code"
              name="code"
              type="text"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              inputMode="text"
              required
            />
            <button type="submit" className="button button-primary">
              {t('checkin.submit')}
            </button>
          </div>
        </Form>
      </div>

      <div className="panel">
        <Form method="get" className="inline-form" role="search">
          <label htmlFor="q">{t('checkin.searchLabel')}</label>
          <div className="row">
            <input id="q" name="q" type="search" defaultValue={q} />
            <button type="submit" className="button">
              {t('checkin.search')}
            </button>
          </div>
        </Form>
        <SearchResults search={search} />
      </div>

      <RecentCheckIns recent={recent} />
      <div className="actions">
        <Link to={`/console/sessions/${session.id}/walk-in`} className="button">
          {t('checkin.walkIn')}
        </Link>
        {mayReadList ? (
          <Link to={`/console/sessions/${session.id}/attendance`}>{t('checkin.attendanceList')}</Link>
        ) : null}
      </div>
    </section>
  )
}
