import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { Field, FieldError } from '~/components/field'
import type { QuestionKind } from '~/modules/questions/definitions'
import { QUESTION_KINDS, REGISTRATION_KINDS } from '~/modules/questions/definitions'
import { choiceLinesText, questionEditorSchema } from '~/modules/questions/forms'
import type { EditableQuestion } from '~/modules/questions/questions.server'
import { useT } from '~/utils/use-i18n'

type Form = 'REGISTRATION' | 'SURVEY'

/** The reply of the editor's action: which form it answers, and Conform's result. */
export type EditorReply = { intent: string; questionId: string; result: SubmissionResult<string[]> }

/**
 * The questions of a seminar's form or a program's template: each one with its words and a form
 * to change, move or remove it, then a form to add one and one to copy another's questions.
 * Every control is a plain form: the editor works the same without JavaScript.
 */
export function QuestionEditor({
  form,
  questions,
  copySources,
  reply,
}: {
  form: Form
  questions: EditableQuestion[]
  copySources: { value: string; label: string; template: boolean }[]
  reply: EditorReply | undefined
}) {
  const t = useT()
  const asked = questions.filter((q) => !q.retired)
  const retired = questions.filter((q) => q.retired)
  return (
    <>
      {asked.length === 0 ? <p className="muted">{t('questions.none')}</p> : null}
      <ol className="question-list">
        {asked.map((q, index) => (
          <li key={q.id} className="panel question-item">
            <p className="question-label">
              <strong>{q.label}</strong>
              {q.required ? <span className="badge">{t('questions.required')}</span> : null}
            </p>
            <p className="muted">
              {t(`questions.kind.${q.kind}` as 'questions.kind.SHORT_TEXT')}
              {q.choices.length ? `: ${q.choices.map((c) => c.label).join('、')}` : ''}
              {' · '}
              {t('questions.answerCount', { count: q.answerCount })}
            </p>
            <div className="actions">
              <Form method="post" className="inline">
                <input type="hidden" name="intent" value="move" />
                <input type="hidden" name="questionId" value={q.id} />
                <button type="submit" name="direction" value="up" className="button" disabled={index === 0}>
                  {t('questions.moveUp')}
                </button>
                <button
                  type="submit"
                  name="direction"
                  value="down"
                  className="button"
                  disabled={index === asked.length - 1}
                >
                  {t('questions.moveDown')}
                </button>
              </Form>
              <Form method="post" className="inline">
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="questionId" value={q.id} />
                <button type="submit" className="button button-danger">
                  {q.answerCount ? t('questions.retire') : t('questions.remove')}
                </button>
              </Form>
            </div>
            <details open={reply?.intent === 'update' && reply.questionId === q.id}>
              <summary>{t('questions.edit')}</summary>
              <QuestionForm
                form={form}
                question={q}
                lastResult={reply?.intent === 'update' && reply.questionId === q.id ? reply.result : undefined}
              />
            </details>
          </li>
        ))}
      </ol>
      {retired.length ? (
        <section>
          <h2>{t('questions.retiredTitle')}</h2>
          <p className="muted">{t('questions.retiredLead')}</p>
          <ul>
            {retired.map((q) => (
              <li key={q.id}>
                {q.label} ({t('questions.answerCount', { count: q.answerCount })})
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="panel">
        <h2>{t('questions.addTitle')}</h2>
        <QuestionForm form={form} lastResult={reply?.intent === 'add' ? reply.result : undefined} />
      </section>
      <CopyForm sources={copySources} lastResult={reply?.intent === 'copy' ? reply.result : undefined} />
    </>
  )
}

function QuestionForm({
  form: formName,
  question,
  lastResult,
}: {
  form: Form
  question?: { id: string; kind: string; label: string; labelEn: string | null } & {
    choices: { label: string; labelEn: string | null }[]
    asSelect: boolean
    required: boolean
  }
  lastResult: SubmissionResult<string[]> | undefined
}) {
  const t = useT()
  const schema = questionEditorSchema(formName)
  const [form, fields] = useForm({
    id: question ? `question-${question.id}` : 'new-question',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    defaultValue: question
      ? {
          question: {
            kind: question.kind,
            label: question.label,
            labelEn: question.labelEn ?? '',
            choices: choiceLinesText(question.choices),
            asSelect: question.asSelect ? 'on' : undefined,
            required: question.required ? 'on' : undefined,
          },
        }
      : { question: { kind: 'SHORT_TEXT' } },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
  const q = fields.question.getFieldset()
  const kinds: readonly QuestionKind[] = formName === 'SURVEY' ? QUESTION_KINDS : REGISTRATION_KINDS
  return (
    <Form method="post" {...getFormProps(form)} className="form question-form" noValidate>
      <input type="hidden" name="intent" value={question ? 'update' : 'add'} />
      {question ? <input type="hidden" name="questionId" value={question.id} /> : null}
      <FieldError id={form.errorId} errors={form.errors} t={t} />
      <Field
        id={q.kind.id}
        label={t('questions.kindLabel')}
        required
        errorId={q.kind.errorId}
        errors={q.kind.errors}
        t={t}
      >
        <select {...getInputProps(q.kind, { type: 'text' })} defaultValue={q.kind.initialValue}>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {t(`questions.kind.${k}` as 'questions.kind.SHORT_TEXT')}
            </option>
          ))}
        </select>
      </Field>
      <div className="grid-2">
        <Field
          id={q.label.id}
          label={t('questions.label')}
          required
          errorId={q.label.errorId}
          errors={q.label.errors}
          t={t}
        >
          <input {...getInputProps(q.label, { type: 'text' })} />
        </Field>
        <Field
          id={q.labelEn.id}
          label={t('questions.labelEn')}
          errorId={q.labelEn.errorId}
          errors={q.labelEn.errors}
          t={t}
        >
          <input {...getInputProps(q.labelEn, { type: 'text' })} lang="en" />
        </Field>
      </div>
      <Field
        id={q.choices.id}
        label={t('questions.choices')}
        hint={t('questions.choicesHint')}
        hintId={`${q.choices.id}-hint`}
        errorId={q.choices.errorId}
        errors={q.choices.errors}
        t={t}
      >
        <textarea
          {...getTextareaProps(q.choices)}
          rows={4}
          aria-describedby={`${q.choices.id}-hint ${q.choices.errorId}`}
        />
      </Field>
      <div className="field">
        <label className="choice">
          <input {...getInputProps(q.required, { type: 'checkbox' })} /> {t('questions.requiredLabel')}
        </label>
        <label className="choice">
          <input {...getInputProps(q.asSelect, { type: 'checkbox' })} /> {t('questions.asSelect')}
        </label>
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary">
          {question ? t('console.save') : t('questions.add')}
        </button>
      </div>
    </Form>
  )
}

function CopyForm({
  sources,
  lastResult,
}: {
  sources: { value: string; label: string; template: boolean }[]
  lastResult: SubmissionResult<string[]> | undefined
}) {
  const t = useT()
  const errors = lastResult?.error?.from ?? undefined
  if (!sources.length) return null
  return (
    <section className="panel">
      <h2>{t('questions.copyTitle')}</h2>
      <Form method="post" className="form">
        <input type="hidden" name="intent" value="copy" />
        <Field
          id="copy-from"
          label={t('questions.copyFrom')}
          required
          errorId="copy-from-error"
          errors={errors ?? undefined}
          t={t}
        >
          <select id="copy-from" name="from" defaultValue="">
            <option value="">{t('questions.choose')}</option>
            {sources.map((s) => (
              <option key={s.value} value={s.value}>
                {s.template ? t('questions.template', { name: s.label }) : s.label}
              </option>
            ))}
          </select>
        </Field>
        <div className="actions">
          <button type="submit" className="button">
            {t('questions.copy')}
          </button>
        </div>
      </Form>
    </section>
  )
}
