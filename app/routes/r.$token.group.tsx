import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { GroupMembers } from '~/components/registration/group-list'
import { GroupCancelSchema } from '~/modules/registration/form-schema'
import { cancelFromContactLink, contactGroupOr404 } from '~/modules/registration/group.server'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { requireIntent, requireParam } from '~/utils/route.server'
import { useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'manage.group.cancelTitle') },
  { name: 'robots', content: 'noindex' },
]

export const headers = () => ({ 'Cache-Control': 'private, no-store' })

/** The contact person's page for the people they registered (docs/decisions/0036); 404 for anyone else's link. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await contactGroupOr404(db(), requireParam(params, 'token'))
  const cancelled = Number(new URL(request.url).searchParams.get('cancelled'))
  return { ...page, cancelled: Number.isInteger(cancelled) && cancelled > 0 ? cancelled : null }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = requireParam(params, 'token')
  const intent = requireIntent(await request.formData(), GroupCancelSchema)
  // Sent twice (a double click, two tabs): what is cancelled already is left as it is.
  const cancelled = await cancelFromContactLink(db(), token, intent)
  return redirect(`/r/${token}/group?cancelled=${cancelled}`)
}

export default function GroupCancel() {
  const { group, token, cancelled } = useLoaderData<typeof loader>()
  const t = useT()
  const active = group.members.filter((m) => m.status !== 'CANCELLED' && m.status !== 'NOT_SELECTED')
  return (
    <article className="cancel">
      <h1>{t('manage.group.cancelTitle')}</h1>
      {cancelled ? (
        <p className="notice" role="status">
          {t('manage.group.cancelled', { n: cancelled })}
        </p>
      ) : null}
      <p className="lead">{t('manage.group.cancelIntro')}</p>
      <GroupMembers members={group.members} t={t} cancel />
      <div className="actions">
        {active.length > 1 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="cancel-all" />
            <button type="submit" className="button button-danger">
              {t('manage.group.cancelAll')}
            </button>
          </Form>
        ) : null}
        <Link to={`/r/${token}`} className="button">
          {t('manage.group.back')}
        </Link>
      </div>
    </article>
  )
}
