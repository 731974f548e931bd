import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { RegistrationChangeForm } from '~/components/registration/change-form'
import { localized } from '~/components/seminar-bits'
import { statusText } from '~/components/registration-view'
import { changeFormSchema } from '~/modules/registration/change-schema'
import { changeFormQuestions, changeOwnRegistration, changePage } from '~/modules/registration/change.server'
import { db } from '~/utils/db.server'
import { APP_ERRORS, isAppError } from '~/utils/errors'
import { pageTitle } from '~/utils/meta'
import { getLang } from '~/utils/request.server'
import { replyWithAppError, requireParam } from '~/utils/route.server'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'change.title') },
  { name: 'robots', content: 'noindex' },
]

export const headers = () => ({ 'Cache-Control': 'private, no-store' })

/** GET shows the form, prefilled; the change itself is the POST below (docs/decisions/0035). */
export async function loader({ params }: LoaderFunctionArgs) {
  return changePage(db(), requireParam(params, 'token'))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = requireParam(params, 'token')
  // The schema holds the seminar's own questions (answers.<id>): their answers are checked with the rest.
  const questions = await changeFormQuestions(db(), token)
  const submission = parseWithZod(await request.formData(), { schema: changeFormSchema(getLang(request), questions) })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  try {
    const outcome = await changeOwnRegistration(db(), token, submission.value, undefined, questions)
    const changed = outcome.changed.length === 0 ? 'none' : outcome.status === 'WAITLISTED' ? 'waitlisted' : 'done'
    return redirect(`/r/${token}?changed=${changed}`)
  } catch (error) {
    if (!isAppError(error) || error.code === 'NOT_FOUND') throw error
    return replyWithAppError(submission, error)
  }
}

export default function ChangeRegistration() {
  const page = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const lang = useLang()
  const r = page.registration
  return (
    <article className="change">
      <p>
        <Link to={`/r/${page.token}`}>← {t('manage.title')}</Link>
      </p>
      <h1>{t('change.title')}</h1>
      <p>
        {localized(lang, page.seminar.title, page.seminar.titleEn)} — {t('manage.status')}: {statusText(r, t)}
      </p>
      {page.refusal ? (
        <p className="notice" role="alert">
          {t(APP_ERRORS[page.refusal].message)}
        </p>
      ) : (
        <>
          <p className="lead">{t('change.lead')}</p>
          <RegistrationChangeForm page={page} lastResult={lastResult} />
        </>
      )}
    </article>
  )
}
