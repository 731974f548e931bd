import { mayAccess, requireAccess, visibleProgramIds } from '~/modules/accounts/access.server'
import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Field } from '~/components/field'
import { SeminarForm } from '~/components/seminar-form'
import {
  addSession,
  deleteSession,
  getSeminarForConsole,
  listPrograms,
  updateSeminar,
  updateSession,
} from '~/modules/scheduling/admin.server'
import { categoryOptions, unknownCategoryIds } from '~/modules/categories/categories.server'
import { SeminarSchema, SessionSchema } from '~/modules/scheduling/forms'
import { recordChange, refusedResponse } from '~/modules/audit/security-log.server'
import { db } from '~/utils/db.server'
import { toTokyoInputValue } from '~/utils/time'
import { useT } from '~/utils/use-i18n'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, 'seminars.manage', { seminarId: params.id ?? '' })
  const seminar = await getSeminarForConsole(db(), params.id ?? '')
  if (!seminar) throw new Response('Not found', { status: 404 })
  const opt = (v: string | number | null) => (v === null ? '' : String(v))
  return {
    programs: await listPrograms(db(), await visibleProgramIds(db(), user)),
    categories: await categoryOptions(db()),
    seminar: { id: seminar.id, title: seminar.title },
    defaults: {
      programId: seminar.programId,
      title: seminar.title,
      titleEn: opt(seminar.titleEn),
      description: seminar.description,
      categoryId: opt(seminar.categoryId),
      mode: seminar.mode,
      venueName: opt(seminar.venueName),
      venueAddress: opt(seminar.venueAddress),
      onlineUrl: opt(seminar.onlineUrl),
      capacityInPerson: opt(seminar.capacityInPerson),
      capacityOnline: opt(seminar.capacityOnline),
      waitlistEnabled: seminar.waitlistEnabled ? 'on' : undefined,
      registrationOpensAt: toTokyoInputValue(seminar.registrationOpensAt),
      registrationClosesAt: toTokyoInputValue(seminar.registrationClosesAt),
      minOnlineMinutes: String(seminar.minOnlineMinutes),
      materialsUrl: opt(seminar.materialsUrl),
    },
    sessions: seminar.sessions.map((s) => ({
      id: s.id,
      number: s.number,
      startsAt: toTokyoInputValue(s.startsAt),
      endsAt: toTokyoInputValue(s.endsAt),
      title: s.title ?? '',
      venueName: s.venueName ?? '',
    })),
  }
}

type Intent = 'seminar' | 'add-session' | 'update-session' | 'delete-session'

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAccess(request, 'seminars.manage', { seminarId: params.id ?? '' })
  const seminarId = params.id ?? ''
  const formData = await request.formData()
  const intent = String(formData.get('intent')) as Intent
  const sessionId = String(formData.get('sessionId') ?? '')
  const back = (msg: string, extra = '') => redirect(`/console/seminars/${seminarId}/edit?msg=${msg}${extra}`)

  if (intent === 'seminar') {
    const submission = parseWithZod(formData, { schema: SeminarSchema })
    if (submission.status !== 'success') return data({ intent, sessionId, result: submission.reply() }, { status: 400 })
    // Moving the seminar to another program needs the right to that program too.
    if ((await mayAccess(db(), user, 'seminars.manage', { programId: submission.value.programId })) !== true)
      throw await refusedResponse(db(), user, { permission: 'seminars.manage', programId: submission.value.programId })
    // A select submits an id: one that names no category (a stale form) is refused beside the field.
    if ((await unknownCategoryIds(db(), [submission.value.categoryId])).length)
      return data(
        { intent, sessionId, result: submission.reply({ fieldErrors: { categoryId: ['unknownCategory'] } }) },
        { status: 400 },
      )
    const promoted = await updateSeminar(db(), seminarId, submission.value)
    await recordChange(db(), 'seminar.update', user, 'Seminar', seminarId, { programId: submission.value.programId })
    return promoted.length ? back('console.promoted', `&count=${promoted.length}`) : back('console.saved')
  }
  if (intent === 'delete-session') {
    const deleted = await deleteSession(db(), seminarId, sessionId)
    if (deleted) await recordChange(db(), 'session.delete', user, 'Session', sessionId, { seminarId })
    return back(deleted ? 'console.sessionDeleted' : 'console.cannotDeleteSession')
  }
  const submission = parseWithZod(formData, { schema: SessionSchema })
  if (submission.status !== 'success') return data({ intent, sessionId, result: submission.reply() }, { status: 400 })
  if (intent === 'add-session') {
    await addSession(db(), seminarId, submission.value)
    await recordChange(db(), 'session.create', user, 'Seminar', seminarId)
    return back('console.sessionAdded')
  }
  await updateSession(db(), seminarId, sessionId, submission.value)
  await recordChange(db(), 'session.update', user, 'Session', sessionId, { seminarId })
  return back('console.saved')
}

