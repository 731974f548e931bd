import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useParams } from '@remix-run/react'
import { ErrorSummary, Field, RadioChoices } from '~/components/field'
import { QuestionEditor, type EditorReply } from '~/components/questions/question-editor'
import { requireAccess } from '~/modules/accounts/access.server'
import { questionEditorAction, questionEditorPage } from '~/modules/questions/editor.server'
import { SURVEY_TIMINGS, surveySettingsSchema } from '~/modules/surveys/forms'
import { saveSurveySettings, surveySettingsPage } from '~/modules/surveys/surveys.server'
import { db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { titled } from '~/utils/meta'
import { requireParam } from '~/utils/route.server'
import { useT } from '~/utils/use-i18n'

export const meta = titled('survey.consoleTitle')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const user = await requireAccess(request, 'seminars.manage', { seminarId })
  const [survey, editor] = await Promise.all([
    surveySettingsPage(db(), seminarId),
    questionEditorPage(db(), user, { seminarId }, 'SURVEY'),
  ])
  return { ...survey, questions: editor.questions, copySources: editor.copySources }
}

type SettingsReply = { intent: 'settings'; result: SubmissionResult<string[]> }

/** Saves the survey's settings, or carries out one intent of its question editor. */
export async function action({ request, params }: ActionFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const user = await requireAccess(request, 'seminars.manage', { seminarId })
  const formData = await request.formData()
  const intent = String(formData.get('intent') ?? '')
  if (intent === 'settings') {
    const submission = parseWithZod(formData, { schema: surveySettingsSchema })
    const reply = (result: SettingsReply['result'], status: number) =>
      data({ intent: 'settings' as const, result }, { status })
    if (submission.status !== 'success') return reply(submission.reply(), 400)
    try {
      await saveSurveySettings(db(), user.id, seminarId, submission.value)
      return redirect(`/console/seminars/${seminarId}/survey?msg=survey.saved`)
    } catch (error) {
      if (!isAppError(error)) throw error
      return reply(submission.reply({ formErrors: [error.messageKey] }), error.status)
    }
  }
  return questionEditorAction(request, formData, user, { seminarId }, 'SURVEY', `/console/seminars/${seminarId}/survey`)
}

export default function SeminarSurvey() {
  const page = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const t = useT()
  const { id } = useParams()
  const settingsReply = reply && reply.intent === 'settings' ? (reply as SettingsReply) : undefined
  const editorReply = reply && reply.intent !== 'settings' ? (reply as EditorReply) : undefined
  const asked = page.questions.filter((q) => !q.retired)
  return (
    <section>
      <p>
        <Link to={`/console/seminars/${id}`}>← {page.seminar.title}</Link>
      </p>
      <h1>{t('survey.consoleTitle')}</h1>
      <p className="lead">{t('survey.consoleLead')}</p>
      <p>
        <strong>{t('survey.counts', { invited: page.counts.invited, answered: page.counts.answered })}</strong>
      </p>
      <h2>{t('survey.settingsTitle')}</h2>
      <SettingsForm
        settings={page.settings}
        anonymityFixed={page.counts.responses > 0}
        lastResult={settingsReply?.result}
      />
      <h2>{t('survey.questionsTitle')}</h2>
      {asked.length === 0 ? <p className="notice">{t('survey.noQuestions')}</p> : null}
      <QuestionEditor form="SURVEY" questions={page.questions} copySources={page.copySources} reply={editorReply} />
    </section>
  )
}

function SettingsForm({
  settings,
  anonymityFixed,
  lastResult,
}: {
  settings: {
    enabled: boolean
    timing: string
    anonymous: boolean
    sendAfterHours: number
    reminderAfterDays: number
    openDays: number
  }
  anonymityFixed: boolean
  lastResult: SubmissionResult<string[]> | undefined
}) {
  const t = useT()
  const [form, fields] = useForm({
    id: 'survey-settings',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onSubmit',
    defaultValue: {
      enabled: settings.enabled ? 'on' : undefined,
      timing: settings.timing,
      anonymous: settings.anonymous ? 'on' : undefined,
      sendAfterHours: String(settings.sendAfterHours),
      reminderAfterDays: String(settings.reminderAfterDays),
      openDays: String(settings.openDays),
    },
  })
  const numberRow = (meta: typeof fields.openDays, label: string) => (
    <Field id={meta.id} label={label} required errorId={meta.errorId} errors={meta.errors} t={t}>
      <input {...getInputProps(meta, { type: 'text' })} inputMode="numeric" maxLength={8} />
    </Field>
  )
  return (
    <Form method="post" {...getFormProps(form)} className="form panel" noValidate>
      <input type="hidden" name="intent" value="settings" />
      <ErrorSummary
        id={form.errorId}
        formErrors={form.errors?.map((k) => (t.has(k) ? t(k) : k))}
        fields={[
          { id: fields.timing.id, label: t('survey.timing'), errors: fields.timing.errors },
          { id: fields.sendAfterHours.id, label: t('survey.sendAfterHours'), errors: fields.sendAfterHours.errors },
          {
            id: fields.reminderAfterDays.id,
            label: t('survey.reminderAfterDays'),
            errors: fields.reminderAfterDays.errors,
          },
          { id: fields.openDays.id, label: t('survey.openDays'), errors: fields.openDays.errors },
        ]}
        t={t}
      />
      <div className="field">
        <label className="choice">
          <input {...getInputProps(fields.enabled, { type: 'checkbox' })} /> {t('survey.enabled')}
        </label>
        <p className="hint">{t('survey.enabledHint')}</p>
      </div>
      <RadioChoices
        meta={fields.timing}
        legend={t('survey.timing')}
        values={SURVEY_TIMINGS}
        label={(timing) => t(`survey.timing.${timing}`)}
        t={t}
      />
      <div className="field">
        {anonymityFixed ? (
          // A disabled checkbox sends nothing: the value is kept in a hidden field.
          <>
            {settings.anonymous ? <input type="hidden" name={fields.anonymous.name} value="on" /> : null}
            <label className="choice">
              <input type="checkbox" checked={settings.anonymous} disabled aria-describedby="anonymous-fixed" />{' '}
              {t('survey.anonymousLabel')}
            </label>
            <p className="hint" id="anonymous-fixed">
              {t('survey.anonymousFixed')}
            </p>
          </>
        ) : (
          <>
            <label className="choice">
              <input {...getInputProps(fields.anonymous, { type: 'checkbox' })} /> {t('survey.anonymousLabel')}
            </label>
            <p className="hint">{t('survey.anonymousHint')}</p>
          </>
        )}
      </div>
      {numberRow(fields.sendAfterHours, t('survey.sendAfterHours'))}
      {numberRow(fields.reminderAfterDays, t('survey.reminderAfterDays'))}
      {numberRow(fields.openDays, t('survey.openDays'))}
      <p>
        <button type="submit" className="button button-primary">
          {t('survey.save')}
        </button>
      </p>
    </Form>
  )
}
