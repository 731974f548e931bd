import {
  getCollectionProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  type FieldMetadata,
} from '@conform-to/react'
import { Field, FieldSet, type SummaryField } from '~/components/field'
import {
  inLanguage,
  SATISFACTION_POINTS,
  SATISFACTION_WORDS,
  type AskedQuestion,
} from '~/modules/questions/definitions'
import type { T } from '~/utils/i18n'

type Lang = 'ja' | 'en'
type AnswersMeta = FieldMetadata<Record<string, unknown> | undefined>

/**
 * The organizer's own questions in a participant form (registration, change, survey): one row per
 * question, named `answers.<question id>`, in the reader's language. Plain controls: answered the
 * same way with and without JavaScript.
 */
export function AnswerFields({
  questions,
  answers,
  lang,
  t,
}: {
  questions: AskedQuestion[]
  answers: AnswersMeta
  lang: Lang
  t: T
}) {
  const fieldset = answers.getFieldset() as Record<string, FieldMetadata<unknown>>
  return (
    <>
      {questions.map((q) => (
        <AnswerField key={q.id} question={q} meta={fieldset[q.id]} lang={lang} t={t} />
      ))}
    </>
  )
}

/** The error summary's links for the questions, in the form's order. */
export function answerSummary(questions: AskedQuestion[], answers: AnswersMeta, lang: Lang): SummaryField[] {
  const fieldset = answers.getFieldset() as Record<string, FieldMetadata<unknown>>
  return questions.map((q) => {
    const meta = fieldset[q.id]
    return { id: meta.id, label: inLanguage(lang, q.label, q.labelEn), errors: meta.errors }
  })
}

function AnswerField({
  question: q,
  meta,
  lang,
  t,
}: {
  question: AskedQuestion
  meta: FieldMetadata<unknown>
  lang: Lang
  t: T
}) {
  const label = inLanguage(lang, q.label, q.labelEn)
  const mark = q.required ? { required: true } : {}
  const row = (control: React.ReactNode) => (
    <Field id={meta.id} label={label} required={q.required} errorId={meta.errorId} errors={meta.errors} t={t}>
      {control}
    </Field>
  )
  const radios = (options: { value: string; words: string }[]) => (
    <FieldSet
      id={meta.id}
      legend={label}
      required={q.required}
      radios
      errorId={meta.errorId}
      errors={meta.errors}
      t={t}
    >
      {options.map((o) => (
        <label className="choice" key={o.value}>
          <input {...getInputProps(meta, { type: 'radio', value: o.value })} id={`${meta.id}-${o.value}`} {...mark} />{' '}
          {o.words}
        </label>
      ))}
    </FieldSet>
  )
  switch (q.kind) {
    case 'SHORT_TEXT':
      return row(<input {...getInputProps(meta, { type: 'text' })} maxLength={400} />)
    case 'LONG_TEXT':
      return row(<textarea {...getTextareaProps(meta)} rows={4} />)
    case 'NUMBER':
      return row(<input {...getInputProps(meta, { type: 'text' })} inputMode="decimal" maxLength={40} />)
    case 'YES_NO':
      return radios([
        { value: 'yes', words: t('answer.yes') },
        { value: 'no', words: t('answer.no') },
      ])
    case 'SATISFACTION':
      return radios(SATISFACTION_POINTS.map((p) => ({ value: String(p), words: SATISFACTION_WORDS[p][lang] })))
    case 'ONE_CHOICE':
      if (q.asSelect) {
        return row(
          <select {...getSelectProps(meta)}>
            <option value="">{t('answer.choose')}</option>
            {q.choices.map((c) => (
              <option key={c.key} value={c.key}>
                {inLanguage(lang, c.label, c.labelEn)}
              </option>
            ))}
          </select>,
        )
      }
      return radios(q.choices.map((c) => ({ value: c.key, words: inLanguage(lang, c.label, c.labelEn) })))
    case 'MANY_CHOICES':
      return (
        <FieldSet id={meta.id} legend={label} required={q.required} errorId={meta.errorId} errors={meta.errors} t={t}>
          <p className="hint">{t('answer.manyHint')}</p>
          {getCollectionProps(meta, { type: 'checkbox', options: q.choices.map((c) => c.key) }).map(
            ({ key, ...props }) => {
              const c = q.choices.find((x) => x.key === props.value)!
              return (
                <label className="choice" key={key}>
                  <input {...props} id={`${meta.id}-${c.key}`} /> {inLanguage(lang, c.label, c.labelEn)}
                </label>
              )
            },
          )}
        </FieldSet>
      )
  }
}