function SessionForm({
  session,
  lastResult,
}: {
  session?: { id: string; number: number; startsAt: string; endsAt: string; title: string; venueName: string }
  lastResult: SubmissionResult<string[]> | undefined
}) {
  const t = useT()
  const [form, fields] = useForm({
    id: session ? `session-${session.id}` : 'new-session',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    defaultValue: session,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SessionSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="form session-form" noValidate>
      <input type="hidden" name="intent" value={session ? 'update-session' : 'add-session'} />
      {session ? <input type="hidden" name="sessionId" value={session.id} /> : null}
      <div className="grid-2">
        <Field
          id={fields.startsAt.id}
          label={t('console.sessionStartsAt')}
          required
          errorId={fields.startsAt.errorId}
          errors={fields.startsAt.errors}
          t={t}
        >
          <input {...getInputProps(fields.startsAt, { type: 'datetime-local' })} />
        </Field>
        <Field
          id={fields.endsAt.id}
          label={t('console.sessionEndsAt')}
          required
          errorId={fields.endsAt.errorId}
          errors={fields.endsAt.errors}
          t={t}
        >
          <input {...getInputProps(fields.endsAt, { type: 'datetime-local' })} />
        </Field>
        <Field
          id={fields.title.id}
          label={t('console.sessionTitle')}
          errorId={fields.title.errorId}
          errors={fields.title.errors}
          t={t}
        >
          <input {...getInputProps(fields.title, { type: 'text' })} />
        </Field>
        <Field
          id={fields.venueName.id}
          label={t('console.sessionVenue')}
          errorId={fields.venueName.errorId}
          errors={fields.venueName.errors}
          t={t}
        >
          <input {...getInputProps(fields.venueName, { type: 'text' })} />
        </Field>
      </div>
      <button type="submit" className="button button-primary">
        {session ? t('console.save') : t('console.addSession')}
      </button>
    </Form>
  )
}

export default function EditSeminar() {
  const { programs, categories, seminar, defaults, sessions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const resultFor = (intent: Intent, sessionId = '') =>
    actionData?.intent === intent && actionData.sessionId === sessionId ? actionData.result : undefined
  return (
    <section>
      <p>
        <Link to={`/console/seminars/${seminar.id}`}>← {seminar.title}</Link>
      </p>
      <h1>
        {t('console.edit')}: {seminar.title}
      </h1>
      <h2 id="sessions">{t('console.sessions')}</h2>
      {sessions.length === 0 ? <p className="notice">{t('console.noSessions')}</p> : null}
      {sessions.map((s) => (
        <div key={s.id} className="panel">
          <h3>{t('seminar.session', { number: s.number })}</h3>
          <SessionForm session={s} lastResult={resultFor('update-session', s.id)} />
          <Form method="post">
            <input type="hidden" name="intent" value="delete-session" />
            <input type="hidden" name="sessionId" value={s.id} />
            <button type="submit" className="link-button danger">
              {t('console.deleteSession')}
            </button>
          </Form>
        </div>
      ))}
      <h3>{t('console.addSession')}</h3>
      <SessionForm lastResult={resultFor('add-session')} />
      <h2>{t('console.edit')}</h2>
      <SeminarForm
        programs={programs}
        categories={categories}
        defaults={defaults}
        lastResult={resultFor('seminar')}
        extra={<input type="hidden" name="intent" value="seminar" />}
      />
    </section>
  )
}
