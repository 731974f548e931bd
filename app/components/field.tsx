import { getInputProps, type FieldMetadata } from '@conform-to/react'
import type { ReactNode } from 'react'
import { fieldMessage, type T } from '~/utils/i18n'

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
      {children}
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

/** A group of radio buttons or a checkbox, labelled by a legend. */
export function FieldSet({
  legend,
  required,
  errorId,
  errors,
  t,
  children,
}: {
  legend: ReactNode
  required?: boolean
  errorId: string
  errors: string[] | undefined
  t: T
  children: ReactNode
}) {
  return (
    <fieldset className={`field${errors?.length ? ' field-invalid' : ''}`} aria-describedby={errorId}>
      <legend>
        {legend}
        {required ? <span className="required"> *</span> : null}
      </legend>
      {children}
      <FieldError id={errorId} errors={errors} t={t} />
    </fieldset>
  )
}
