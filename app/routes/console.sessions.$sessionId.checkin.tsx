import { roleMay } from '~/modules/accounts/permissions'
import { requireAccess } from '~/modules/accounts/access.server'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { QrScanner } from '~/components/qr-scanner'
import { SessionTime } from '~/components/seminar-bits'
import {
  checkIn,
  getSessionForCheckIn,
  recentCheckIns,
  doorSearch,
  sessionCounts,
  undoCheckIn,
  type CheckInOutcome,
} from '~/modules/attendance/checkin.server'
import { db } from '~/utils/db.server'
import type { T } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { formatDate, formatTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'checkin.title') }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, 'checkin', { sessionId: params.sessionId ?? '' })
  const session = await getSessionForCheckIn(db(), params.sessionId ?? '').catch(() => null)
  if (!session) throw new Response('Not found', { status: 404 })
  const q = new URL(request.url).searchParams.get('q')?.trim() ?? ''
  const helper = user.role === 'CHECKIN'
  const [counts, search, recent] = await Promise.all([
    sessionCounts(db(), session.id, session.seminar.id),
    q
      ? doorSearch(db(), { sessionId: session.id, seminarId: session.seminar.id, query: q, helper, userId: user.id })
      : Promise.resolve(null),
    recentCheckIns(db(), session.id, 10, { withCodes: !helper }),
  ])
  // Check-in helpers see the door, not the lists.
  return { session, counts, q, search, recent, mayReadList: roleMay(user.role, 'seminars.read') }
}

type ActionResult = { outcome: CheckInOutcome } | { undone: { name: string } | null }

export async function action({ request, params }: ActionFunctionArgs): Promise<ActionResult> {
  const user = await requireAccess(request, 'checkin', { sessionId: params.sessionId ?? '' })
  const form = await request.formData()
  const sessionId = params.sessionId ?? ''
  const intent = form.get('intent')
  const registrationId = String(form.get('registrationId') ?? '')
  if (intent === 'undo') {
    const person = await db().registration.findUnique({ where: { id: registrationId }, select: { name: true } })
    const undone = await undoCheckIn(db(), { sessionId, registrationId, userId: user.id })
    return { undone: undone && person ? { name: person.name } : null }
  }
  const outcome =
    intent === 'pick'
      ? await checkIn(db(), {
          sessionId,
          registrationId,
          source: 'SEARCH',
          userId: user.id,
          helper: user.role === 'CHECKIN',
        })
      : await checkIn(db(), {
          sessionId,
          code: String(form.get('code') ?? ''),
          source: 'QR',
          userId: user.id,
          helper: user.role === 'CHECKIN',
        })
  return { outcome }
}

function outcomeMessage(o: CheckInOutcome, t: T, lang: 'ja' | 'en'): string {
  switch (o.outcome) {
    case 'CHECKED_IN':
      return t('checkin.outcome.CHECKED_IN', { name: o.person.name })
    case 'ALREADY':
      return o.by
        ? t('checkin.outcome.ALREADY', { name: o.person.name, time: formatTime(new Date(o.at), lang), by: o.by })
        : t('checkin.outcome.ALREADY_NOBODY', { name: o.person.name, time: formatTime(new Date(o.at), lang) })
    case 'CANCELLED':
      return t('checkin.outcome.CANCELLED', { name: o.person.name })
    case 'WAITLISTED':
      return t('checkin.outcome.WAITLISTED', { name: o.person.name, position: o.person.waitlistPosition ?? '' })
    case 'OTHER_SEMINAR':
      return t('checkin.outcome.OTHER_SEMINAR', {
        title: o.seminarTitle,
        date: o.firstSessionAt ? formatDate(new Date(o.firstSessionAt), lang) : '',
      })
    case 'NOT_FOUND':
      return t('checkin.outcome.NOT_FOUND', { code: o.code })
    case 'RATE_LIMITED':
      return t('checkin.outcome.RATE_LIMITED')
  }
}

