import { RoleAndProgramFields, SessionsTable } from '~/components/account-fields'
import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Field } from '~/components/field'
import { isAppError, type AppError } from '~/utils/errors'
import { UserEditSchema } from '~/modules/accounts/forms'
import {
  disableUser,
  enableUser,
  endSessions,
  listSessions,
  sendAccountLink,
  sessionIdOf,
  updateUser,
  userDetail,
} from '~/modules/accounts/users.server'
import { listPrograms } from '~/modules/scheduling/admin.server'
import { removeSecondFactor } from '~/modules/accounts/second-factor.server'
import { recordChange } from '~/modules/audit/security-log.server'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { sessionToken } from '~/utils/request.server'
import { requireAccess } from '~/modules/accounts/access.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'accounts.userTitle') }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAccess(request, 'users.manage')
  const user = await userDetail(db(), params.id ?? '')
  if (!user) throw new Response('Not found', { status: 404 })
  const [sessions, programs] = await Promise.all([listSessions(db(), user.id), listPrograms(db())])
  const current = sessionToken(request)
  const currentId = current ? sessionIdOf(current) : null
  return {
    user,
    self: user.id === admin.id,
    sessions: sessions.map((s) => ({ ...s, current: s.id === currentId })),
    programs: programs.map((p) => ({ id: p.id, name: p.name })),
  }
}

type Intent = 'update' | 'disable' | 'enable' | 'send-link' | 'end-session' | 'end-all-sessions' | 'reset-second-factor'

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAccess(request, 'users.manage')
  const id = params.id ?? ''
  const formData = await request.formData()
  const intent = String(formData.get('intent')) as Intent
  const back = (msg: string, vars: Record<string, string> = {}) =>
    redirect(`/console/users/${id}?${new URLSearchParams({ msg, ...vars })}`)
  const refused = (error: AppError) =>
    data({ intent, error: error.messageKey, result: undefined }, { status: error.status })
  // Check-in helpers and unknown ids are not managed here.
  if (!(await userDetail(db(), id))) throw new Response('Not found', { status: 404 })
  try {
    switch (intent) {
      case 'update': {
        const submission = parseWithZod(formData, { schema: UserEditSchema })
        if (submission.status !== 'success')
          return data({ intent, error: undefined, result: submission.reply() }, { status: 400 })
        try {
          await updateUser(db(), admin.id, id, submission.value)
          await recordChange(db(), 'user.update', admin, 'StaffUser', id, { role: submission.value.role })
        } catch (error) {
          if (!isAppError(error, 'OWN_ADMIN_ROLE')) throw error
          const result = submission.reply({ fieldErrors: { role: ['ownAdminRole'] } })
          return data({ intent, error: undefined, result }, { status: 409 })
        }
        return back('console.saved')
      }
      case 'disable':
        await disableUser(db(), admin.id, id)
        await recordChange(db(), 'user.disable', admin, 'StaffUser', id)
        return back('accounts.disabledMsg')
      case 'enable':
        await enableUser(db(), admin.id, id)
        await recordChange(db(), 'user.enable', admin, 'StaffUser', id)
        return back('accounts.enabledMsg')
      case 'send-link': {
        const purpose = await sendAccountLink(db(), admin.id, id)
        await recordChange(db(), 'user.link-sent', admin, 'StaffUser', id, { purpose })
        return back(purpose === 'INVITATION' ? 'accounts.invitationResent' : 'accounts.resetSent')
      }
      case 'reset-second-factor':
        // Someone else's (one's own is changed on the account page, after the password).
        if (id === admin.id) throw redirect('/console/account#mfa')
        await removeSecondFactor(db(), admin.id, id)
        await recordChange(db(), 'second-factor.reset', admin, 'StaffUser', id)
        return back('mfa.adminResetDone')
      case 'end-session':
      case 'end-all-sessions': {
        // One's own other sessions end on the account page, after the password.
        if (id === admin.id) throw redirect('/console/account')
        const count = await endSessions(db(), {
          actorId: admin.id,
          userId: id,
          sessionId: intent === 'end-session' ? String(formData.get('sessionId') ?? '') : undefined,
        })
        await recordChange(db(), 'sessions.end', admin, 'StaffUser', id, { count })
        return back('accounts.sessionsEnded', { count: String(count) })
      }
      default:
        throw new Response('Bad request', { status: 400 })
    }
  } catch (error) {
    if (isAppError(error, 'USER_NOT_FOUND')) throw new Response('Not found', { status: 404 })
    if (isAppError(error)) return refused(error)
    throw error
  }
}

