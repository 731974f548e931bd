import { parseWithZod } from '@conform-to/zod'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { CheckinHelpers } from '~/components/seminar/checkin-helpers'
import { RegistrationTables } from '~/components/seminar/registration-tables'
import { FailedMessages, SeminarActions, SeminarFacts } from '~/components/seminar/seminar-summary'
import { requireAccess } from '~/modules/accounts/access.server'
import { createCheckinHelperLink } from '~/modules/accounts/checkin-helper-links.server'
import { revokeCheckinHelper } from '~/modules/accounts/checkin-helpers.server'
import { setRegistrationRole } from '~/modules/attendance/roles.server'
import { retryMessage } from '~/modules/mail/worker.server'
import { reissueLink } from '~/modules/registration/reissue.server'
import { SeminarPageSchema } from '~/modules/scheduling/forms'
import { publishSeminar, seminarConsolePage } from '~/modules/scheduling/seminar-page.server'
import { currentTime } from '~/utils/clock.server'
import { db } from '~/utils/db.server'
import { badRequest, isAppError, notFound } from '~/utils/errors'
import { replyWithAppError, requireParam } from '~/utils/route.server'
import { useT } from '~/utils/use-i18n'
import { titled } from '~/utils/meta'

export const meta = titled<{ seminar: { title: string } }>((data) => data?.seminar.title)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const user = await requireAccess(request, 'seminars.read', { seminarId })
  return seminarConsolePage(db(), seminarId, user, currentTime(), new URL(request.url).searchParams)
}

export async function action({ request, params }: ActionFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const user = await requireAccess(request, 'seminars.manage', { seminarId })
  const submission = parseWithZod(await request.formData(), { schema: SeminarPageSchema })
  // Only the helper form is typed (and always parses): anything else that fails is not our page's.
  if (submission.status !== 'success') throw badRequest()
  const form = submission.value
  const back = (msg: string) => redirect(`/console/seminars/${seminarId}?msg=${msg}`)
  switch (form.intent) {
    case 'retry-mail':
      await retryMessage(db(), form.messageId, seminarId)
      return back('mail.retrying')
    case 'reissue':
      // Another seminar's, cancelled or anonymized: no link of this page to reissue.
      await reissueLink(db(), { registrationId: form.registrationId, seminarId, userId: user.id }).catch(
        (error: unknown) => {
          throw isAppError(error) ? notFound() : error
        },
      )
      return back('mail.reissued')
    case 'create-helper':
      try {
        const input = { seminarId, label: form.label, validUntilDay: form.validUntil, createdById: user.id }
        return { helperLink: await createCheckinHelperLink(db(), input) }
      } catch (error) {
        if (isAppError(error, 'HELPER_LABEL') || isAppError(error, 'HELPER_VALID_UNTIL'))
          return replyWithAppError(submission, error)
        throw error
      }
    case 'revoke-helper':
      if (!(await revokeCheckinHelper(db(), { seminarId, helperId: form.helperId, actorId: user.id }))) throw notFound()
      return back('helper.revoked')
    case 'role':
      await setRegistrationRole(db(), {
        registrationId: form.registrationId,
        seminarId,
        role: form.role,
        userId: user.id,
      })
      return back('console.saved')
    case 'publish':
    case 'unpublish':
      try {
        await publishSeminar(db(), user, seminarId, form.intent === 'publish')
      } catch (error) {
        if (isAppError(error, 'SESSION_REQUIRED')) return back('errors.SESSION_REQUIRED')
        throw error
      }
      return back(form.intent === 'publish' ? 'console.published' : 'console.unpublished')
  }
}

export default function ConsoleSeminar() {
  const {
    seminar,
    expectedBySession,
    seats,
    registrations,
    completion,
    groups,
    messages,
    may,
    helpers,
    helperDefaultDay,
  } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  return (
    <section>
      <p>
        <Link to="/console">← {t('console.backToList')}</Link>
      </p>
      <h1>{seminar.title}</h1>
      <SeminarActions seminar={seminar} may={may} />
      <SeminarFacts
        seminar={seminar}
        expectedBySession={expectedBySession}
        seats={seats}
        registrations={registrations}
        messages={messages}
        may={may}
      />
      <FailedMessages messages={messages} may={may} />
      <RegistrationTables
        seminarId={seminar.id}
        registrations={registrations}
        groups={groups}
        may={may}
        completion={completion}
      />
      {may.manage ? <CheckinHelpers helpers={helpers} defaultDay={helperDefaultDay} actionData={actionData} /> : null}
    </section>
  )
}
