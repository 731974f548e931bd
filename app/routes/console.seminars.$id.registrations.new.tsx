import { requireAccess } from '~/modules/accounts/access.server'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { OnBehalfRegistrationForm } from '~/components/registration/on-behalf-form'
import { OnBehalfSchema } from '~/modules/registration/on-behalf-schema'
import { onBehalfPage, registerOnBehalf } from '~/modules/registration/on-behalf.server'
import { db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { pageTitle } from '~/utils/meta'
import { replyWithAppError, requireParam } from '~/utils/route.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'onBehalf.title') }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  await requireAccess(request, 'seminars.manage', { seminarId })
  return onBehalfPage(db(), seminarId)
}

/** An application by phone, fax, at the counter or on paper, entered by staff (docs/decisions/0033). */
export async function action({ request, params }: ActionFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const user = await requireAccess(request, 'seminars.manage', { seminarId })
  const submission = parseWithZod(await request.formData(), { schema: OnBehalfSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  try {
    const outcome = await registerOnBehalf(db(), { seminarId, form: submission.value, userId: user.id })
    const mailed = submission.value.sendMail && Boolean(submission.value.email)
    return redirect(
      `/console/seminars/${seminarId}/registrations/${outcome.id}/slip?entered=${mailed ? 'mailed' : 'print'}`,
    )
  } catch (error) {
    if (!isAppError(error)) throw error
    return replyWithAppError(submission, error)
  }
}

export default function RegisterOnBehalf() {
  const { seminar, modes, submissionKey } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const lang = useLang()
  return (
    <section>
      <p>
        <Link to={`/console/seminars/${seminar.id}`}>← {seminar.title}</Link>
      </p>
      <h1>{t('onBehalf.title')}</h1>
      <p>{seminar.title}</p>
      <p className="muted">{t('onBehalf.intro')}</p>
      <p className="muted">
        {t('onBehalf.window', {
          opens: formatDateTime(new Date(seminar.registrationOpensAt), lang),
          closes: formatDateTime(new Date(seminar.registrationClosesAt), lang),
        })}
      </p>
      {seminar.status === 'CANCELLED' ? (
        <p className="error-summary" role="alert">
          {t('errors.REGISTRATION_CLOSED')}
        </p>
      ) : (
        <OnBehalfRegistrationForm modes={modes} submissionKey={submissionKey} lastResult={lastResult} />
      )}
    </section>
  )
}
