import { getCollectionProps, getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { Form, Link } from '@remix-run/react'
import { ErrorSummary, Field, FieldError, FieldSet, requiredProps, type SummaryField } from '~/components/field'
import { CorporateNumberField, FuriganaField, IndustryField, InCityField } from '~/components/person-fields'
import { SessionTime } from '~/components/seminar-bits'
import { GROUP_MAX_PEOPLE, registrationFormSchema, type RegistrationForm } from '~/modules/registration/form-schema'
import { HONEYPOT_FIELD, HONEYPOT_STYLE } from '~/modules/registration/honeypot'
import type { AskedQuestion } from '~/modules/questions/definitions'
import { AnswerFields, answerSummary } from '~/components/questions/answer-fields'
import type { Availability } from '~/modules/scheduling/availability'
import { useLang, useT } from '~/utils/use-i18n'
import { formatDateTime } from '~/utils/time'

/**
 * The public registration form of a seminar open for registration (app/routes/seminars.$id.register.tsx):
 * the person, the attendance mode where there is a choice, and consent. With JavaScript the same
 * schema checks it in the browser — on submit, then on every change once an error is shown, with
 * no request to the server (docs/decisions/0038); the server checks it again, and alone without
 * JavaScript. The submit button is never disabled: the form's submission key makes a second
 * press harmless (one registration).
 */
export function PublicRegistrationForm({
  seminar,
  questions = [],
  submissionKey,
  lastResult,
}: {
  seminar: {
    mode: 'IN_PERSON' | 'ONLINE' | 'HYBRID'
    waitlistEnabled: boolean
    availability: Availability
    /** Asks which sessions the person will attend (docs/decisions/0035). */
    sessionChoice?: boolean
    sessions?: { id: string; number: number; startsAt: Date | string; endsAt: Date | string }[]
    /** A lottery seminar's draw (docs/decisions/0049-lottery.md): applications until drawAt, while not drawn. */
    lottery?: { drawAt: Date | string; drawnAt: Date | string | null } | null
  }
  /** The seminar's own questions (docs/decisions/0046-questions.md). */
  questions?: AskedQuestion[]
  /** A fresh key per rendered form: submitting the same form twice creates one registration. */
  submissionKey: string
  lastResult:
    | (SubmissionResult<string[]> & { retryAfterMinutes?: number; seatsLeft?: number; people?: number })
    | undefined
}) {
  const t = useT()
  const lang = useLang()
  const offered = seminar.mode === 'HYBRID' ? (['IN_PERSON', 'ONLINE'] as const) : ([seminar.mode] as const)
  const [form, fields] = useForm<RegistrationForm>({
    id: 'registration',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: registrationFormSchema(lang, questions) }),
    defaultValue: {
      submissionKey,
      mode: offered.length === 1 ? offered[0] : undefined,
      // Where people choose sessions, all are ticked to begin with.
      sessionIds: seminar.sessionChoice ? seminar.sessions?.map((s) => s.id) : undefined,
    },
  })
  // Messages may be a field key ("required") or a domain error key ("errors.DUPLICATE_EMAIL").
  const minutes = lastResult?.retryAfterMinutes !== undefined ? Number(lastResult.retryAfterMinutes) : 1
  const seats = Number(lastResult?.seatsLeft ?? 0)
  const people = Number(lastResult?.people ?? 0)
  const tr = (messages: string[] | undefined) =>
    messages?.map((m) => (m.startsWith('errors.') && t.has(m) ? t(m, { minutes, seats, people }) : m))
  const { state } = seminar.availability
  // A lottery not drawn yet: the form applies for the draw, seats or none (no waiting list yet).
  const draw = seminar.lottery?.drawnAt === null ? seminar.lottery : null
  const members = fields.members.getFieldList()
  const groupSize = members.length + 1
  const offeredChoice = offered.length > 1
  // The error summary's links, in the order of the form.
  const summary: SummaryField[] = [
    { id: fields.name.id, label: t('form.name'), errors: fields.name.errors },
    { id: fields.furigana.id, label: t('form.furigana'), errors: fields.furigana.errors },
    { id: fields.email.id, label: t('form.email'), errors: tr(fields.email.errors) },
    { id: fields.organizationName.id, label: t('form.organization'), errors: fields.organizationName.errors },
    { id: fields.corporateNumber.id, label: t('form.corporateNumber'), errors: fields.corporateNumber.errors },
    { id: fields.industry.id, label: t('form.industry'), errors: fields.industry.errors },
    { id: fields.inCity.id, label: t('form.inCity'), errors: fields.inCity.errors },
    ...(offeredChoice ? [{ id: fields.mode.id, label: t('form.mode'), errors: fields.mode.errors }] : []),
    { id: fields.sessionIds.id, label: t('form.sessions'), errors: fields.sessionIds.errors },
    ...answerSummary(questions, fields.answers, lang),
    ...members.flatMap((member, index) => {
      const person = member.getFieldset()
      const who = t('form.group.person', { n: index + 2 })
      return [
        { id: person.name.id, label: `${who} ${t('form.name')}`, errors: person.name.errors },
        { id: person.furigana.id, label: `${who} ${t('form.furigana')}`, errors: person.furigana.errors },
        { id: person.email.id, label: `${who} ${t('form.email')}`, errors: tr(person.email.errors) },
      ]
    }),
    { id: fields.members.id, label: t('form.group.title'), errors: fields.members.errors },
    { id: fields.consent.id, label: t('form.consentLink'), errors: fields.consent.errors },
  ]
  // A single-mode seminar's mode and the submission key are hidden: their errors say what to do.
  const formErrors = [
    ...(tr(form.errors) ?? []),
    ...(offeredChoice ? [] : (fields.mode.errors ?? [])),
    ...(fields.submissionKey.errors ?? []),
  ]
  return (
    <Form method="post" {...getFormProps(form)} className="form" noValidate>
      {draw ? (
        <p className="notice" data-testid="lottery-form-notice">
          {t('lotteryEntry.formNotice', { date: formatDateTime(new Date(draw.drawAt), lang) })}
        </p>
      ) : state === 'WAITLIST' ? (
        <p className="notice">{t('form.waitlistNotice')}</p>
      ) : null}
      <ErrorSummary id={form.errorId} formErrors={formErrors} fields={summary} t={t} />
      <p className="muted">{t('form.intro')}</p>
      <input {...getInputProps(fields.submissionKey, { type: 'hidden' })} />
      {/* The honeypot: off screen, out of the tab order, hidden from screen readers. */}
      <div aria-hidden="true" style={HONEYPOT_STYLE}>
        <label htmlFor="registration-website">{t('form.honeypot')}</label>
        <input id="registration-website" type="text" name={HONEYPOT_FIELD} tabIndex={-1} autoComplete="off" />
      </div>

      <Field
        id={fields.name.id}
        label={t('form.name')}
        required
        errorId={fields.name.errorId}
        errors={fields.name.errors}
        t={t}
      >
        <input {...getInputProps(fields.name, { type: 'text' })} autoComplete="name" />
      </Field>
      <FuriganaField meta={fields.furigana} required={lang === 'ja'} t={t} />
      <Field
        id={fields.email.id}
        label={t('form.email')}
        required
        hint={t('form.emailHint')}
        hintId={fields.email.descriptionId}
        errorId={fields.email.errorId}
        errors={tr(fields.email.errors)}
        t={t}
      >
        <input
          {...getInputProps(fields.email, { type: 'email', ariaDescribedBy: fields.email.descriptionId })}
          autoComplete="email"
          inputMode="email"
        />
      </Field>
      <Field
        id={fields.organizationName.id}
        label={t('form.organization')}
        errorId={fields.organizationName.errorId}
        errors={fields.organizationName.errors}
        t={t}
      >
        <input {...getInputProps(fields.organizationName, { type: 'text' })} autoComplete="organization" />
      </Field>
      <CorporateNumberField meta={fields.corporateNumber} t={t} />
      <IndustryField meta={fields.industry} lang={lang} t={t} required />
      <InCityField meta={fields.inCity} t={t} />
      {offeredChoice ? (
        <FieldSet
          id={fields.mode.id}
          legend={t('form.mode')}
          required
          radios
          errorId={fields.mode.errorId}
          errors={fields.mode.errors}
          t={t}
        >
          {offered.map((m) => {
            const full = seminar.availability.modes.find((x) => x.mode === m)?.full ?? false
            // A full mode of a seminar without a waiting list cannot be chosen.
            const closed = full && !seminar.waitlistEnabled
            return (
              <label className="choice" key={m}>
                <input
                  {...getInputProps(fields.mode, { type: 'radio', value: m })}
                  id={`${fields.mode.id}-${m}`}
                  disabled={closed}
                  required
                />{' '}
                {t(`attend.${m}`)}
                {full ? ` (${closed ? t('state.FULL') : t('state.WAITLIST')})` : ''}
              </label>
            )
          })}
        </FieldSet>
      ) : (
        <input {...getInputProps(fields.mode, { type: 'hidden' })} />
      )}
      {seminar.sessionChoice && seminar.sessions ? (
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
            options: seminar.sessions.map((s) => s.id),
          }).map(({ key, ...props }) => {
            const s = seminar.sessions!.find((x) => x.id === props.value)!
            return (
              <label className="choice" key={key}>
                <input {...props} /> {t('seminar.session', { number: s.number })}{' '}
                <SessionTime startsAt={s.startsAt} endsAt={s.endsAt} lang={lang} />
              </label>
            )
          })}
        </FieldSet>
      ) : null}
      {questions.length ? (
        <section className="answers" aria-labelledby="answers-title">
          <h2 id="answers-title">{t('answer.title')}</h2>
          <AnswerFields questions={questions} answers={fields.answers} lang={lang} t={t} />
        </section>
      ) : null}
      {/* Enter in a text field sends the form, not the first "add" or "remove" button below. */}
      <button type="submit" style={HONEYPOT_STYLE} tabIndex={-1} aria-hidden="true" />
      <section className="group-members" aria-labelledby="group-members-title" id={fields.members.id}>
        <h2 id="group-members-title">{t('form.group.title')}</h2>
        <p className="hint">{t('form.group.intro', { max: GROUP_MAX_PEOPLE })}</p>
        <p className="hint">{draw ? t('lotteryEntry.groupNote') : t('form.group.allOrNone')}</p>
        {members.map((member, index) => {
          const person = member.getFieldset()
          return (
            <fieldset key={member.key} className="group-member" id={member.id}>
              <legend>{t('form.group.person', { n: index + 2 })}</legend>
              <Field
                id={person.name.id}
                label={t('form.name')}
                required
                errorId={person.name.errorId}
                errors={person.name.errors}
                t={t}
              >
                <input {...getInputProps(person.name, { type: 'text' })} />
              </Field>
              <Field
                id={person.furigana.id}
                label={t('form.furigana')}
                required={lang === 'ja'}
                errorId={person.furigana.errorId}
                errors={person.furigana.errors}
                t={t}
              >
                <input {...getInputProps(person.furigana, { type: 'text' })} />
              </Field>
              <Field
                id={person.email.id}
                label={t('form.email')}
                hint={t('form.group.emailHint')}
                hintId={person.email.descriptionId}
                errorId={person.email.errorId}
                errors={person.email.errors}
                t={t}
              >
                <input
                  {...getInputProps(person.email, { type: 'email', ariaDescribedBy: person.email.descriptionId })}
                  inputMode="email"
                />
              </Field>
              <button className="button" {...form.remove.getButtonProps({ name: fields.members.name, index })}>
                {t('form.group.remove')}
              </button>
            </fieldset>
          )
        })}
        <FieldError id={fields.members.errorId} errors={fields.members.errors} t={t} />
        {groupSize < GROUP_MAX_PEOPLE ? (
          <button className="button" {...form.insert.getButtonProps({ name: fields.members.name })}>
            {t('form.group.add')}
          </button>
        ) : (
          <p className="notice">{t('form.group.max', { max: GROUP_MAX_PEOPLE })}</p>
        )}
      </section>
      <FieldSet
        legend={t('form.consentLink')}
        required
        errorId={fields.consent.errorId}
        errors={fields.consent.errors}
        t={t}
      >
        <p className="hint">
          <Link to="/privacy" target="_blank">
            {t('form.consentLink')}
          </Link>
        </p>
        <label className="choice">
          <input {...getInputProps(fields.consent, { type: 'checkbox' })} {...requiredProps(true)} />{' '}
          {t('form.consent')}
        </label>
      </FieldSet>
      <button type="submit" className="button button-primary">
        {groupSize > 1
          ? t(draw ? 'lotteryEntry.groupSubmit' : 'form.group.submit', { n: groupSize })
          : draw
            ? t('lotteryEntry.apply')
            : state === 'WAITLIST'
              ? t('form.submitWaitlist')
              : t('form.submit')}
      </button>
    </Form>
  )
}
