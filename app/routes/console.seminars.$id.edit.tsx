import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { SeminarForm } from '~/components/seminar-form'
import { SessionForm } from '~/components/seminar/session-form'
import { requireAccess } from '~/modules/accounts/access.server'
import { EditSeminarSchema } from '~/modules/scheduling/forms'
import {
  addSessionBy,
  deleteSessionBy,
  editSeminarForm,
  updateSeminarBy,
  updateSessionBy,
} from '~/modules/scheduling/seminar-editing.server'
import { db } from '~/utils/db.server'
import { badRequest, isAppError } from '~/utils/errors'
import { requireParam } from '~/utils/route.server'
import { useT } from '~/utils/use-i18n'
import { titled } from '~/utils/meta'

export const meta = titled<{ seminar: { title: string } }>(
  (data, t) => data && `${t('console.edit')}: ${data.seminar.title}`,
)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const user = await requireAccess(request, 'seminars.manage', { seminarId })
  return editSeminarForm(db(), user, seminarId)
}

const INTENTS = ['seminar', 'add-session', 'update-session', 'delete-session'] as const
type Intent = (typeof INTENTS)[number]

export async function action({ request, params }: ActionFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const user = await requireAccess(request, 'seminars.manage', { seminarId })
  const submission = parseWithZod(await request.formData(), { schema: EditSeminarSchema })
  // Which form answered, so the page shows the reply beside it.
  const intent = INTENTS.find((i) => i === submission.payload.intent)
  if (!intent) throw badRequest()
  const sessionId = typeof submission.payload.sessionId === 'string' ? submission.payload.sessionId : ''
  if (submission.status !== 'success') return data({ intent, sessionId, result: submission.reply() }, { status: 400 })
  const back = (msg: string, extra = '') => redirect(`/console/seminars/${seminarId}/edit?msg=${msg}${extra}`)
  const form = submission.value
  switch (form.intent) {
    case 'seminar': {
      const { intent: _intent, ...input } = form
      // Moving the seminar to another program needs the right to that program too.
      await requireAccess(request, 'seminars.manage', { programId: input.programId })
      try {
        const promoted = await updateSeminarBy(db(), user, seminarId, input)
        return promoted.length ? back('console.promoted', `&count=${promoted.length}`) : back('console.saved')
      } catch (error) {
        // A stale form's category (merged away since), a deadline after the last session: refused beside the field.
        if (isAppError(error, 'COMPLETION_RULE_TOO_LARGE')) {
          const result = submission.reply({ fieldErrors: { completionMinSessions: ['completionRuleTooLarge'] } })
          return data({ intent, sessionId, result }, { status: 400 })
        }
        if (isAppError(error, 'DEADLINE_AFTER_LAST_SESSION')) {
          const result = submission.reply({ fieldErrors: { registrationClosesAt: ['deadlineAfterLastSession'] } })
          return data({ intent, sessionId, result }, { status: 400 })
        }
        if (!isAppError(error, 'CATEGORY_NOT_FOUND')) throw error
        const result = submission.reply({ fieldErrors: { categoryId: ['unknownCategory'] } })
        return data({ intent, sessionId, result }, { status: 400 })
      }
    }
    case 'delete-session': {
      try {
        const deleted = await deleteSessionBy(db(), user, seminarId, form.sessionId)
        return back(deleted ? 'console.sessionDeleted' : 'console.cannotDeleteSession')
      } catch (error) {
        if (!isAppError(error, 'COMPLETION_RULE_TOO_LARGE')) throw error
        return back('console.completionBlocksDelete')
      }
    }
    case 'add-session': {
      const { intent: _intent, ...input } = form
      const answer = await addSessionBy(db(), user, seminarId, input)
      // Odd dates are asked about first: the form keeps them, with a "save anyway" button.
      if (!answer.saved) return data({ intent, sessionId, result: submission.reply(), warnings: answer.warnings })
      return back('console.sessionAdded')
    }
    case 'update-session': {
      const { intent: _intent, sessionId: _sessionId, ...input } = form
      const answer = await updateSessionBy(db(), user, seminarId, form.sessionId, input)
      if (!answer.saved) return data({ intent, sessionId, result: submission.reply(), warnings: answer.warnings })
      return back('console.saved')
    }
  }
}

export default function EditSeminar() {
  const { programs, categories, seminar, defaults, sessions, deadlineAfterLast } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const location = useLocation()
  const t = useT()
  const answerFor = (intent: Intent, sessionId = '') =>
    actionData?.intent === intent && actionData.sessionId === sessionId ? actionData : undefined
  const resultFor = (intent: Intent, sessionId = '') => answerFor(intent, sessionId)?.result
  const warningsFor = (intent: Intent, sessionId = '') => {
    const answer = answerFor(intent, sessionId)
    return answer && 'warnings' in answer ? (answer.warnings as string[]) : undefined
  }
  return (
    <section>
      <p>
        <Link to={`/console/seminars/${seminar.id}`}>← {seminar.title}</Link>
      </p>
      <h1>
        {t('console.edit')}: {seminar.title}
      </h1>
      {deadlineAfterLast ? (
        <p className="notice" role="alert">
          <a href="#seminar-field-registrationClosesAt">{t('console.deadlineAfterLastNotice')}</a>
        </p>
      ) : null}
      <h2 id="sessions">{t('console.sessions')}</h2>
      {sessions.length === 0 ? <p className="notice">{t('console.noSessions')}</p> : null}
      {sessions.map((s) => (
        <div key={s.id} className="panel">
          <h3>{t('seminar.session', { number: s.number })}</h3>
          <SessionForm
            session={s}
            lastResult={resultFor('update-session', s.id)}
            warnings={warningsFor('update-session', s.id)}
          />
          <p>
            <Link to={`/console/sessions/${s.id}/delete`} className="danger">
              {t('console.deleteSession')}
            </Link>
          </p>
        </div>
      ))}
      <h3>{t('console.addSession')}</h3>
      {/* A fresh form each visit: once a session is added (a redirect), the form is empty again. */}
      <SessionForm key={location.key} lastResult={resultFor('add-session')} warnings={warningsFor('add-session')} />
      <h2>{t('console.edit')}</h2>
      <SeminarForm
        programs={programs}
        categories={categories}
        defaults={defaults}
        lastResult={resultFor('seminar')}
        completion
        extra={<input type="hidden" name="intent" value="seminar" />}
      />
    </section>
  )
}
