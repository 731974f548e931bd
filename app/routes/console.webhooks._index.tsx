import { parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { EndpointForm, when } from '~/components/webhooks/endpoint-form'
import { requireAccess } from '~/modules/accounts/access.server'
import { loopbackAllowed, webhookUrlProblem } from '~/modules/webhooks/address.server'
import { createWebhookEndpoint, webhookEndpointsPage } from '~/modules/webhooks/endpoints.server'
import { WebhooksPageSchema } from '~/modules/webhooks/forms'
import { db } from '~/utils/db.server'
import { titled } from '~/utils/meta'
import { useLang, useT } from '~/utils/use-i18n'

/** Admins: the webhook endpoints, and a new one (docs/decisions/0056-webhooks.md). */

export const meta = titled('webhooks.title')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, 'webhooks.manage')
  return { ...(await webhookEndpointsPage(db())), loopback: loopbackAllowed() }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAccess(request, 'webhooks.manage')
  const submission = parseWithZod(await request.formData(), { schema: WebhooksPageSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), created: null }, { status: 400 })
  const problem = webhookUrlProblem(submission.value.url)
  if (problem)
    return data({ result: submission.reply({ fieldErrors: { url: [problem] } }), created: null }, { status: 400 })
  const created = await createWebhookEndpoint(db(), submission.value, user.id)
  // The secret is in this answer only: it is never shown again.
  return data({ result: submission.reply({ resetForm: true }), created })
}

export default function Webhooks() {
  const { endpoints, loopback } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const lang = useLang()
  return (
    <section>
      <h1>{t('webhooks.title')}</h1>
      <p className="lead">{t('webhooks.lead')}</p>
      {actionData?.created ? (
        <div className="notice" role="status">
          <h2>{t('webhooks.secretTitle')}</h2>
          <p>{t('webhooks.secretOnce')}</p>
          <p>
            <code className="breakable" data-testid="webhook-secret">
              {actionData.created.secret}
            </code>
          </p>
          <p>
            <Link to={`/console/webhooks/${actionData.created.id}`}>{t('webhooks.open')}</Link>
          </p>
        </div>
      ) : null}
      {endpoints.length === 0 ? (
        <p>{t('webhooks.none')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('webhooks.title')}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('webhooks.url')}</th>
                <th scope="col">{t('webhooks.events')}</th>
                <th scope="col">{t('webhooks.state')}</th>
                <th scope="col">{t('console.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {endpoints.map((e) => (
                <tr key={e.id}>
                  <td className="anywhere">
                    {e.description ? <div>{e.description}</div> : null}
                    <code>{e.url}</code>
                  </td>
                  <td>
                    {e.events.map((event) => (
                      <div key={event}>
                        <code>{event}</code>
                      </div>
                    ))}
                  </td>
                  <td>
                    <div>
                      {e.pausedAt
                        ? t('webhooks.paused', { at: when(e.pausedAt, lang) })
                        : e.failingSince
                          ? t('webhooks.failing', { at: when(e.failingSince, lang) })
                          : t('webhooks.active')}
                    </div>
                    {e.pending > 0 ? (
                      <div className="muted">{t('webhooks.waitingCount', { count: e.pending })}</div>
                    ) : null}
                    {e.lastSuccessAt ? (
                      <div className="muted">{t('webhooks.lastSuccess', { at: when(e.lastSuccessAt, lang) })}</div>
                    ) : null}
                  </td>
                  <td>
                    <Link to={`/console/webhooks/${e.id}`} aria-label={`${e.url}: ${t('webhooks.open')}`}>
                      {t('webhooks.open')}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('webhooks.new')}</h2>
      <EndpointForm
        id="new-webhook"
        intent="create"
        submit={t('webhooks.add')}
        lastResult={actionData?.result}
        loopback={loopback}
        t={t}
      />
    </section>
  )
}
