import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { Field, FieldSet, TextField } from '~/components/field'
import { CorporateNumberField, FuriganaField, IndustryField, InCityChoices } from '~/components/person-fields'
import type { OnBehalfForm } from '~/modules/registration/on-behalf-schema'
import { useLang, useT } from '~/utils/use-i18n'

/**
 * The form staff fill in for an application by phone, fax, at the counter or on paper
 * (app/routes/console.seminars.$id.registrations.new.tsx): the public form's fields, email
 * optional, a phone number, the person's language, and whether to mail the confirmation. Checked
 * on the server (one round trip, with or without JavaScript); what was typed comes back with
 * the errors.
 */
export function OnBehalfRegistrationForm({
  modes,
  submissionKey,
  lastResult,
}: {
  modes: ('IN_PERSON' | 'ONLINE')[]
  submissionKey: string
  lastResult: SubmissionResult<string[]> | undefined
}) {
  const t = useT()
  const lang = useLang()
  const [form, fields] = useForm<OnBehalfForm>({
    id: 'on-behalf',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onSubmit',
    defaultValue: {
      submissionKey,
      mode: modes.length === 1 ? modes[0] : undefined,
      language: 'ja',
      sendMail: 'on',
    },
  })
  const messages = (keys: string[] | undefined) => keys?.map((k) => (t.has(k) ? t(k) : k))
  return (
    <Form method="post" {...getFormProps(form)} className="form" noValidate>
      {Object.keys(form.allErrors).length > 0 ? (
        <div className="error-summary" role="alert" id={form.errorId}>
          <p>{t('form.errorSummary')}</p>
          {messages(form.errors)?.map((e) => (
            <p key={e}>{e}</p>
          ))}
        </div>
      ) : null}
      <p className="muted">{t('onBehalf.privacyNote')}</p>
      <input {...getInputProps(fields.submissionKey, { type: 'hidden' })} />
      <TextField meta={fields.name} label={t('form.name')} required t={t} />
      <FuriganaField meta={fields.furigana} required={false} t={t} />
      <Field
        id={fields.email.id}
        label={t('form.email')}
        hint={t('onBehalf.emailHint')}
        hintId={fields.email.descriptionId}
        errorId={fields.email.errorId}
        errors={fields.email.errors}
        t={t}
      >
        <input
          {...getInputProps(fields.email, { type: 'email', ariaDescribedBy: fields.email.descriptionId })}
          inputMode="email"
        />
      </Field>
      <Field
        id={fields.phone.id}
        label={t('onBehalf.phone')}
        hint={t('onBehalf.phoneHint')}
        hintId={fields.phone.descriptionId}
        errorId={fields.phone.errorId}
        errors={fields.phone.errors}
        t={t}
      >
        <input
          {...getInputProps(fields.phone, { type: 'tel', ariaDescribedBy: fields.phone.descriptionId })}
          className="narrow"
        />
      </Field>
      <TextField meta={fields.organizationName} label={t('form.organization')} t={t} />
      <CorporateNumberField meta={fields.corporateNumber} t={t} />
      <IndustryField meta={fields.industry} lang={lang} t={t} required />
      <FieldSet legend={t('form.inCity')} required errorId={fields.inCity.errorId} errors={fields.inCity.errors} t={t}>
        <InCityChoices field={fields.inCity} t={t} />
      </FieldSet>
      {modes.length > 1 ? (
        <FieldSet legend={t('form.mode')} required errorId={fields.mode.errorId} errors={fields.mode.errors} t={t}>
          {modes.map((m) => (
            <label className="choice" key={m}>
              <input {...getInputProps(fields.mode, { type: 'radio', value: m })} id={`${fields.mode.id}-${m}`} />{' '}
              {t(`attend.${m}`)}
            </label>
          ))}
        </FieldSet>
      ) : (
        <input {...getInputProps(fields.mode, { type: 'hidden' })} />
      )}
      <Field
        id={fields.language.id}
        label={t('onBehalf.language')}
        errorId={fields.language.errorId}
        errors={fields.language.errors}
        t={t}
      >
        <select {...getSelectProps(fields.language)} className="narrow">
          <option value="ja">日本語</option>
          <option value="en">English</option>
        </select>
      </Field>
      <div className="field">
        <label className="choice">
          <input
            {...getInputProps(fields.sendMail, { type: 'checkbox', ariaDescribedBy: fields.sendMail.descriptionId })}
          />{' '}
          {t('onBehalf.sendMail')}
        </label>
        <p className="hint" id={fields.sendMail.descriptionId}>
          {t('onBehalf.sendMailHint')}
        </p>
      </div>
      <button type="submit" className="button button-primary">
        {t('onBehalf.submit')}
      </button>
    </Form>
  )
}
