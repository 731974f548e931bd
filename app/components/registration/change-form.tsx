import {
  getCollectionProps,
  getFormProps,
  getInputProps,
  getSelectProps,
  useForm,
  type SubmissionResult,
} from '@conform-to/react'
import { Form, Link } from '@remix-run/react'
import { ErrorSummary, Field, FieldSet, TextField } from '~/components/field'
import { CorporateNumberField, FuriganaField, IndustryField, InCityField } from '~/components/person-fields'
import { SessionTime } from '~/components/seminar-bits'
import type { ChangeForm } from '~/modules/registration/change-schema'
import type { AskedQuestion } from '~/modules/questions/definitions'
import { AnswerFields, answerSummary } from '~/components/questions/answer-fields'
import { useLang, useT } from '~/utils/use-i18n'

type Mode = 'IN_PERSON' | 'ONLINE'

export type ChangeFormPage = {
  token: string
  registration: {
    name: string
    furigana: string
    email: string
    organizationName: string | null
    corporateNumber: string | null
    industry: string | null
    inCity: boolean | null
    language: 'ja' | 'en'
    mode: Mode
  }
  seminar: {
    sessionChoice: boolean
    sessions: { id: string; number: number; startsAt: Date | string; endsAt: Date | string }[]
  }
  chosenSessionIds: string[]
  /** The seminar's own questions, and this registration's answers as form values. */
  questions: AskedQuestion[]
  answers: Record<string, string | string[]>
  modes: { mode: Mode; full: boolean; closed: boolean }[]
  modeChangeOpen: boolean
}

/**
 * The participant's change form (app/routes/r.$token.change.tsx): the registration form's fields,
 * prefilled, without the email; the mode (and the sessions, where the seminar lets people choose)
 * while registration is open, with what a change of mode costs said before it is sent. A plain
 * form checked on the server (with or without JavaScript); what was typed comes back with errors.
 */
