import { InviteForm } from '~/components/account/invite-form'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { PageCount, Pager } from '~/components/records/pager'
import { isAppError } from '~/utils/errors'
import { InviteSchema } from '~/modules/accounts/forms'
import { inviteFromUsersPage, usersPage } from '~/modules/accounts/users.server'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { requireAccess } from '~/modules/accounts/access.server'
import { formatDate, formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'accounts.usersTitle') }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, 'users.manage')
  return usersPage(db(), new URL(request.url).searchParams)
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAccess(request, 'users.manage')
  const submission = parseWithZod(await request.formData(), { schema: InviteSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  try {
    await inviteFromUsersPage(db(), admin, submission.value)
  } catch (error) {
    if (!isAppError(error, 'EMAIL_TAKEN')) throw error
    return data(submission.reply({ fieldErrors: { email: ['emailTaken'] } }), { status: 409 })
  }
  const params = new URLSearchParams({ msg: 'accounts.invited', name: submission.value.email.toLowerCase() })
  return redirect(`/console/users?${params}`)
}

/** Admins: who may use the console, in which role, and inviting someone new. */
export default function Users() {
  const { users, paging, helpers, helperPaging, programs, now } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const lang = useLang()
  const location = useLocation()
  return (
    <section>
      <h1>{t('accounts.usersTitle')}</h1>
      <p className="lead">{t('accounts.usersLead')}</p>
      <PageCount paging={paging} />
      <div className="table-wrap" tabIndex={0} role="region" aria-label={t('accounts.usersTitle')}>
        <table className="data" aria-label={t('accounts.usersTitle')}>
          <thead>
            <tr>
              <th scope="col">{t('accounts.name')}</th>
              <th scope="col">{t('accounts.email')}</th>
              <th scope="col">{t('accounts.role')}</th>
              <th scope="col">{t('accounts.programs')}</th>
              <th scope="col">{t('accounts.state')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>
                  <Link to={`/console/users/${u.id}`}>{u.name}</Link>
                </td>
                <td>{u.email}</td>
                <td>{t(`accounts.role.${u.role}`)}</td>
                <td>
                  {u.role === 'ORGANIZER'
                    ? u.programs.map((p) => p.name).join('、') || t('accounts.noProgramsAssigned')
                    : t('accounts.allPrograms')}
                </td>
                <td>
                  <span className="chip">{t(`accounts.state.${u.state}`)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager paging={paging} label={t('accounts.usersTitle')} />

      <h2>{t('accounts.invite')}</h2>
      <p className="hint">{t('accounts.inviteLead')}</p>
      {/* A fresh form after each answer: empty once someone is invited (a redirect). */}
      <InviteForm key={location.key} lastResult={lastResult} programs={programs} />

      {helpers.length > 0 ? (
        <>
          <h2>{t('accounts.helpersTitle')}</h2>
          <p className="hint">{t('accounts.helpersLead')}</p>
          <PageCount paging={helperPaging} />
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('accounts.helpersTitle')}>
            <table className="data" aria-label={t('accounts.helpersTitle')}>
              <thead>
                <tr>
                  <th scope="col">{t('accounts.helperLabel')}</th>
                  <th scope="col">{t('accounts.helperSeminars')}</th>
                  <th scope="col">{t('accounts.helperUntil')}</th>
                  <th scope="col">{t('accounts.state')}</th>
                </tr>
              </thead>
              <tbody>
                {helpers.map((h) => {
                  const expired = h.accessExpiresAt !== null && new Date(h.accessExpiresAt) <= new Date(now)
                  return (
                    <tr key={h.id}>
                      <td>{h.name}</td>
                      <td>
                        {h.seminars.map((s) => (
                          <div key={s.id}>
                            <Link to={`/console/seminars/${s.id}`}>{s.title}</Link>
                          </div>
                        ))}
                      </td>
                      <td>{h.accessExpiresAt ? formatDateTime(new Date(h.accessExpiresAt), lang) : ''}</td>
                      <td>
                        {h.disabledAt
                          ? t('accounts.state.disabled')
                          : expired
                            ? t('accounts.state.expired')
                            : t('accounts.state.active')}
                        {h.disabledAt ? <div className="muted">{formatDate(new Date(h.disabledAt), lang)}</div> : null}
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
          <Pager paging={helperPaging} label={t('accounts.helpersTitle')} />
        </>
      ) : null}
    </section>
  )
}
