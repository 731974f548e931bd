import { NewPasswordFields } from '~/components/account-fields'
import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { isAppError } from '~/utils/errors'
import { newPasswordRefusal, SetPasswordSchema } from '~/modules/accounts/forms'
import { linkForToken } from '~/modules/accounts/links.server'
import { signInWithNewPassword } from '~/modules/accounts/sign-in.server'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { optionalStaff, signInOptions, signInRedirect } from '~/utils/request.server'
import { requireParam } from '~/utils/route.server'
import { refusedSecretForm } from '~/utils/secret-form.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

/*
 * The page a set-password link (invitation or reset) opens. GET only shows the form: mail
 * scanners and link previews open links, so only the POST uses the link up.
 */

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'accounts.setPasswordPage') },
  { name: 'robots', content: 'noindex' },
]

export const headers = () => ({ 'Cache-Control': 'private, no-store' })

export async function loader({ params }: LoaderFunctionArgs) {
  // The link stands for the guard: one that does not work (any more) is 410 Gone, with its page.
  const link = await linkForToken(db(), requireParam(params, 'token'))
  if (!link) return data({ link: null }, { status: 410 })
  return {
    link: { purpose: link.purpose, name: link.user.name, email: link.user.email, expiresAt: link.expiresAt },
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = requireParam(params, 'token')
  const submission = parseWithZod(await request.formData(), { schema: SetPasswordSchema })
  const hide = ['password', 'confirm']
  if (submission.status !== 'success') return refusedSecretForm(submission, hide, { status: 400 })
  try {
    // Whoever has or must have a second factor goes on to it: the link proves only the mailbox.
    const step = await signInWithNewPassword(
      db(),
      { token, password: submission.value.password, signedInUserId: (await optionalStaff(request))?.id ?? null },
      signInOptions(request, context),
    )
    return signInRedirect(step, step.email, '/console?msg=accounts.passwordSet')
  } catch (error) {
    const refused = newPasswordRefusal(error)
    if (refused) return refusedSecretForm(submission, hide, { fieldErrors: { password: [refused] }, status: 400 })
    if (!isAppError(error, 'LINK_INVALID')) throw error
    return refusedSecretForm(submission, hide, { formErrors: ['LINK_INVALID'], status: 410 })
  }
}

export default function SetPassword() {
  const { link } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const lang = useLang()
  const [form, fields] = useForm({
    id: 'set-password',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SetPasswordSchema }),
  })
  const attempt = lastResult && 'attempt' in lastResult ? String(lastResult.attempt) : 'first'
  if (!link || form.errors?.includes('LINK_INVALID')) {
    return (
      <article className="narrow">
        <h1>{t('accounts.linkInvalidTitle')}</h1>
        <p role={link ? 'alert' : undefined}>{t('accounts.error.LINK_INVALID')}</p>
        <p>
          <Link to="/console/forgot-password">{t('accounts.forgotLink')}</Link>
        </p>
      </article>
    )
  }
  return (
    <article className="narrow">
      <h1>{t(`accounts.setPasswordTitle.${link.purpose}`)}</h1>
      <p className="lead">{t(`accounts.setPasswordLead.${link.purpose}`, { name: link.name })}</p>
      <Form method="post" {...getFormProps(form)} className="form" noValidate>
        {Object.keys(form.allErrors).length > 0 ? (
          <div className="error-summary" role="alert">
            {t('form.errorSummary')}
          </div>
        ) : null}
        <dl className="facts">
          <dt>{t('accounts.email')}</dt>
          <dd>{link.email}</dd>
        </dl>
        {/* For password managers: whose password this is. */}
        <input type="text" name="username" value={link.email} autoComplete="username" readOnly hidden />
        <NewPasswordFields password={fields.password} confirm={fields.confirm} attempt={attempt} />
        <button type="submit" className="button button-primary">
          {t('accounts.setPasswordSubmit')}
        </button>
        <p className="hint">{t('accounts.linkValidUntil', { date: formatDateTime(new Date(link.expiresAt), lang) })}</p>
      </Form>
    </article>
  )
}
