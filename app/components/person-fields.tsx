import { getInputProps, type FieldMetadata } from '@conform-to/react'
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
}: {
  field: FieldMetadata<unknown>
  t: T
  allowUnknown?: boolean
}) {
  return (
    <>
      <label className="choice">
        <input {...getInputProps(field, { type: 'radio', value: 'yes' })} id={`${field.id}-yes`} />{' '}
        {t('form.inCityYes')}
      </label>
      <label className="choice">
        <input {...getInputProps(field, { type: 'radio', value: 'no' })} id={`${field.id}-no`} /> {t('form.inCityNo')}
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
