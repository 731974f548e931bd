import { getInputProps, getSelectProps, type FieldMetadata } from '@conform-to/react'
import { Field, FieldSet } from '~/components/field'
import { JSIC_DIVISIONS } from '~/modules/registration/jsic'
import type { Lang, T } from '~/utils/i18n'

/** The JSIC major divisions as options of an industry select, with an empty first choice. */
export function IndustryOptions({ lang, t }: { lang: Lang; t: T }) {
  return (
    <>
      <option value="">{t('form.industryPlaceholder')}</option>
      {JSIC_DIVISIONS.map((d) => (
        <option key={d.code} value={d.code}>
          {d.code} {d[lang]}
        </option>
      ))}
    </>
  )
}

/** 市内 / 市外 as two radio buttons of one field (a third, 不明, where the answer may be unknown). */
export function InCityChoices({
  field,
  t,
  allowUnknown = false,
  required = false,
}: {
  field: FieldMetadata<unknown>
  t: T
  allowUnknown?: boolean
  /** Each radio carries `required`; the group (a FieldSet with `radios`) carries `aria-required`. */
  required?: boolean
}) {
  const mark = required ? { required: true } : {}
  return (
    <>
      <label className="choice">
        <input {...getInputProps(field, { type: 'radio', value: 'yes' })} id={`${field.id}-yes`} {...mark} />{' '}
        {t('form.inCityYes')}
      </label>
      <label className="choice">
        <input {...getInputProps(field, { type: 'radio', value: 'no' })} id={`${field.id}-no`} {...mark} />{' '}
        {t('form.inCityNo')}
      </label>
      {allowUnknown ? (
        <label className="choice">
          <input {...getInputProps(field, { type: 'radio', value: 'unknown' })} id={`${field.id}-unknown`} />{' '}
          {t('form.inCityUnknownChoice')}
        </label>
      ) : null}
    </>
  )
}

/** The required 市内 / 市外 question of the participant forms (public, on-behalf, change). */
export function InCityField({ meta, t }: { meta: FieldMetadata<unknown>; t: T }) {
  return (
    <FieldSet id={meta.id} legend={t('form.inCity')} required radios errorId={meta.errorId} errors={meta.errors} t={t}>
      <InCityChoices field={meta} t={t} required />
    </FieldSet>
  )
}

/** The ふりがな row of a person form, with its hint; required where the form is in Japanese. */
export function FuriganaField({
  meta,
  required,
  t,
}: {
  meta: FieldMetadata<string | null | undefined>
  required: boolean
  t: T
}) {
  return (
    <Field
      id={meta.id}
      label={t('form.furigana')}
      required={required}
      hint={t('form.furiganaHint')}
      hintId={meta.descriptionId}
      errorId={meta.errorId}
      errors={meta.errors}
      t={t}
    >
      <input {...getInputProps(meta, { type: 'text', ariaDescribedBy: meta.descriptionId })} />
    </Field>
  )
}
/** The 法人番号 row of a person form: 13 digits, a hint where to look it up, its error. */
export function CorporateNumberField({ meta, t }: { meta: FieldMetadata<string | null | undefined>; t: T }) {
  return (
    <Field
      id={meta.id}
      label={t('form.corporateNumber')}
      hint={t('form.corporateNumberHint')}
      hintId={meta.descriptionId}
      errorId={meta.errorId}
      errors={meta.errors}
      t={t}
    >
      <input
        {...getInputProps(meta, { type: 'text', ariaDescribedBy: meta.descriptionId })}
        inputMode="numeric"
        className="narrow"
      />
    </Field>
  )
}

/** The 業種 (JSIC major division) row of a person form. */
export function IndustryField({
  meta,
  lang,
  t,
  required,
}: {
  meta: FieldMetadata<string | null | undefined>
  lang: Lang
  t: T
  required?: boolean
}) {
  return (
    <Field
      id={meta.id}
      label={t('form.industry')}
      required={required}
      errorId={meta.errorId}
      errors={meta.errors}
      t={t}
    >
      <select {...getSelectProps(meta)}>
        <IndustryOptions lang={lang} t={t} />
      </select>
    </Field>
  )
}
