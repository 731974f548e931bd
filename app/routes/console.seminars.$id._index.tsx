import { requireAccess } from '~/modules/accounts/access.server'
import {
  createCheckinHelper,
  defaultLinkDay,
  listCheckinHelpers,
  revokeCheckinHelper,
} from '~/modules/accounts/checkin-helpers.server'
import { roleMay } from '~/modules/accounts/permissions'
import { slipQrDataUrl } from '~/modules/registration/slip.server'
import { env } from '~/utils/env.server'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { RegistrationWindow, SessionTime } from '~/components/seminar-bits'
import { setRegistrationRole } from '~/modules/attendance/roles.server'
import { seminarMessages } from '~/modules/mail/organizer.server'
import { retryMessage } from '~/modules/mail/worker.server'
import { reissueLink } from '~/modules/registration/reissue.server'
import { jsicLabel } from '~/modules/registration/jsic'
import { getSeminarForConsole, listRegistrations, setPublished } from '~/modules/scheduling/admin.server'
import { availability } from '~/modules/scheduling/availability'
import { recordChange } from '~/modules/audit/security-log.server'
import { db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, 'seminars.read', { seminarId: params.id ?? '' })
  const seminar = await getSeminarForConsole(db(), params.id ?? '')
  if (!seminar) throw new Response('Not found', { status: 404 })
  const registrations = await listRegistrations(db(), seminar.id)
  const messages = await seminarMessages(db(), seminar.id)
  const may = {
    manage: roleMay(user.role, 'seminars.manage'),
    checkin: roleMay(user.role, 'checkin'),
    deletePersonalData: roleMay(user.role, 'personal-data.export'),
  }
  return {
    seminar,
    seats: availability(seminar, new Date()),
    registrations,
    messages,
    may,
    helpers: may.manage ? await listCheckinHelpers(db(), seminar.id) : [],
    helperDefaultDay: await defaultLinkDay(db(), seminar.id),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAccess(request, 'seminars.manage', { seminarId: params.id ?? '' })
  const form = await request.formData()
  const intent = form.get('intent')
  const id = params.id ?? ''
  if (intent === 'retry-mail') {
    await retryMessage(db(), String(form.get('messageId')), id)
    return redirect(`/console/seminars/${id}?msg=mail.retrying`)
  }
  if (intent === 'reissue') {
    await reissueLink(db(), {
      registrationId: String(form.get('registrationId')),
      seminarId: id,
      userId: user.id,
    }).catch((error: unknown) => {
      if (!isAppError(error)) throw error
      throw new Response('Not found', { status: 404 })
    })
    return redirect(`/console/seminars/${id}?msg=mail.reissued`)
  }
  if (intent === 'create-helper') {
    const label = String(form.get('label') ?? '')
    const validUntilDay = String(form.get('validUntil') ?? '')
    try {
      const helper = await createCheckinHelper(db(), { seminarId: id, label, validUntilDay, createdById: user.id })
      const url = new URL(`/checkin/${helper.token}`, env().APP_URL).href
      // The link is shown once: only its hash is kept.
      return data({ helperLink: { url, label, qr: await slipQrDataUrl(url) } })
    } catch (error) {
      if (isAppError(error, 'HELPER_LABEL') || isAppError(error, 'HELPER_VALID_UNTIL'))
        return data({ helperError: error.code, label, validUntil: validUntilDay }, { status: 400 })
      throw error
    }
  }
  if (intent === 'revoke-helper') {
    const ok = await revokeCheckinHelper(db(), {
      seminarId: id,
      helperId: String(form.get('helperId')),
      actorId: user.id,
    })
    if (!ok) throw new Response('Not found', { status: 404 })
    return redirect(`/console/seminars/${id}?msg=helper.revoked`)
  }
  if (intent === 'role') {
    const role = String(form.get('role'))
    if (role !== 'PARTICIPANT' && role !== 'SPEAKER' && role !== 'STAFF')
      throw new Response('Bad request', { status: 400 })
    const registrationId = String(form.get('registrationId'))
    const owned = await db().registration.count({ where: { id: registrationId, seminarId: id } })
    if (!owned) throw new Response('Not found', { status: 404 })
    await setRegistrationRole(db(), { registrationId, role, userId: user.id })
    return redirect(`/console/seminars/${id}?msg=console.saved`)
  }
  if (intent !== 'publish' && intent !== 'unpublish') throw new Response('Bad request', { status: 400 })
  try {
    await setPublished(db(), id, intent === 'publish')
    await recordChange(db(), intent === 'publish' ? 'seminar.publish' : 'seminar.unpublish', user, 'Seminar', id)
  } catch (error) {
    if (isAppError(error, 'SESSION_REQUIRED')) return redirect(`/console/seminars/${id}?msg=errors.SESSION_REQUIRED`)
    throw error
  }
  return redirect(`/console/seminars/${id}?msg=${intent === 'publish' ? 'console.published' : 'console.unpublished'}`)
}