function ResultBanner({ result, t, lang }: { result: ActionResult | undefined; t: T; lang: 'ja' | 'en' }) {
  if (!result) return null
  if ('undone' in result) {
    return result.undone ? (
      <p className="result result-info" role="status">
        {t('checkin.outcome.UNDONE', { name: result.undone.name })}
      </p>
    ) : null
  }
  const o = result.outcome
  const ok = o.outcome === 'CHECKED_IN'
  return (
    <p
      className={`result ${ok ? 'result-ok' : o.outcome === 'ALREADY' ? 'result-warn' : 'result-error'}`}
      role={ok ? 'status' : 'alert'}
      data-testid="checkin-result"
    >
      {outcomeMessage(o, t, lang)}
      {'person' in o && o.person.organizationName ? <span className="muted"> {o.person.organizationName}</span> : null}
    </p>
  )
}

export default function CheckInPage() {
  const { session, counts, q, search, recent, mayReadList } = useLoaderData<typeof loader>()
  const results = search?.state === 'FOUND' ? search.people : null
  const actionData = useActionData<typeof action>()
  const scan = useFetcher<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const lang = useLang()
  const codeInput = useRef<HTMLInputElement>(null)
  // The newest result: a camera scan (fetcher) or a form on this page.
  const result = scan.state === 'idle' && scan.data ? scan.data : actionData
  useEffect(() => {
    if (navigation.state === 'idle' && codeInput.current) codeInput.current.value = ''
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
      <p className="counter" aria-live="polite" data-testid="checkin-counter">
        {t('checkin.counter', counts)}
      </p>
      <ResultBanner result={result} t={t} lang={lang} />

      <div className="panel">
        <QrScanner t={t} onCode={(code) => scan.submit({ intent: 'code', code }, { method: 'post' })} />
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
        {search?.state === 'TOO_SHORT' ? (
          <p role="status">{t('checkin.searchTooShort')}</p>
        ) : search?.state === 'RATE_LIMITED' ? (
          <p role="alert">{t('checkin.outcome.RATE_LIMITED')}</p>
        ) : null}
        {search?.state === 'FOUND' && search.more ? (
          <p role="status">{t('checkin.tooManyResults', { count: search.people.length })}</p>
        ) : null}
        {results ? (
          results.length === 0 ? (
            <p>{t('checkin.noResults')}</p>
          ) : (
            <ul className="people" aria-label={t('checkin.search')}>
              {results.map((p) => (
                <li key={p.id}>
                  <div>
                    <strong>{p.name}</strong> <span className="muted">{p.furigana}</span>
                    <div className="muted">
                      {p.organizationName ?? ''} {p.code ? <code>{p.code}</code> : null}
                    </div>
                  </div>
                  {p.status !== 'CONFIRMED' ? (
                    <span className="chip">{t(`checkin.status.${p.status}`)}</span>
                  ) : p.attendance ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="undo" />
                      <input type="hidden" name="registrationId" value={p.id} />
                      <span className="done-mark">
                        {t('checkin.checkedInAt', { time: formatTime(new Date(p.attendance.checkedInAt), lang) })}
                      </span>{' '}
                      <button
                        type="submit"
                        className="link-button danger"
                        aria-label={`${t('checkin.undo')}: ${p.name}`}
                      >
                        {t('checkin.undo')}
                      </button>
                    </Form>
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="pick" />
                      <input type="hidden" name="registrationId" value={p.id} />
                      <button
                        type="submit"
                        className="button button-primary"
                        aria-label={`${t('checkin.checkInButton')}: ${p.name}`}
                      >
                        {t('checkin.checkInButton')}
                      </button>
                    </Form>
                  )}
                </li>
              ))}
            </ul>
          )
        ) : null}
      </div>

      <h2>{t('checkin.recent')}</h2>
      {recent.length === 0 ? (
        <p>{t('checkin.noneYet')}</p>
      ) : (
        <ul className="people" aria-label={t('checkin.recent')}>
          {recent.map((a) => (
            <li key={a.registration.id}>
              <div>
                <strong>{a.registration.name}</strong>{' '}
                <span className="muted">{a.registration.organizationName ?? ''}</span>
                <div className="muted">
                  {formatTime(new Date(a.checkedInAt), lang)} · {t(`source.${a.source}`)}
                  {a.recordedBy ? ` · ${a.recordedBy.name}` : ''}
                </div>
              </div>
              <Form method="post">
                <input type="hidden" name="intent" value="undo" />
                <input type="hidden" name="registrationId" value={a.registration.id} />
                <button
                  type="submit"
                  className="link-button danger"
                  aria-label={`${t('checkin.undo')}: ${a.registration.name}`}
                >
                  {t('checkin.undo')}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
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
