import type { SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import type { SeminarConsolePage } from '~/modules/scheduling/seminar-page.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

/** What the create-helper intent answered: the new link (shown once), or why it was refused. */
export type HelperActionData = { helperLink: { url: string; label: string; qr: string } } | SubmissionResult | undefined

/** Links for people helping at the door: made here, shown once, ended here. */
export function CheckinHelpers({
  helpers,
  defaultDay,
  actionData,
}: {
  helpers: SeminarConsolePage['helpers']
  defaultDay: string
  actionData: HelperActionData
}) {
  const t = useT()
  const lang = useLang()
  const created = actionData && 'helperLink' in actionData ? actionData.helperLink : null
  // A refusal of createCheckinHelper: its message, and the form as it was typed.
  const failed = actionData && !('helperLink' in actionData) ? actionData : null
  const refusal = failed?.error?.['']?.[0] ?? null
  const typed = (failed?.initialValue ?? {}) as { label?: string; validUntil?: string }
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
        {refusal ? (
          <p className="error-summary" role="alert">
            {t(refusal === 'errors.HELPER_LABEL' ? 'errors.HELPER_LABEL' : 'errors.HELPER_VALID_UNTIL')}
          </p>
        ) : null}
        <label>
          {t('helper.label')}{' '}
          <input
            name="label"
            required
            maxLength={50}
            defaultValue={failed ? (typed.label ?? '') : t('helper.defaultLabel')}
            aria-invalid={refusal === 'errors.HELPER_LABEL' || undefined}
          />
        </label>{' '}
        <label>
          {t('helper.validUntilLabel')}{' '}
          <input
            type="date"
            name="validUntil"
            required
            defaultValue={failed ? (typed.validUntil ?? '') : defaultDay}
            aria-invalid={refusal === 'errors.HELPER_VALID_UNTIL' || undefined}
          />
        </label>{' '}
        <button type="submit" className="button">
          {t('helper.create')}
        </button>
      </Form>
      {helpers.length > 0 ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('helper.title')}>
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