export default function ConsoleSeminar() {
  const { seminar, seats, registrations, messages, may, helpers, helperDefaultDay } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const lang = useLang()
  const confirmed = registrations.filter((r) => r.status === 'CONFIRMED')
  const waiting = registrations.filter((r) => r.status === 'WAITLISTED')
  const cancelled = registrations.filter((r) => r.status === 'CANCELLED')
  // Already anonymized: nothing personal left to delete.
  const deleteLink = (r: { id: string; anonymizedAt: string | Date | null }) =>
    r.anonymizedAt || !may.deletePersonalData ? null : (
      <Link to={`/console/seminars/${seminar.id}/registrations/${r.id}/delete`}>{t('privacy.deleteLink')}</Link>
    )
  const cancelLink = (r: { id: string; anonymizedAt: string | Date | null }) => (
    <span className="row-actions">
      {may.manage ? (
        <Link to={`/console/seminars/${seminar.id}/registrations/${r.id}/cancel`}>{t('console.cancelOnBehalf')}</Link>
      ) : null}
      {r.anonymizedAt || !may.manage ? null : (
        <Form method="post">
          <input type="hidden" name="intent" value="reissue" />
          <input type="hidden" name="registrationId" value={r.id} />
          <button type="submit" className="link-button">
            {t('mail.reissue')}
          </button>
        </Form>
      )}
      {deleteLink(r)}
    </span>
  )
  return (
    <section>
      <p>
        <Link to="/console">← {t('console.backToList')}</Link>
      </p>
      <h1>{seminar.title}</h1>
      <div className="actions">
        <span className="chip">{t(`console.status.${seminar.status}`)}</span>
        {may.manage ? (
          <Link to={`/console/seminars/${seminar.id}/edit`} className="button">
            {t('console.edit')}
          </Link>
        ) : null}
        {may.manage && seminar.status !== 'CANCELLED' ? (
          <Form method="post">
            <input type="hidden" name="intent" value={seminar.status === 'PUBLISHED' ? 'unpublish' : 'publish'} />
            <button type="submit" className={seminar.status === 'PUBLISHED' ? 'button' : 'button button-primary'}>
              {seminar.status === 'PUBLISHED' ? t('console.unpublish') : t('console.publish')}
            </button>
          </Form>
        ) : null}
        {seminar.status === 'PUBLISHED' ? <Link to={`/seminars/${seminar.id}`}>{t('console.viewPublic')}</Link> : null}
        <Link to={`/console/seminars/${seminar.id}/attendance`}>{t('console.attendance')}</Link>
        {may.manage ? <Link to={`/console/seminars/${seminar.id}/message`}>{t('mail.compose')}</Link> : null}
        {may.manage && seminar.status !== 'CANCELLED' ? (
          <Link to={`/console/seminars/${seminar.id}/cancel`}>{t('mail.cancelSeminar')}</Link>
        ) : null}
      </div>
      <dl className="facts">
        <dt>{t('console.field.program')}</dt>
        <dd>{seminar.program.name}</dd>
        <dt>{t('console.sessions')}</dt>
        <dd>
          {seminar.sessions.length === 0 ? (
            t('console.noSessions')
          ) : (
            <ol className="sessions compact">
              {seminar.sessions.map((s) => (
                <li key={s.id}>
                  {t('seminar.session', { number: s.number })}{' '}
                  <SessionTime startsAt={s.startsAt} endsAt={s.endsAt} lang={lang} />{' '}
                  {may.checkin ? (
                    <>
                      <Link to={`/console/sessions/${s.id}/checkin`}>{t('console.checkin')}</Link> ·{' '}
                    </>
                  ) : null}
                  <Link to={`/console/sessions/${s.id}/attendance`}>{t('console.attendance')}</Link>
                </li>
              ))}
            </ol>
          )}
        </dd>
        <dt>{t('console.capacitySummary')}</dt>
        <dd>
          {seats.modes.map((m) => (
            <div key={m.mode}>
              {t(`mode.${m.mode}`)}: {m.mode === 'IN_PERSON' ? seminar.seatsTakenInPerson : seminar.seatsTakenOnline} /{' '}
              {m.capacity ?? t('seminar.unlimited')}
            </div>
          ))}
          <div className="muted">
            {t('console.confirmedCount', { count: confirmed.length })} ·{' '}
            {t('console.waitlistCount', { count: waiting.length })}
          </div>
        </dd>
        <dt>{t('mail.messages')}</dt>
        <dd>{t('mail.summary', { sent: messages.sent, pending: messages.pending, failed: messages.failed.length })}</dd>
        <dt>{t('seminar.window')}</dt>
        <dd>
          <RegistrationWindow
            opensAt={seminar.registrationOpensAt}
            closesAt={seminar.registrationClosesAt}
            lang={lang}
          />
        </dd>
      </dl>

      {messages.failed.length > 0 ? (
        <>
          <h2>{t('mail.failedTitle')}</h2>
          <p>{t('mail.failedLead')}</p>
          <div className="table-wrap">
            <table className="data" aria-label={t('mail.failedTitle')}>
              <thead>
                <tr>
                  <th scope="col">{t('form.name')}</th>
                  <th scope="col">{t('form.email')}</th>
                  <th scope="col">{t('mail.kind')}</th>
                  <th scope="col">{t('mail.error')}</th>
                  <th scope="col">{t('console.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {messages.failed.map((m) => (
                  <tr key={m.id}>
                    <td>{m.registration?.name}</td>
                    <td>{m.registration?.email}</td>
                    <td>{t(`mail.kind.${m.kind}`)}</td>
                    <td>
                      <small>{m.lastError}</small>
                    </td>
                    <td>
                      {may.manage ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="retry-mail" />
                          <input type="hidden" name="messageId" value={m.id} />
                          <button type="submit" className="link-button">
                            {t('mail.retry')}
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      <h2>
        {t('console.registrations')} ({confirmed.length})
      </h2>
      {confirmed.length === 0 ? (
        <p>{t('console.noRegistrations')}</p>
      ) : (
        <div className="table-wrap">
          <table className="data" aria-label={t('console.registrations')}>
            <thead>
              <tr>
                <th scope="col">{t('form.name')}</th>
                <th scope="col">{t('console.organization')}</th>
                <th scope="col">{t('form.email')}</th>
                <th scope="col">{t('console.mode')}</th>
                <th scope="col">{t('console.industry')}</th>
                <th scope="col">{t('console.inCity')}</th>
                <th scope="col">{t('console.code')}</th>
                <th scope="col">{t('console.registeredAt')}</th>
                <th scope="col">{t('console.role')}</th>
                <th scope="col">{t('console.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {confirmed.map((r) => (
                <tr key={r.id}>
                  <td>
                    {r.name}
                    <div className="muted">{r.furigana}</div>
                  </td>
                  <td>{r.organizationName ?? ''}</td>
                  <td>{r.email}</td>
                  <td>{t(`mode.${r.mode}`)}</td>
                  <td>{jsicLabel(r.industry, lang)}</td>
                  <td>
                    {r.inCity === null ? t('form.inCityUnknown') : r.inCity ? t('form.inCityYes') : t('form.inCityNo')}
                  </td>
                  <td>
                    <code>{r.code}</code>
                  </td>
                  <td>{formatDateTime(new Date(r.createdAt), lang)}</td>
                  <td>
                    {may.manage ? (
                      <Form method="post" className="role-form">
                        <input type="hidden" name="intent" value="role" />
                        <input type="hidden" name="registrationId" value={r.id} />
                        <select name="role" defaultValue={r.role} aria-label={`${t('console.role')}: ${r.name}`}>
                          {(['PARTICIPANT', 'SPEAKER', 'STAFF'] as const).map((role) => (
                            <option key={role} value={role}>
                              {t(`console.role.${role}`)}
                            </option>
                          ))}
                        </select>{' '}
                        <button type="submit" className="link-button">
                          {t('console.save')}
                        </button>
                      </Form>
                    ) : (
                      t(`console.role.${r.role}`)
                    )}
                  </td>
                  <td>{cancelLink(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>
        {t('console.waitlist')} ({waiting.length})
      </h2>
      {waiting.length === 0 ? null : (
        <div className="table-wrap">
          <table className="data" aria-label={t('console.waitlist')}>
            <thead>
              <tr>
                <th scope="col">{t('console.position')}</th>
                <th scope="col">{t('form.name')}</th>
                <th scope="col">{t('console.organization')}</th>
                <th scope="col">{t('form.email')}</th>
                <th scope="col">{t('console.mode')}</th>
                <th scope="col">{t('console.registeredAt')}</th>
                <th scope="col">{t('console.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {waiting.map((r) => (
                <tr key={r.id}>
                  <td>{r.waitlistPosition}</td>
                  <td>{r.name}</td>
                  <td>{r.organizationName ?? ''}</td>
                  <td>{r.email}</td>
                  <td>{t(`mode.${r.mode}`)}</td>
                  <td>{formatDateTime(new Date(r.createdAt), lang)}</td>
                  <td>{cancelLink(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {cancelled.length > 0 ? (
        <>
          <h2>
            {t('console.cancelledList')} ({cancelled.length})
          </h2>
          <div className="table-wrap">
            <table className="data" aria-label={t('console.cancelledList')}>
              <thead>
                <tr>
                  <th scope="col">{t('form.name')}</th>
                  <th scope="col">{t('form.email')}</th>
                  <th scope="col">{t('manage.cancelledAt')}</th>
                  <th scope="col">{t('console.cancelledBy')}</th>
                  <th scope="col">{t('console.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {cancelled.map((r) => (
                  <tr key={r.id}>
                    <td>{r.name}</td>
                    <td>{r.email}</td>
                    <td>{r.cancelledAt ? formatDateTime(new Date(r.cancelledAt), lang) : ''}</td>
                    <td>{r.cancelledBy ? t(`console.cancelledBy.${r.cancelledBy}`) : ''}</td>
                    <td>{deleteLink(r)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      {may.manage ? <CheckinHelpers helpers={helpers} defaultDay={helperDefaultDay} actionData={actionData} /> : null}
    </section>
  )
}

type HelperActionData =
  | { helperLink: { url: string; label: string; qr: string } }
  | { helperError: string; label: string; validUntil: string }
  | undefined

/** Links for people helping at the door: made here, shown once, ended here. */
function CheckinHelpers({
  helpers,
  defaultDay,
  actionData,
}: {
  helpers: { id: string; name: string; accessExpiresAt: string | Date | null; disabledAt: string | Date | null }[]
  defaultDay: string
  actionData: HelperActionData
}) {
  const t = useT()
  const lang = useLang()
  const created = actionData && 'helperLink' in actionData ? actionData.helperLink : null
  const failed = actionData && 'helperError' in actionData ? actionData : null
  const now = Date.now()
  return (
    <>
      <h2 id="helpers">{t('helper.title')}</h2>
      <p>{t('helper.lead')}</p>
      {created ? (
        <div className="notice helper-link" role="status">
          <p>{t('helper.created', { label: created.label })}</p>
          <img src={created.qr} alt={t('helper.qrAlt')} width={200} height={200} />
          <p>
            <input type="text" readOnly value={created.url} aria-label={t('helper.createdLink')} className="wide" />
          </p>
          <p className="muted">{t('helper.shownOnce')}</p>
        </div>
      ) : null}
      <Form method="post" className="form inline-form" aria-label={t('helper.create')}>
        <input type="hidden" name="intent" value="create-helper" />
        {failed ? (
          <p className="error-summary" role="alert">
            {t(failed.helperError === 'HELPER_LABEL' ? 'errors.HELPER_LABEL' : 'errors.HELPER_VALID_UNTIL')}
          </p>
        ) : null}
        <label>
          {t('helper.label')}{' '}
          <input
            name="label"
            required
            maxLength={50}
            defaultValue={failed?.label ?? t('helper.defaultLabel')}
            aria-invalid={failed?.helperError === 'HELPER_LABEL' || undefined}
          />
        </label>{' '}
        <label>
          {t('helper.validUntilLabel')}{' '}
          <input
            type="date"
            name="validUntil"
            required
            defaultValue={failed?.validUntil ?? defaultDay}
            aria-invalid={failed?.helperError === 'HELPER_VALID_UNTIL' || undefined}
          />
        </label>{' '}
        <button type="submit" className="button">
          {t('helper.create')}
        </button>
      </Form>
      {helpers.length > 0 ? (
        <div className="table-wrap">
          <table className="data" aria-label={t('helper.title')}>
            <thead>
              <tr>
                <th scope="col">{t('helper.nameColumn')}</th>
                <th scope="col">{t('helper.validUntilLabel')}</th>
                <th scope="col">{t('manage.status')}</th>
                <th scope="col">{t('console.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {helpers.map((h) => {
                const expired = !h.accessExpiresAt || new Date(h.accessExpiresAt).getTime() <= now
                const state = h.disabledAt ? 'revoked' : expired ? 'expired' : 'active'
                return (
                  <tr key={h.id}>
                    <td>{h.name}</td>
                    <td>{h.accessExpiresAt ? formatDateTime(new Date(h.accessExpiresAt), lang) : ''}</td>
                    <td>{t(`helper.state.${state}`)}</td>
                    <td>
                      {state === 'active' ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="revoke-helper" />
                          <input type="hidden" name="helperId" value={h.id} />
                          <button type="submit" className="link-button danger">
                            {t('helper.revoke')}
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  )
}