/** Admins: one person's account — name, role, programs, access, set-password links, sessions. */
export default function UserPage() {
  const { user, self, sessions, programs } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const lang = useLang()
  const [form, fields] = useForm({
    id: `user-${user.id}`,
    lastResult: actionData?.intent === 'update' ? actionData.result : undefined,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    defaultValue: { name: user.name, role: user.role, programIds: user.programIds },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UserEditSchema }),
  })
  const when = (d: string | Date) => formatDateTime(new Date(d), lang)
  return (
    <section>
      <p>
        <Link to="/console/users">← {t('accounts.usersTitle')}</Link>
      </p>
      <h1>{user.name}</h1>
      {actionData?.error ? (
        <div className="error-summary" role="alert">
          {t(actionData.error)}
        </div>
      ) : null}
      <dl className="facts">
        <dt>{t('accounts.email')}</dt>
        <dd>{user.email}</dd>
        <dt>{t('accounts.state')}</dt>
        <dd>
          <span className="chip">{t(`accounts.state.${user.state}`)}</span>
          {user.disabledAt ? (
            <div className="muted">{t('accounts.disabledSince', { date: when(user.disabledAt) })}</div>
          ) : null}
        </dd>
        <dt>{t('accounts.createdAt')}</dt>
        <dd>{when(user.createdAt)}</dd>
      </dl>

      <h2>{t('accounts.details')}</h2>
      <Form method="post" {...getFormProps(form)} className="form" noValidate>
        <input type="hidden" name="intent" value="update" />
        {Object.keys(form.allErrors).length > 0 ? (
          <div className="error-summary" role="alert">
            {t('form.errorSummary')}
          </div>
        ) : null}
        <Field
          id={fields.name.id}
          label={t('accounts.name')}
          required
          errorId={fields.name.errorId}
          errors={fields.name.errors}
          t={t}
        >
          <input {...getInputProps(fields.name, { type: 'text' })} autoComplete="off" />
        </Field>
        <RoleAndProgramFields
          role={fields.role}
          programIds={fields.programIds}
          programs={programs}
          roleHint={self ? t('accounts.ownRoleHint') : t('accounts.roleHint')}
        />
        <button type="submit" className="button button-primary">
          {t('console.save')}
        </button>
      </Form>

      {user.state !== 'disabled' ? (
        <>
          <h2>{t('accounts.linkTitle')}</h2>
          <p className="hint">
            {user.state === 'invited' ? t('accounts.linkHintInvited') : t('accounts.linkHintActive')}
          </p>
          {user.pendingLink ? (
            <p className="muted">
              {t(`accounts.pendingLink.${user.pendingLink.purpose}`, { date: when(user.pendingLink.expiresAt) })}
            </p>
          ) : null}
          <Form method="post">
            <input type="hidden" name="intent" value="send-link" />
            <button type="submit" className="button">
              {user.state === 'invited' ? t('accounts.resendInvitation') : t('accounts.sendReset')}
            </button>
          </Form>
        </>
      ) : null}

      <h2>{t('accounts.sessionsTitle')}</h2>
      {sessions.length === 0 ? (
        <p>{t('accounts.sessionsNone')}</p>
      ) : (
        <>
          <SessionsTable sessions={sessions} canEnd={!self} />
          {self ? (
            <p>
              <Link to="/console/account">{t('accounts.accountTitle')}</Link>
            </p>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="end-all-sessions" />
              <button type="submit" className="button">
                {t('accounts.endAllSessions')}
              </button>
            </Form>
          )}
        </>
      )}

      <h2>{t('mfa.adminResetTitle')}</h2>
      <p>{user.secondFactor ? t('mfa.userHasFactor') : t('mfa.userNoFactor')}</p>
      {user.secondFactor && !self ? (
        <Form method="post">
          <input type="hidden" name="intent" value="reset-second-factor" />
          <p className="hint">{t('mfa.adminResetLead')}</p>
          <button type="submit" className="button button-danger">
            {t('mfa.adminReset')}
          </button>
        </Form>
      ) : null}

      <h2>{t('accounts.access')}</h2>
      {self ? (
        <p className="hint">{t('accounts.error.OWN_ACCOUNT_DISABLE')}</p>
      ) : user.state === 'disabled' ? (
        <Form method="post">
          <input type="hidden" name="intent" value="enable" />
          <p className="hint">{t('accounts.enableHint')}</p>
          <button type="submit" className="button">
            {t('accounts.enable')}
          </button>
        </Form>
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="disable" />
          <p className="hint">{t('accounts.disableHint')}</p>
          <button type="submit" className="button button-danger">
            {t('accounts.disable')}
          </button>
        </Form>
      )}
    </section>
  )
}
