import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { cardPages, fittedSize, nameFit, NAME_CARDS_PER_PAGE } from '~/modules/registration/name-cards'
import { ROSTER_STATUSES } from '~/modules/registration/roster-statuses'
import { nameCards, rosterStatuses } from '~/modules/registration/roster.server'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { requireParam } from '~/utils/route.server'
import { useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'nameCards.title') }]

/** Name cards (名札) to print, ten 90 × 55 mm cards to an A4 page, filtered by status (`?status=`, default confirmed). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  await requireAccess(request, 'personal-data.export', { seminarId })
  return nameCards(db(), seminarId, rosterStatuses(request.url, ['CONFIRMED']))
}

export default function NameCardsPage() {
  const { seminar, statuses, cards } = useLoaderData<typeof loader>()
  const t = useT()
  const pages = cardPages(cards)
  // The print button needs JavaScript; without it the browser's own print command prints the cards.
  const [canPrint, setCanPrint] = useState(false)
  useEffect(() => setCanPrint(true), [])
  return (
    <section className="name-cards">
      <div className="no-print">
        <p>
          <Link to={`/console/seminars/${seminar.id}/roster`}>← {t('roster.title')}</Link>
        </p>
        <h1>
          {seminar.title} {t('nameCards.title')}
        </h1>
        <Form method="get" className="form roster-filter">
          <fieldset className="field">
            <legend>{t('nameCards.filter')}</legend>
            {ROSTER_STATUSES.map((s) => (
              <label className="choice" key={s}>
                <input type="checkbox" name="status" value={s} defaultChecked={statuses.includes(s)} />{' '}
                {t(`roster.status.${s}`)}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="button">
            {t('roster.show')}
          </button>
        </Form>
        <p>
          {t('nameCards.count', { count: cards.length, pages: pages.length, perPage: NAME_CARDS_PER_PAGE })}{' '}
          {t('nameCards.hint')}
        </p>
        {canPrint && cards.length > 0 ? (
          <p>
            <button type="button" className="button button-primary" onClick={() => window.print()}>
              {t('nameCards.print')}
            </button>
          </p>
        ) : null}
        {cards.length === 0 ? <p>{t('roster.none')}</p> : null}
      </div>
      {pages.map((page, i) => (
        <div className="name-card-sheet" key={i} role="list" aria-label={t('nameCards.page', { page: i + 1 })}>
          {page.map((card) => {
            const name = nameFit(card.name)
            return (
              <article className="name-card" key={card.id} role="listitem">
                <p
                  className="name-card-organization"
                  style={{ fontSize: fittedSize(card.organizationName ?? '', 3.8, 2) }}
                >
                  {card.organizationName ?? ''}
                </p>
                <div className="name-card-person">
                  {card.furigana ? (
                    <p className="name-card-furigana" style={{ fontSize: fittedSize(card.furigana, 4) }}>
                      {card.furigana}
                    </p>
                  ) : null}
                  <p
                    className={name.lines === 1 ? 'name-card-name' : 'name-card-name name-card-name-long'}
                    style={{ fontSize: name.fontSize }}
                  >
                    {card.name}
                  </p>
                </div>
                <p className="name-card-seminar" style={{ fontSize: fittedSize(seminar.title, 3) }}>
                  {seminar.title}
                </p>
              </article>
            )
          })}
        </div>
      ))}
    </section>
  )
}
