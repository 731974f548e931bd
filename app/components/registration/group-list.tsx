import { Form, Link } from '@remix-run/react'
import { statusText } from '~/components/registration-view'
import type { T } from '~/utils/i18n'
import type { RegistrationStatus } from '~/generated/prisma/client'

type Member = {
  id: string
  name: string
  code: string
  status: RegistrationStatus
  manageToken: string
  position: number
}

/**
 * The people a contact person registered in one form (docs/decisions/0036), as their link shows
 * them: name, code, state and each one's own slip page; with `cancel`, a button per person still
 * registered (plain forms: they work without JavaScript).
 */
export function GroupMembers({ members, t, cancel = false }: { members: Member[]; t: T; cancel?: boolean }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={t('manage.group.title')}>
      <table className="data" aria-label={t('manage.group.title')}>
        <thead>
          <tr>
            <th scope="col">{t('form.name')}</th>
            <th scope="col">{t('manage.code')}</th>
            <th scope="col">{t('manage.status')}</th>
            <th scope="col">{t('manage.group.slip')}</th>
            {cancel ? <th scope="col">{t('manage.cancel')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id} data-testid="group-member">
              <td>
                {m.name}
                {m.position === 0 ? ` ${t('manage.group.you')}` : ''}
              </td>
              <td>
                <code>{m.code}</code>
              </td>
              <td>{statusText({ status: m.status, waitlistPosition: null }, t)}</td>
              <td>
                <Link to={`/r/${m.manageToken}`}>{t('manage.group.slip')}</Link>
              </td>
              {cancel ? (
                <td>
                  {m.status === 'CANCELLED' || m.status === 'NOT_SELECTED' ? null : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="cancel-member" />
                      <input type="hidden" name="registrationId" value={m.id} />
                      <button type="submit" className="button button-danger">
                        {t('manage.group.cancelMember', { name: m.name })}
                      </button>
                    </Form>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
