import { getInputProps, getSelectProps, type FieldMetadata } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { Field, FieldSet } from '~/components/field'
import { INVITABLE_ROLES } from '~/modules/accounts/forms'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

/** A user's role and, for organizers, their programs: the invitation and the user's page. */
export function RoleAndProgramFields({
  role,
  programIds,
  programs,
  roleHint,
}: {
  role: FieldMetadata<string>
  programIds: FieldMetadata<string[]>
  programs: { id: string; name: string }[]
  roleHint: string
}) {
  const t = useT()
  const ticked = new Set([programIds.initialValue ?? []].flat() as string[])
  return (
    <>
      <Field
        id={role.id}
        label={t('accounts.role')}
        required
        hint={roleHint}
        hintId={role.descriptionId}
        errorId={role.errorId}
        errors={role.errors}
        t={t}
      >
        <select {...getSelectProps(role, { ariaDescribedBy: role.descriptionId })}>
          {INVITABLE_ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`accounts.role.${r}`)}
            </option>
          ))}
        </select>
      </Field>
      <FieldSet legend={t('accounts.programs')} errorId={programIds.errorId} errors={programIds.errors} t={t}>
        <p className="hint">{t('accounts.programsHint')}</p>
        {programs.length === 0 ? <p className="muted">{t('accounts.noPrograms')}</p> : null}
        {programs.map((p) => (
          <label className="choice" key={p.id}>
            <input type="checkbox" name={programIds.name} value={p.id} defaultChecked={ticked.has(p.id)} /> {p.name}
          </label>
        ))}
      </FieldSet>
    </>
  )
}

/**
 * A new password, typed twice: setting it through a link and changing one's own. `attempt`
 * changes with each refused submission, so the typed passwords are not kept in the page.
 */
export function NewPasswordFields({
  password,
  confirm,
  attempt,
}: {
  password: FieldMetadata<string>
  confirm: FieldMetadata<string>
  attempt: string | undefined
}) {
  const t = useT()
  return (
    <>
      <Field
        id={password.id}
        label={t('accounts.newPassword')}
        required
        hint={t('accounts.newPasswordHint')}
        hintId={password.descriptionId}
        errorId={password.errorId}
        errors={password.errors}
        t={t}
      >
        <input
          {...getInputProps(password, { type: 'password', ariaDescribedBy: password.descriptionId })}
          key={`password-${attempt}`}
          autoComplete="new-password"
        />
      </Field>
      <Field
        id={confirm.id}
        label={t('accounts.confirmPassword')}
        required
        errorId={confirm.errorId}
        errors={confirm.errors}
        t={t}
      >
        <input
          {...getInputProps(confirm, { type: 'password' })}
          key={`confirm-${attempt}`}
          autoComplete="new-password"
        />
      </Field>
    </>
  )
}

export type SessionRow = {
  id: string
  createdAt: string | Date
  expiresAt: string | Date
  /** Read from the sign-in's User-Agent on the server (app/modules/accounts/device.server.ts). */
  device: { browser: string | null; system: string | null }
  current: boolean
}

/** 「Chrome（Windows）」, or as much of it as is known. */
function deviceName(t: ReturnType<typeof useT>, { browser, system }: SessionRow['device']) {
  if (browser && system) return t('accounts.deviceName', { browser, system })
  return browser ?? system ?? t('accounts.unknownDevice')
}

/** Someone's console sessions, each but the current one with "end". */
/**
 * `endForm`: the id of a form (with the password asked again) that the end buttons submit; without
 * it each row has a form of its own.
 */
export function SessionsTable({
  sessions,
  endForm,
  canEnd = true,
}: {
  sessions: SessionRow[]
  endForm?: string
  canEnd?: boolean
}) {
  const t = useT()
  const lang = useLang()
  const when = (d: string | Date) => formatDateTime(new Date(d), lang)
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={t('accounts.sessionsTitle')}>
      {/* On a phone each sign-in is a block of labelled lines (CSS), so its button stays on screen;
          the roles keep it a table for screen readers, whatever its display. */}
      <table className="data sign-ins" role="table" aria-label={t('accounts.sessionsTitle')}>
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">
              {t('accounts.sessionStarted')}
            </th>
            <th scope="col" role="columnheader">
              {t('accounts.sessionExpires')}
            </th>
            <th scope="col" role="columnheader">
              {t('accounts.sessionDevice')}
            </th>
            <th scope="col" role="columnheader">
              {t('console.actions')}
            </th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {sessions.map((s) => (
            <tr key={s.id} role="row">
              <td role="cell" data-label={t('accounts.sessionStarted')}>
                {when(s.createdAt)}
              </td>
              <td role="cell" data-label={t('accounts.sessionExpires')}>
                {when(s.expiresAt)}
              </td>
              <td role="cell" data-label={t('accounts.sessionDevice')}>
                <span className="nowrap">{deviceName(t, s.device)}</span>
                {s.current ? <div className="chip">{t('accounts.thisDevice')}</div> : null}
              </td>
              <td role="cell">
                {s.current || !canEnd ? null : endForm ? (
                  <button type="submit" form={endForm} name="sessionId" value={s.id} className="link-button danger">
                    {t('accounts.endSignIn')}
                  </button>
                ) : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="end-session" />
                    <input type="hidden" name="sessionId" value={s.id} />
                    <button type="submit" className="link-button danger">
                      {t('accounts.endSignIn')}
                    </button>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
