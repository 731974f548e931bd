import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { DateTime } from '~/components/date-time'
import { PageCount, Pager } from '~/components/records/pager'
import { EndpointForm, when } from '~/components/webhooks/endpoint-form'
import { requireAccess } from '~/modules/accounts/access.server'
import { loopbackAllowed, webhookUrlProblem } from '~/modules/webhooks/address.server'
import {
  deleteWebhookEndpoint,
  redeliverWebhook,
  resumeWebhookEndpoint,
  rotateWebhookSecret,
  updateWebhookEndpoint,
  webhookEndpointPage,
} from '~/modules/webhooks/endpoints.server'
import { WebhookPageSchema } from '~/modules/webhooks/forms'
import { db } from '~/utils/db.server'
import { badRequest } from '~/utils/errors'
import { titled } from '~/utils/meta'
import { useLang, useT } from '~/utils/use-i18n'

/**
 * Admins: one webhook endpoint — its deliveries with each attempt's answer, sending one again,
 * resuming the endpoint when paused, changing it, a new secret, deleting it (docs/decisions/0056).
 */

export const meta = titled('webhooks.deliveries')

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAccess(request, 'webhooks.manage')
  const page = await webhookEndpointPage(db(), params.id ?? '', new URL(request.url).searchParams)
  return { ...page, loopback: loopbackAllowed() }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAccess(request, 'webhooks.manage')
  const id = params.id ?? ''
  const submission = parseWithZod(await request.formData(), { schema: WebhookPageSchema })
  if (submission.status !== 'success') {
    if (submission.payload.intent === 'update')
      return data({ result: submission.reply(), secret: null, ask: null }, { status: 400 })
    throw badRequest()
  }
  const value = submission.value
  const here = `/console/webhooks/${id}`
  switch (value.intent) {
    case 'update': {
      const problem = webhookUrlProblem(value.url)
      if (problem)
        return data(
          { result: submission.reply({ fieldErrors: { url: [problem] } }), secret: null, ask: null },
          { status: 400 },
        )
      await updateWebhookEndpoint(db(), id, value, user.id)
      return redirect(`${here}?msg=console.saved`)
    }
    case 'ask':
      return data({ result: undefined, secret: null, ask: value.about })
    case 'rotate':
      // The new secret is in this answer only.
      return data({ result: undefined, secret: await rotateWebhookSecret(db(), id, user.id), ask: null })
    case 'delete':
      await deleteWebhookEndpoint(db(), id, user.id)
      return redirect('/console/webhooks?msg=webhooks.deleted')
    case 'resume':
      await resumeWebhookEndpoint(db(), id, user.id)
      return redirect(`${here}?msg=webhooks.resumed`)
    case 'redeliver':
      return (await redeliverWebhook(db(), id, value.deliveryId, user.id)) === 'queued'
        ? redirect(`${here}?msg=webhooks.redelivered`)
        : redirect(`${here}?msg=webhooks.sendingNow`)
  }
}

export default function WebhookEndpoint() {
  const { endpoint, rows, paging, loopback } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const lang = useLang()
  return (
    <section>
      <p>
        <Link to="/console/webhooks">{t('webhooks.title')}</Link>
      </p>
      <h1>
        {t('webhooks.deliveries')}: <code className="anywhere">{endpoint.url}</code>
      </h1>
      {endpoint.description ? <p>{endpoint.description}</p> : null}
      {actionData?.secret ? (
        <div className="notice" role="status">
          <h2>{t('webhooks.secretTitle')}</h2>
          <p>{t('webhooks.secretOnce')}</p>
          <p>
            <code className="breakable" data-testid="webhook-secret">
              {actionData.secret}
            </code>
          </p>
        </div>
      ) : null}
      {endpoint.pausedAt ? (
        <div className="notice">
          <p>{t('webhooks.paused', { at: when(endpoint.pausedAt, lang) })}</p>
          <p>{t('webhooks.pausedLead')}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="resume" />
            <button type="submit" className="button button-primary">
              {t('webhooks.resume')}
            </button>
          </Form>
        </div>
      ) : endpoint.failingSince ? (
        <p className="notice">{t('webhooks.failing', { at: when(endpoint.failingSince, lang) })}</p>
      ) : null}
      <p>
        {endpoint.events.map((event) => (
          <span key={event}>
            <code>{event}</code>{' '}
          </span>
        ))}
      </p>
      <PageCount paging={paging} />
      {rows.length === 0 ? (
        <p>{t('webhooks.noDeliveries')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('webhooks.deliveries')}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('webhooks.queuedAt')}</th>
                <th scope="col">{t('webhooks.event')}</th>
                <th scope="col">{t('webhooks.status')}</th>
                <th scope="col">{t('webhooks.attemptsCol')}</th>
                <th scope="col">{t('console.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id}>
                  <td>
                    <DateTime date={d.createdAt} lang={lang} />
                  </td>
                  <td>
                    <code>{d.type}</code>
                    <div className="muted">
                      <small className="anywhere">{d.eventId}</small>
                    </div>
                  </td>
                  <td>
                    {d.status === 'DELIVERED' && d.deliveredAt
                      ? t('webhooks.delivered', { at: when(d.deliveredAt, lang) })
                      : endpoint.pausedAt
                        ? t('webhooks.waitingPaused')
                        : t('webhooks.nextAttempt', { at: when(d.nextAttemptAt, lang) })}
                  </td>
                  <td className="breakable">
                    {d.attemptLog.map((a) => (
                      <div key={a.id}>
                        <DateTime date={a.at} lang={lang} /> <strong>{a.statusCode ?? t('webhooks.noAnswer')}</strong>{' '}
                        <small className="muted">{a.error ?? a.responseBody}</small>
                      </div>
                    ))}
                  </td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="redeliver" />
                      <input type="hidden" name="deliveryId" value={d.id} />
                      <button
                        type="submit"
                        className="link-button"
                        aria-label={`${d.eventId}: ${t('webhooks.redeliver')}`}
                      >
                        {t('webhooks.redeliver')}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager paging={paging} />
      <h2>{t('webhooks.edit')}</h2>
      <EndpointForm
        id={`webhook-${endpoint.id}`}
        intent="update"
        submit={t('console.save')}
        lastResult={actionData?.result}
        defaultValue={endpoint}
        loopback={loopback}
        t={t}
      />
      {(['rotate', 'delete'] as const).map((about) => (
        <section key={about} aria-labelledby={`${about}-title`}>
          <h2 id={`${about}-title`}>{t(`webhooks.${about}`)}</h2>
          <p className="muted">{t(about === 'rotate' ? 'webhooks.rotateLead' : 'webhooks.deleteLead')}</p>
          {actionData?.ask === about ? (
            <div className="notice" role="alert">
              <p>{t('webhooks.askSure')}</p>
              <Form method="post" className="actions">
                <input type="hidden" name="intent" value={about} />
                <button type="submit" className={`button ${about === 'delete' ? 'button-danger' : 'button-primary'}`}>
                  {t(about === 'rotate' ? 'webhooks.rotateConfirm' : 'webhooks.deleteConfirm')}
                </button>
                <Link to={`/console/webhooks/${endpoint.id}`} className="button">
                  {t('webhooks.askCancel')}
                </Link>
              </Form>
            </div>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="ask" />
              <input type="hidden" name="about" value={about} />
              <button type="submit" className="button">
                {t(`webhooks.${about}`)}
              </button>
            </Form>
          )}
        </section>
      ))}
    </section>
  )
}