export function RegistrationChangeForm({
  page,
  lastResult,
}: {
  page: ChangeFormPage
  lastResult: SubmissionResult<string[]> | undefined
}) {
  const t = useT()
  const lang = useLang()
  const r = page.registration
  const [form, fields] = useForm<ChangeForm>({
    id: 'change',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onSubmit',
    defaultValue: {
      name: r.name,
      furigana: r.furigana,
      organizationName: r.organizationName ?? '',
      corporateNumber: r.corporateNumber ?? '',
      industry: r.industry ?? '',
      inCity: r.inCity === null ? undefined : r.inCity ? 'yes' : 'no',
      language: r.language,
      mode: r.mode,
      sessionIds: page.chosenSessionIds,
      answers: page.answers,
    },
  })
  const messages = (keys: string[] | undefined) => keys?.map((k) => (t.has(k) ? t(k) : k))
  const canMove = page.modeChangeOpen && page.modes.length > 1
  // The agreement matters only where a mode the person could move to is full and keeps a queue.
  const someFull = canMove && page.modes.some((m) => m.mode !== r.mode && m.full && !m.closed)
  return (
    <Form method="post" {...getFormProps(form)} className="form" noValidate>
      <ErrorSummary
        id={form.errorId}
        formErrors={messages(form.errors)}
        fields={[
          { id: fields.name.id, label: t('form.name'), errors: fields.name.errors },
          { id: fields.furigana.id, label: t('form.furigana'), errors: fields.furigana.errors },
          { id: fields.organizationName.id, label: t('form.organization'), errors: fields.organizationName.errors },
          { id: fields.corporateNumber.id, label: t('form.corporateNumber'), errors: fields.corporateNumber.errors },
          { id: fields.industry.id, label: t('form.industry'), errors: fields.industry.errors },
          { id: fields.inCity.id, label: t('form.inCity'), errors: fields.inCity.errors },
          { id: fields.language.id, label: t('change.language'), errors: fields.language.errors },
          { id: fields.mode.id, label: t('form.mode'), errors: messages(fields.mode.errors) },
          { id: fields.sessionIds.id, label: t('form.sessions'), errors: messages(fields.sessionIds.errors) },
          ...answerSummary(page.questions, fields.answers, lang),
        ]}
        t={t}
      />
      <p className="muted">{t('form.intro')}</p>
      <p className="notice">{r.email ? t('change.emailFixed', { email: r.email }) : t('change.noEmail')}</p>
      <TextField meta={fields.name} label={t('form.name')} required t={t} />
      <FuriganaField meta={fields.furigana} required={lang === 'ja'} t={t} />
      <TextField meta={fields.organizationName} label={t('form.organization')} t={t} />
      <CorporateNumberField meta={fields.corporateNumber} t={t} />
      <IndustryField meta={fields.industry} lang={lang} t={t} required />
      <InCityField meta={fields.inCity} t={t} />
      <Field
        id={fields.language.id}
        label={t('change.language')}
        errorId={fields.language.errorId}
        errors={fields.language.errors}
        t={t}
      >
        <select {...getSelectProps(fields.language)}>
          <option value="ja">{t('change.languageJa')}</option>
          <option value="en">{t('change.languageEn')}</option>
        </select>
      </Field>

      {canMove ? (
        <FieldSet
          id={fields.mode.id}
          legend={t('form.mode')}
          required
          radios
          errorId={fields.mode.errorId}
          errors={fields.mode.errors}
          t={t}
        >
          <p className="hint">{t('change.modeNote')}</p>
          {page.modes.map((m) => (
            <label className="choice" key={m.mode}>
              <input
                {...getInputProps(fields.mode, { type: 'radio', value: m.mode })}
                id={`${fields.mode.id}-${m.mode}`}
                disabled={m.closed}
                required
              />{' '}
              {t(`attend.${m.mode}`)}
              {m.closed ? t('change.modeFullNoWaitlist') : m.full ? t('change.modeFull') : ''}
            </label>
          ))}
          {someFull ? (
            <label className="choice">
              <input {...getInputProps(fields.acceptWaitlist, { type: 'checkbox' })} /> {t('change.acceptWaitlist')}
            </label>
          ) : null}
        </FieldSet>
      ) : (
        <>
          <input type="hidden" name={fields.mode.name} value={r.mode} />
          <p>
            {t('form.mode')}: {t(`attend.${r.mode}`)}
          </p>
        </>
      )}

      {page.seminar.sessionChoice ? (
        page.modeChangeOpen ? (
          <FieldSet
            id={fields.sessionIds.id}
            legend={t('form.sessions')}
            required
            errorId={fields.sessionIds.errorId}
            errors={fields.sessionIds.errors}
            t={t}
          >
            <p className="hint">{t('form.sessionsHint')}</p>
            {getCollectionProps(fields.sessionIds, {
              type: 'checkbox',
              options: page.seminar.sessions.map((s) => s.id),
            }).map(({ key, ...props }) => {
              const s = page.seminar.sessions.find((x) => x.id === props.value)!
              return (
                <label className="choice" key={key}>
                  <input {...props} /> {t('seminar.session', { number: s.number })}{' '}
                  <SessionTime startsAt={s.startsAt} endsAt={s.endsAt} lang={lang} />
                </label>
              )
            })}
          </FieldSet>
        ) : (
          page.chosenSessionIds.map((id) => <input key={id} type="hidden" name={fields.sessionIds.name} value={id} />)
        )
      ) : null}

      {page.questions.length ? (
        <section className="answers" aria-labelledby="answers-title">
          <h2 id="answers-title">{t('answer.title')}</h2>
          <AnswerFields questions={page.questions} answers={fields.answers} lang={lang} t={t} />
        </section>
      ) : null}
      {!page.modeChangeOpen ? <p className="muted">{t('change.closedNote')}</p> : null}
      <div className="actions">
        <button type="submit" className="button button-primary">
          {t('change.submit')}
        </button>
        <Link to={`/r/${page.token}`} className="button">
          {t('change.back')}
        </Link>
      </div>
    </Form>
  )
}
