import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { localized } from '~/components/seminar-bits'
import { requirePublicSeminar } from '~/modules/scheduling/catalog.server'
import { db } from '~/utils/db.server'
import { translator } from '~/utils/i18n.server'
import { getLang } from '~/utils/request.server'
import { requireParam } from '~/utils/route.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle ?? 'Jisseki' },
  { name: 'robots', content: 'noindex' },
]

export const headers = () => ({ 'Cache-Control': 'private, no-store' })

/**
 * What the registration form answers, whatever happened to the email: a new registration, the same
 * form sent twice, or an address already registered (then its existing link was mailed). Nothing
 * here depends on which (no seats left, no status): see docs/decisions/0022-personal-data-hardening.md.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminar = await requirePublicSeminar(db(), requireParam(params, 'id'))
  const lang = getLang(request)
  const t = translator(lang)
  // A lottery not drawn yet is the seminar's, not the person's: the same page for every email.
  const { lottery: draw } = seminar
  const pending = draw && draw.drawnAt === null ? { drawAt: draw.drawAt } : null
  return {
    seminar: { id: seminar.id, title: seminar.title, titleEn: seminar.titleEn },
    pending,
    pageTitle: `${t(pending ? 'lotteryEntry.registeredTitle' : 'registered.title')} | ${t('site.name')}`,
  }
}

export default function Registered() {
  const { seminar, pending } = useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  return (
    <article className="done">
      <h1>{t(pending ? 'lotteryEntry.registeredTitle' : 'registered.title')}</h1>
      <p className="lead" role="status">
        {t(pending ? 'lotteryEntry.registeredLead' : 'registered.lead')}
      </p>
      <section className="panel summary">
        <h2>{localized(lang, seminar.title, seminar.titleEn)}</h2>
        {pending ? (
          <p data-testid="lottery-applied">
            {t('lotteryEntry.appliedBody', { date: formatDateTime(new Date(pending.drawAt), lang) })}
          </p>
        ) : (
          <p>{t('registered.slip')}</p>
        )}
        <p className="muted">{t('registered.noMail')}</p>
      </section>
      <p>
        <Link to={`/seminars/${seminar.id}`}>← {t('registered.back')}</Link>
      </p>
    </article>
  )
}
