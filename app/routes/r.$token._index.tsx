import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { LotteryState, RegistrationDetails, SlipOrWaiting } from '~/components/registration-view'
import { GroupMembers } from '~/components/registration/group-list'
import { ConfirmWinSchema } from '~/modules/registration/form-schema'
import { ownRegistrationWithGroup } from '~/modules/registration/group.server'
import { confirmOwnWin } from '~/modules/registration/manage.server'
import { currentTime } from '~/utils/clock.server'
import { db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { pageTitle } from '~/utils/meta'
import { requireIntent, requireParam } from '~/utils/route.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'manage.title') },
  { name: 'robots', content: 'noindex' },
]

export const headers = () => ({ 'Cache-Control': 'private, no-store' })

/** After a change (/r/:token/change), what it did. */
const CHANGED = ['done', 'waitlisted', 'none', 'confirmed'] as const

export async function loader({ request, params }: LoaderFunctionArgs) {
  // A group's contact person also sees (and may cancel) the people they registered.
  const own = await ownRegistrationWithGroup(db(), requireParam(params, 'token'))
  const changed = new URL(request.url).searchParams.get('changed')
  // Certificates once the series has begun (docs/decisions/0051-certificates.md): their page says
  // whether attendance is recorded.
  const now = currentTime()
  const certificates =
    own.registration.status === 'CONFIRMED' && own.registration.seminar.sessions.some((s) => s.startsAt <= now)
  return { ...own, changed: CHANGED.find((c) => c === changed) ?? null, certificates }
}

/** A lottery winner confirms their place (POST only: opening the link changes nothing). */
export async function action({ request, params }: ActionFunctionArgs) {
  const token = requireParam(params, 'token')
  requireIntent(await request.formData(), ConfirmWinSchema)
  try {
    await confirmOwnWin(db(), token)
  } catch (error) {
    if (!isAppError(error, 'LOTTERY_CONFIRM_CLOSED')) throw error
    return data({ error: error.messageKey }, { status: error.status })
  }
  return redirect(`/r/${token}?changed=confirmed`)
}

export default function ManageRegistration() {
  const { registration: r, token, group, changed, certificates } = useLoaderData<typeof loader>()
  const refused = useActionData<typeof action>()
  const t = useT()
  const lang = useLang()
  const holdsNothing = r.status === 'CANCELLED' || r.status === 'NOT_SELECTED'
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
            : changed === 'confirmed'
              ? t('lotteryEntry.confirmed')
              : changed === 'waitlisted' && r.status === 'WAITLISTED'
                ? t('change.doneWaitlisted', { position: r.waitlistPosition ?? '' })
                : t('change.done')}
        </p>
      ) : null}
      {refused ? (
        <p className="notice" role="alert">
          {t(refused.error)}
        </p>
      ) : null}
      <LotteryState r={r} draw={r.lottery} t={t} lang={lang} />
      {r.status === 'CONFIRMED' && r.confirmBy ? (
        <section className="panel" aria-labelledby="confirm-title">
          <h2 id="confirm-title">{t('lotteryEntry.confirm')}</h2>
          <p>{t('lotteryEntry.confirmBy', { date: formatDateTime(new Date(r.confirmBy), lang) })}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="confirm" />
            <button type="submit" className="button">
              {t('lotteryEntry.confirm')}
            </button>
          </Form>
        </section>
      ) : null}
      {certificates ? (
        <p>
          <Link to={`/r/${token}/certificate`} className="button button-primary">
            {t('certificate.link')}
          </Link>
        </p>
      ) : null}
      <SlipOrWaiting r={r} t={t} />
      <RegistrationDetails r={r} t={t} lang={lang} />
      {group ? (
        <section aria-labelledby="group-title">
          <h2 id="group-title">{t('manage.group.title')}</h2>
          <p>{t('manage.group.intro', { n: group.members.length })}</p>
          <GroupMembers members={group.members} t={t} />
          {group.members.some((m) => m.status !== 'CANCELLED' && m.status !== 'NOT_SELECTED') ? (
            <p>
              <Link to={`/r/${token}/group`}>{t('manage.group.manage')}</Link>
            </p>
          ) : null}
        </section>
      ) : null}
      {holdsNothing ? (
        <p>
          <Link to={`/seminars/${r.seminar.id}`}>{t('manage.registerAgain')}</Link>
        </p>
      ) : (
        <>
          {r.status !== 'APPLIED' ? (
            <p>
              <a href={`/r/${token}/calendar.ics`}>{t('calendar.add')}</a>
            </p>
          ) : null}
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
