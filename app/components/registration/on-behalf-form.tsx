import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { ErrorSummary, Field, FieldSet, TextField } from '~/components/field'
import { CorporateNumberField, FuriganaField, IndustryField, InCityField } from '~/components/person-fields'
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
      <ErrorSummary
        id={form.errorId}
        formErrors={[...(messages(form.errors) ?? []), ...(modes.length > 1 ? [] : (fields.mode.errors ?? []))]}
        fields={[
          { id: fields.name.id, label: t('form.name'), errors: fields.name.errors },
          { id: fields.furigana.id, label: t('form.furigana'), errors: fields.furigana.errors },
          { id: fields.email.id, label: t('form.email'), errors: messages(fields.email.errors) },
          { id: fields.phone.id, label: t('onBehalf.phone'), errors: fields.phone.errors },
          { id: fields.organizationName.id, label: t('form.organization'), errors: fields.organizationName.errors },
          { id: fields.corporateNumber.id, label: t('form.corporateNumber'), errors: fields.corporateNumber.errors },
          { id: fields.industry.id, label: t('form.industry'), errors: fields.industry.errors },
          { id: fields.inCity.id, label: t('form.inCity'), errors: fields.inCity.errors },
          ...(modes.length > 1 ? [{ id: fields.mode.id, label: t('form.mode'), errors: fields.mode.errors }] : []),
          { id: fields.language.id, label: t('onBehalf.language'), errors: fields.language.errors },
        ]}
        t={t}
      />
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
      <InCityField meta={fields.inCity} t={t} />
      {modes.length > 1 ? (
        <FieldSet
          id={fields.mode.id}
          legend={t('form.mode')}
          required
          radios
          errorId={fields.mode.errorId}
          errors={fields.mode.errors}
          t={t}
        >
          {modes.map((m) => (
            <label className="choice" key={m}>
              <input
                {...getInputProps(fields.mode, { type: 'radio', value: m })}
                id={`${fields.mode.id}-${m}`}
                required
              />{' '}
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
