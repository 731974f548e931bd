import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorSummary, Field, RadioChoices, TextField } from '~/components/field'
import { requireAccess } from '~/modules/accounts/access.server'
import { DATE_STYLES, LayoutActionSchema, SEAL_MAX_BYTES } from '~/modules/certificates/forms'
import { certificateLayoutPage, saveCertificateLayout } from '~/modules/certificates/layout.server'
import { formatBytes, isBodyLimitError, readUploadForm } from '~/utils/body-limits.server'
import { db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { titled } from '~/utils/meta'
import { requireParam } from '~/utils/route.server'
import { useT } from '~/utils/use-i18n'

export const meta = titled('certificates.layoutTitle')

/** A program's certificate layout (docs/decisions/0051-certificates.md): admins and its organizers. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const programId = requireParam(params, 'programId')
  await requireAccess(request, 'seminars.manage', { programId })
  return certificateLayoutPage(db(), programId)
}

type Reply = { result: SubmissionResult<string[]> }

export async function action({ request, params }: ActionFunctionArgs) {
  const programId = requireParam(params, 'programId')
  const user = await requireAccess(request, 'seminars.manage', { programId })
  // The seal's own limit while reading: a larger file is not held in memory first.
  const formData = await readUploadForm(request, { maxPartBytes: SEAL_MAX_BYTES, maxParts: 20 }).catch(
    (error: unknown) => {
      if (isBodyLimitError(error)) return error
      throw error
    },
  )
  // A seal past its limit is not read further.
  if (isBodyLimitError(formData))
    return data({ result: { status: 'error', error: { '': ['errors.CERTIFICATE_SEAL_TOO_LARGE'] } } } as Reply, {
      status: 413,
      headers: { 'X-Limit': formatBytes(formData.limit) },
    })
  const submission = parseWithZod(formData, { schema: LayoutActionSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() } as Reply, { status: 400 })
  const { seal, removeSeal, intent: _intent, ...fields } = submission.value
  try {
    await saveCertificateLayout(
      db(),
      programId,
      { ...fields, seal: seal && seal.size > 0 ? new Uint8Array(await seal.arrayBuffer()) : null, removeSeal },
      user.id,
    )
  } catch (error) {
    if (!isAppError(error)) throw error
    return data({ result: submission.reply({ fieldErrors: { seal: [error.messageKey] } }) } as Reply, {
      status: error.status,
    })
  }
  return redirect(`/console/programs/${programId}/certificate?msg=certificates.saved`)
}

export default function CertificateLayout() {
  const page = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const t = useT()
  const l = page.layout
  const [form, fields] = useForm({
    id: 'certificate-layout',
    lastResult: reply?.result,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onSubmit',
    defaultValue: {
      officeName: l.officeName,
      attendanceTitle: l.attendanceTitle,
      completionTitle: l.completionTitle,
      body: l.body,
      signerTitle: l.signerTitle,
      signerName: l.signerName,
      dateStyle: l.dateStyle,
      seal: undefined as string | undefined,
      removeSeal: undefined as string | undefined,
    },
  })
  const fieldErrors = (key: string) => (t.has(key) ? t(key) : key)
  return (
    <section>
      <p>
        <Link to="/console/programs">← {t('console.programs')}</Link>
      </p>
      <h1>
        {t('certificates.layoutTitle')}: {page.program.name}
      </h1>
      <p className="lead">{t('certificates.layoutLead')}</p>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="form panel" noValidate>
        <input type="hidden" name="intent" value="save" />
        <ErrorSummary
          id={form.errorId}
          formErrors={form.errors?.map(fieldErrors)}
          fields={[
            { id: fields.officeName.id, label: t('certificates.officeName'), errors: fields.officeName.errors },
            { id: fields.body.id, label: t('certificates.body'), errors: fields.body.errors },
            { id: fields.seal.id, label: t('certificates.seal'), errors: fields.seal.errors?.map(fieldErrors) },
          ]}
          t={t}
        />
        <TextField meta={fields.officeName} label={t('certificates.officeName')} t={t} />
        <TextField meta={fields.attendanceTitle} label={t('certificates.attendanceTitle')} t={t} />
        <TextField meta={fields.completionTitle} label={t('certificates.completionTitle')} t={t} />
        <Field
          id={fields.body.id}
          label={t('certificates.body')}
          hint={t('certificates.bodyHint')}
          hintId={`${fields.body.id}-hint`}
          errorId={fields.body.errorId}
          errors={fields.body.errors}
          t={t}
        >
          <textarea {...getTextareaProps(fields.body)} rows={3} aria-describedby={`${fields.body.id}-hint`} />
        </Field>
        <TextField meta={fields.signerTitle} label={t('certificates.signerTitle')} t={t} />
        <TextField meta={fields.signerName} label={t('certificates.signerName')} t={t} />
        <RadioChoices
          meta={fields.dateStyle}
          legend={t('certificates.dateStyle')}
          values={DATE_STYLES}
          label={(style) => t(`certificates.dateStyle.${style}`)}
          t={t}
        />
        {l.seal ? (
          <div className="field">
            <p>{t('certificates.sealCurrent')}</p>
            <img
              src={l.seal}
              alt={t('certificates.sealCurrent')}
              width={80}
              height={80}
              style={{ objectFit: 'contain' }}
            />
            <label className="choice">
              <input {...getInputProps(fields.removeSeal, { type: 'checkbox' })} /> {t('certificates.removeSeal')}
            </label>
          </div>
        ) : null}
        <Field
          id={fields.seal.id}
          label={t('certificates.seal')}
          errorId={fields.seal.errorId}
          errors={fields.seal.errors?.map(fieldErrors)}
          t={t}
        >
          <input {...getInputProps(fields.seal, { type: 'file' })} accept="image/png,image/jpeg" />
        </Field>
        <p>
          <button type="submit" className="button button-primary">
            {t('certificates.save')}
          </button>
        </p>
      </Form>
    </section>
  )
}
