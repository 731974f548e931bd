import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorSummary } from '~/components/field'
import { AnswerFields, answerSummary } from '~/components/questions/answer-fields'
import { localized } from '~/components/seminar-bits'
import type { AskedQuestion } from '~/modules/questions/definitions'
import { surveyAnswerSchema } from '~/modules/surveys/answer-form'
import { answerSurvey, surveyPage, surveyQuestionsOf } from '~/modules/surveys/surveys.server'
import { db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { pageTitle } from '~/utils/meta'
import { chosenLang, langCookie } from '~/utils/request.server'
import { replyWithAppError, requireParam } from '~/utils/route.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'survey.title') },
  { name: 'robots', content: 'noindex' },
]

export const headers = () => ({ 'Cache-Control': 'private, no-store' })

/**
 * The survey through its private link (docs/decisions/0047-surveys.md): the form while it is open,
 * else why it takes no answer. A wrong link is 404.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await surveyPage(db(), requireParam(params, 'token'))
  // Opened for the first time in a browser that never chose a language: the participant's own.
  const url = new URL(request.url)
  if (chosenLang(request) === null && page.language !== 'ja' && !url.searchParams.has('lang')) {
    throw redirect(`/s/${page.token}?lang=${page.language}`, { headers: { 'Set-Cookie': langCookie(page.language) } })
  }
  return { ...page, sent: url.searchParams.get('sent') === '1' }
}

/** Stores the answers once; the form comes back with what was typed when something is wrong. */
export async function action({ request, params }: ActionFunctionArgs) {
  const token = requireParam(params, 'token')
  // The schema is the survey's own questions (answers.<id>); a wrong token is 404 before anything is read.
  const questions = await surveyQuestionsOf(db(), token)
  const submission = parseWithZod(await request.formData(), { schema: surveyAnswerSchema(questions) })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  try {
    await answerSurvey(db(), token, questions, submission.value.answers)
    return redirect(`/s/${token}?sent=1`)
  } catch (error) {
    if (!isAppError(error) || error.code === 'NOT_FOUND') throw error
    return replyWithAppError(submission, error)
  }
}

export default function Survey() {
  const page = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const lang = useLang()
  const title = localized(lang, page.seminar.title, page.seminar.titleEn)
  return (
    <article className="survey">
      <h1>{t('survey.title')}</h1>
      <p>
        {title}
        {page.sessionNumber !== null ? ` — ${t('survey.sessionOf', { n: page.sessionNumber })}` : null}
      </p>
      {page.state === 'ANSWERED' ? (
        <p className="notice" role="status">
          {page.sent ? t('survey.thanks') : t('survey.answered')}
        </p>
      ) : page.state === 'CLOSED' ? (
        <p className="notice" role="status">
          {t('survey.closed')}
        </p>
      ) : (
        <>
          <p className="lead">{t('survey.lead')}</p>
          <p>{t(page.anonymous ? 'survey.anonymous' : 'survey.named')}</p>
          <p className="muted">{t('survey.closesAt', { date: formatDateTime(new Date(page.closesAt), lang) })}</p>
          <SurveyForm questions={page.questions} lastResult={lastResult} />
        </>
      )}
    </article>
  )
}

function SurveyForm({
  questions,
  lastResult,
}: {
  questions: AskedQuestion[]
  lastResult: SubmissionResult<string[]> | undefined
}) {
  const t = useT()
  const lang = useLang()
  const [form, fields] = useForm<{ answers: Record<string, unknown> }>({
    id: 'survey',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onSubmit',
  })
  return (
    <Form method="post" {...getFormProps(form)} className="form" noValidate>
      <ErrorSummary
        id={form.errorId}
        formErrors={form.errors?.map((k) => (t.has(k) ? t(k) : k))}
        fields={answerSummary(questions, fields.answers, lang)}
        t={t}
      />
      <AnswerFields questions={questions} answers={fields.answers} lang={lang} t={t} />
      <p>
        <button type="submit" className="button button-primary">
          {t('survey.submit')}
        </button>
      </p>
    </Form>
  )
}
