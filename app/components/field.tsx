import { getInputProps, type FieldMetadata } from '@conform-to/react'
import { cloneElement, isValidElement, type MouseEvent, type ReactNode } from 'react'
import { fieldMessage, type T } from '~/utils/i18n'

/**
 * What a required control carries: `required` (forms keep `noValidate`, so the browser announces
 * it without checking it) and `aria-required`, for screen readers that read only that. The visual
 * `*` beside the label is hidden from them.
 */
export const requiredProps = (required: boolean | undefined) =>
  required ? ({ required: true, 'aria-required': true } as const) : {}

/** The control of a row marked required: an input, select or textarea gets `requiredProps`. */
function markRequired(children: ReactNode, required: boolean | undefined): ReactNode {
  if (!required || !isValidElement<Record<string, unknown>>(children)) return children
  if (children.type !== 'input' && children.type !== 'select' && children.type !== 'textarea') return children
  return cloneElement(children, requiredProps(true))
}

/** A labelled form row with its hint and its translated error, wired for screen readers. */
export function Field({
  id,
  label,
  required,
  hint,
  hintId,
  errorId,
  errors,
  t,
  children,
}: {
  id: string
  label: ReactNode
  required?: boolean
  hint?: ReactNode
  hintId?: string
  errorId: string
  errors: string[] | undefined
  t: T
  children: ReactNode
}) {
  return (
    <div className={`field${errors?.length ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? (
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {markRequired(children, required)}
      <FieldError id={errorId} errors={errors} t={t} />
    </div>
  )
}

/** A labelled one-line text input of a Conform form: the row, the input and its error. */
export function TextField({
  meta,
  label,
  required,
  t,
}: {
  meta: FieldMetadata<string | null | undefined>
  label: ReactNode
  required?: boolean
  t: T
}) {
  return (
    <Field id={meta.id} label={label} required={required} errorId={meta.errorId} errors={meta.errors} t={t}>
      <input {...getInputProps(meta, { type: 'text' })} />
    </Field>
  )
}

export function FieldError({ id, errors, t }: { id: string; errors: string[] | undefined; t: T }) {
  return (
    <p className="field-error" id={id} aria-live="polite">
      {errors?.length ? fieldMessage(t, errors[0]) : null}
    </p>
  )
}

/**
 * A group of radio buttons or checkboxes, labelled by a legend. `id` is where the error summary's
 * link goes when the controls have ids of their own; a required radio group is a `radiogroup` with
 * `aria-required` (its radios carry `required`).
 */
export function FieldSet({
  id,
  legend,
  required,
  radios,
  errorId,
  errors,
  t,
  children,
}: {
  id?: string
  legend: ReactNode
  required?: boolean
  radios?: boolean
  errorId: string
  errors: string[] | undefined
  t: T
  children: ReactNode
}) {
  return (
    <fieldset
      id={id}
      className={`field${errors?.length ? ' field-invalid' : ''}`}
      aria-describedby={errorId}
      {...(radios ? { role: 'radiogroup', 'aria-required': required ? true : undefined } : {})}
    >
      <legend>
        {legend}
        {required ? (
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </legend>
      {children}
      <FieldError id={errorId} errors={errors} t={t} />
    </fieldset>
  )
}

/** One field's entry in an error summary: where its control is, what it is called, its errors. */
export type SummaryField = { id: string; label: string; errors: string[] | undefined }

/**
 * The box at the top of a form that failed: what is wrong with the form as a whole, then each
 * field's first error as a link to the field (`#<id>`), which moves the focus there (with
 * JavaScript; without, the browser scrolls to it). Messages may be `field.*` keys or text.
 */
export function ErrorSummary({
  id,
  formErrors,
  fields,
  t,
}: {
  id: string
  formErrors: string[] | undefined
  fields: SummaryField[]
  t: T
}) {
  const invalid = fields.filter((f) => f.errors?.length)
  if (!formErrors?.length && invalid.length === 0) return null
  return (
    <div className="error-summary" role="alert" id={id}>
      <p>{t('form.errorSummary')}</p>
      {formErrors?.map((e) => (
        <p key={e}>{fieldMessage(t, e)}</p>
      ))}
      {invalid.length > 0 ? (
        <ul>
          {invalid.map((f) => (
            <li key={f.id}>
              <a href={`#${f.id}`} onClick={focusField}>
                {t('form.errorSummaryItem', { label: f.label, message: fieldMessage(t, f.errors![0]) ?? '' })}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

/**
 * Follows an error summary link: focuses the field's control (the chosen radio of a group, or its
 * first), with its label scrolled into view. A plain link only scrolls; the focus stays behind.
 */
function focusField(event: MouseEvent<HTMLAnchorElement>) {
  const target = document.getElementById(event.currentTarget.getAttribute('href')!.slice(1))
  if (!target) return
  const control = target.matches('input, select, textarea')
    ? target
    : (target.querySelector<HTMLElement>('input:checked:not([type=hidden])') ??
      target.querySelector<HTMLElement>('input:not([type=hidden]):not([disabled]), select, textarea'))
  if (!control) return
  event.preventDefault()
  ;(control.closest('.field') ?? control).scrollIntoView({ block: 'start' })
  control.focus({ preventScroll: true })
}

/** A required choice of one among a few, as radio buttons in a fieldset, the field's errors under them. */
export function RadioChoices<V extends string>({
  meta,
  legend,
  values,
  label,
  t,
}: {
  meta: FieldMetadata<string>
  legend: string
  values: readonly V[]
  label: (value: V) => ReactNode
  t: T
}) {
  return (
    <FieldSet id={meta.id} legend={legend} required radios errorId={meta.errorId} errors={meta.errors} t={t}>
      {values.map((value) => (
        <label className="choice" key={value}>
          <input {...getInputProps(meta, { type: 'radio', value })} id={`${meta.id}-${value}`} required />{' '}
          {label(value)}
        </label>
      ))}
    </FieldSet>
  )
}
