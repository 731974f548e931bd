import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { SeminarForm } from '~/components/seminar-form'
import { createSeminar, listPrograms } from '~/modules/scheduling/admin.server'
import { categoryOptions, unknownCategoryIds } from '~/modules/categories/categories.server'
import { SeminarSchema } from '~/modules/scheduling/forms'
import { recordChange, refusedResponse } from '~/modules/audit/security-log.server'
import { db } from '~/utils/db.server'
import { mayAccess, requireAccess, visibleProgramIds } from '~/modules/accounts/access.server'
import { toTokyoInputValue } from '~/utils/time'
import { useT } from '~/utils/use-i18n'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, 'seminars.manage', 'narrowed-list')
  const now = new Date()
  return {
    programs: await listPrograms(db(), await visibleProgramIds(db(), user)),
    categories: await categoryOptions(db()),
    defaults: {
      mode: 'IN_PERSON',
      waitlistEnabled: 'on',
      minOnlineMinutes: '30',
      registrationOpensAt: toTokyoInputValue(now),
      registrationClosesAt: toTokyoInputValue(new Date(now.getTime() + 28 * 24 * 3600_000)),
    },
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAccess(request, 'seminars.manage', 'narrowed-list')
  const submission = parseWithZod(await request.formData(), { schema: SeminarSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  // Only into a program of one's own (the form offers no other).
  if ((await mayAccess(db(), user, 'seminars.manage', { programId: submission.value.programId })) !== true)
    throw await refusedResponse(db(), user, { permission: 'seminars.manage', programId: submission.value.programId })
  // A select submits an id: one that names no category (a stale form) is refused beside the field.
  if ((await unknownCategoryIds(db(), [submission.value.categoryId])).length)
    return data(submission.reply({ fieldErrors: { categoryId: ['unknownCategory'] } }), { status: 400 })
  const seminar = await createSeminar(db(), submission.value)
  await recordChange(db(), 'seminar.create', user, 'Seminar', seminar.id, { programId: submission.value.programId })
  // Next: add its sessions, then publish.
  return redirect(`/console/seminars/${seminar.id}/edit?msg=console.saved`)
}

export default function NewSeminar() {
  const { programs, categories, defaults } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  return (
    <section>
      <h1>{t('console.newSeminar')}</h1>
      {programs.length === 0 ? (
        <p className="notice">
          <Link to="/console/programs">{t('console.noPrograms')}</Link>
        </p>
      ) : (
        <SeminarForm programs={programs} categories={categories} defaults={defaults} lastResult={lastResult} />
      )}
    </section>
  )
}
