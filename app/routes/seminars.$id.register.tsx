import crypto from 'node:crypto'
import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Field, FieldSet } from '~/components/field'
import { localized, SessionTime } from '~/components/seminar-bits'
import { registrationFormSchema, type RegistrationForm } from '~/modules/registration/form-schema'
import { HONEYPOT_FIELD, HONEYPOT_STYLE, honeypotFilled } from '~/modules/registration/honeypot'
import { IndustryOptions, InCityChoices } from '~/components/person-fields'
import { registerFromPublicPage } from '~/modules/registration/public-registration.server'
import { requirePublicSeminar } from '~/modules/scheduling/catalog.server'
import { retryAfterMinutes } from '~/modules/security/rate-limit.server'
import { db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { hasMessage, translator } from '~/utils/i18n'
import { clientAddress, getLang } from '~/utils/request.server'
import { replyWithAppError, requireParam } from '~/utils/route.server'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? 'Jisseki' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminar = await requirePublicSeminar(db(), requireParam(params, 'id'))
  const lang = getLang(request)
  const t = translator(lang)
  // A fresh key per rendered form: submitting the same form twice creates one registration.
  return {
    seminar,
    submissionKey: crypto.randomUUID(),
    pageTitle: `${t('form.title')}: ${localized(lang, seminar.title, seminar.titleEn)} | ${t('site.name')}`,
  }
}

// The Retry-After of a rate-limited submission reaches the page's response only through here.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get('Retry-After')
  return retryAfter ? { 'Retry-After': retryAfter } : new Headers()
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const lang = getLang(request)
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: registrationFormSchema(lang) })
  // A filled honeypot is a script: refused openly, nothing stored, nothing counted.
  if (honeypotFilled(formData)) return data(submission.reply({ formErrors: ['errors.FORM_REFUSED'] }), { status: 400 })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  try {
    // New, sent twice, or already registered (then the link is mailed to that address): one answer.
    const refusal = await registerFromPublicPage(db(), {
      seminarId,
      form: submission.value,
      language: lang,
      address: clientAddress(request, context),
    })
    if (refusal) {
      // The reply keeps what was typed: the person sends the same form again later.
      const key = refusal.reason === 'email' ? 'errors.RATE_LIMITED_EMAIL' : 'errors.RATE_LIMITED_ADDRESS'
      return data(
        { ...submission.reply({ formErrors: [key] }), retryAfterMinutes: retryAfterMinutes(refusal.retryAfterSeconds) },
        { status: 429, headers: { 'Retry-After': String(refusal.retryAfterSeconds) } },
      )
    }
  } catch (error) {
    if (!isAppError(error)) throw error
    return replyWithAppError(submission, error)
  }
  return redirect(`/seminars/${encodeURIComponent(seminarId)}/registered`)
}

export default function RegisterPage() {
  const { seminar, submissionKey } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const lang = useLang()
  const offered = seminar.mode === 'HYBRID' ? (['IN_PERSON', 'ONLINE'] as const) : ([seminar.mode] as const)
  const [form, fields] = useForm<RegistrationForm>({
    id: 'registration',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    defaultValue: { submissionKey, mode: offered.length === 1 ? offered[0] : undefined },
    // Validated on the server only (one round trip, with or without JavaScript): the schema
    // library would put the public page over its JavaScript budget (docs/decisions/0006).
  })
  // Messages may be a field key ("required") or a domain error key ("errors.DUPLICATE_EMAIL").
  const minutes = lastResult && 'retryAfterMinutes' in lastResult ? Number(lastResult.retryAfterMinutes) : 1
  const tr = (messages: string[] | undefined) =>
    messages?.map((m) => (m.startsWith('errors.') && hasMessage(m) ? t(m, { minutes }) : m))
  const { state, canRegister } = seminar.availability
  const title = localized(lang, seminar.title, seminar.titleEn)

  return (
    <article className="register">
      <p>
        <Link to={`/seminars/${seminar.id}`}>← {title}</Link>
      </p>
      <h1>{t('form.title')}</h1>
      <section className="panel summary">
        <h2>{title}</h2>
        <ul className="sessions compact">
          {seminar.sessions.map((s) => (
            <li key={s.id}>
              <SessionTime startsAt={s.startsAt} endsAt={s.endsAt} lang={lang} />
            </li>
          ))}
        </ul>
      </section>
      {!canRegister ? (
        <p className="notice" role="alert">
          {state === 'NOT_YET_OPEN'
            ? t('errors.REGISTRATION_NOT_OPEN')
            : state === 'FULL'
              ? t('seminar.fullNoWaitlist')
              : t('seminar.closed')}
        </p>
      ) : (
        <Form method="post" {...getFormProps(form)} className="form" noValidate>
          {state === 'WAITLIST' ? <p className="notice">{t('form.waitlistNotice')}</p> : null}
          {Object.keys(form.allErrors).length > 0 ? (
            <div className="error-summary" role="alert" id={form.errorId}>
              <p>{t('form.errorSummary')}</p>
              {tr(form.errors)?.map((e) => (
                <p key={e}>{e}</p>
              ))}
            </div>
          ) : null}
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
          <Field
            id={fields.furigana.id}
            label={t('form.furigana')}
            required={lang === 'ja'}
            hint={t('form.furiganaHint')}
            hintId={fields.furigana.descriptionId}
            errorId={fields.furigana.errorId}
            errors={fields.furigana.errors}
            t={t}
          >
            <input
              {...getInputProps(fields.furigana, { type: 'text', ariaDescribedBy: fields.furigana.descriptionId })}
            />
          </Field>
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
          <Field
            id={fields.corporateNumber.id}
            label={t('form.corporateNumber')}
            hint={t('form.corporateNumberHint')}
            hintId={fields.corporateNumber.descriptionId}
            errorId={fields.corporateNumber.errorId}
            errors={fields.corporateNumber.errors}
            t={t}
          >
            <input
              {...getInputProps(fields.corporateNumber, {
                type: 'text',
                ariaDescribedBy: fields.corporateNumber.descriptionId,
              })}
              inputMode="numeric"
              className="narrow"
            />
          </Field>
          <Field
            id={fields.industry.id}
            label={t('form.industry')}
            required
            errorId={fields.industry.errorId}
            errors={fields.industry.errors}
            t={t}
          >
            <select {...getSelectProps(fields.industry)}>
              <IndustryOptions lang={lang} t={t} />
            </select>
          </Field>
          <FieldSet
            legend={t('form.inCity')}
            required
            errorId={fields.inCity.errorId}
            errors={fields.inCity.errors}
            t={t}
          >
            <InCityChoices field={fields.inCity} t={t} />
          </FieldSet>
          {offered.length > 1 ? (
            <FieldSet legend={t('form.mode')} required errorId={fields.mode.errorId} errors={fields.mode.errors} t={t}>
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
              <input {...getInputProps(fields.consent, { type: 'checkbox' })} /> {t('form.consent')}
            </label>
          </FieldSet>
          <button type="submit" className="button button-primary" disabled={navigation.state === 'submitting'}>
            {state === 'WAITLIST' ? t('form.submitWaitlist') : t('form.submit')}
          </button>
        </Form>
      )}
    </article>
  )
}
