import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { localized, RegistrationWindow, SeatsSummary, SessionTime, StateBadge } from '~/components/seminar-bits'
import { requirePublicSeminar, type PublicLottery } from '~/modules/scheduling/catalog.server'
import { db } from '~/utils/db.server'
import { translator } from '~/utils/i18n.server'
import { getLang } from '~/utils/request.server'
import { requireParam } from '~/utils/route.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? 'Jisseki' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminar = await requirePublicSeminar(db(), requireParam(params, 'id'))
  const lang = getLang(request)
  return { seminar, pageTitle: `${localized(lang, seminar.title, seminar.titleEn)} | ${translator(lang)('site.name')}` }
}

export default function SeminarPage() {
  const { seminar } = useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  const { state, modes } = seminar.availability
  // A lottery not drawn yet takes applications until its draw (docs/decisions/0049-lottery.md).
  const draw = seminar.lottery
  const pending = draw !== null && draw.drawnAt === null
  const canRegister = seminar.availability.canRegister && (!pending || draw.applicationsOpen)
  return (
    <article className="seminar">
      <p>
        <Link to="/">← {t('seminar.back')}</Link>
      </p>
      <div className="card-head">
        <StateBadge state={state} t={t} />
        {pending ? (
          <span className="chip" data-testid="lottery-badge">
            {t('lotteryEntry.badge')}
          </span>
        ) : null}
        {seminar.category ? (
          <span className="chip">{localized(lang, seminar.category.name, seminar.category.nameEn)}</span>
        ) : null}
        <span className="chip">{t(`mode.${seminar.mode}`)}</span>
      </div>
      <h1>{localized(lang, seminar.title, seminar.titleEn)}</h1>
      <p className="program-name">{localized(lang, seminar.program.name, seminar.program.nameEn)}</p>
      <div className="description">
        {localized(lang, seminar.description, seminar.descriptionEn)
          .split(/\n+/)
          .map((para, i) => (
            <p key={i}>{para}</p>
          ))}
      </div>
      {draw ? (
        <p className="notice" data-testid="lottery-notice">
          {pending
            ? t('lotteryEntry.intro', { date: formatDateTime(new Date(draw.drawAt), lang) })
            : t('lotteryEntry.drawn', { date: formatDateTime(new Date(draw.drawnAt!), lang) })}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t('seminar.sessions')}</dt>
        <dd>
          <ol className="sessions">
            {seminar.sessions.map((s) => (
              <li key={s.id}>
                {seminar.sessions.length > 1 ? <strong>{t('seminar.session', { number: s.number })} </strong> : null}
                <SessionTime startsAt={s.startsAt} endsAt={s.endsAt} lang={lang} />
                {s.title ? ` ${localized(lang, s.title, s.titleEn)}` : null}
                {s.venueName ? ` (${s.venueName})` : null}
              </li>
            ))}
          </ol>
        </dd>
        {seminar.mode !== 'ONLINE' ? (
          <>
            <dt>{t('seminar.venue')}</dt>
            <dd>
              {seminar.venueName ? localized(lang, seminar.venueName, seminar.venueNameEn) : null}
              {seminar.venueAddress ? <div className="muted">{seminar.venueAddress}</div> : null}
            </dd>
          </>
        ) : null}
        {seminar.mode !== 'IN_PERSON' ? (
          <>
            <dt>{t('seminar.online')}</dt>
            <dd>{t('seminar.onlineNote')}</dd>
          </>
        ) : null}
        <dt>{t('seminar.capacity')}</dt>
        <dd>
          <SeatsSummary modes={modes} t={t} showMode={seminar.mode === 'HYBRID'} />
        </dd>
        <dt>{t('seminar.window')}</dt>
        <dd>
          <RegistrationWindow
            opensAt={seminar.registrationOpensAt}
            closesAt={seminar.registrationClosesAt}
            lang={lang}
          />
        </dd>
        {pending ? (
          <>
            <dt>{t('lotteryEntry.period')}</dt>
            <dd data-testid="lottery-period">
              <RegistrationWindow opensAt={seminar.registrationOpensAt} closesAt={draw.drawAt} lang={lang} />
            </dd>
            <dt>{t('lotteryEntry.drawAt')}</dt>
            <dd data-testid="lottery-draw-at">{formatDateTime(new Date(draw.drawAt), lang)}</dd>
          </>
        ) : null}
      </dl>
      <div className="cta">
        {canRegister ? (
          <Link className="button button-primary" to={`/seminars/${seminar.id}/register`}>
            {pending
              ? t('lotteryEntry.apply')
              : state === 'WAITLIST'
                ? t('seminar.registerWaitlist')
                : t('seminar.register')}
          </Link>
        ) : (
          <p className="notice">
            {pending && seminar.availability.canRegister
              ? t('lotteryEntry.awaitingDraw')
              : state === 'NOT_YET_OPEN'
                ? t('seminar.notYetOpen', { date: formatDateTime(new Date(seminar.registrationOpensAt), lang) })
                : state === 'FULL'
                  ? t('seminar.fullNoWaitlist')
                  : t('seminar.closed')}
          </p>
        )}
      </div>
      {draw ? <LotteryFairness draw={draw} seminarId={seminar.id} /> : null}
      {seminar.status !== 'CANCELLED' ? (
        <p>
          {/* A plain link, not <Link>: a resource route that phones and calendar apps open. */}
          <a href={`/seminars/${seminar.id}/calendar.ics`}>{t('calendar.add')}</a>
        </p>
      ) : null}
    </article>
  )
}

/**
 * How anyone can check the draw (docs/decisions/0049-lottery.md): the seed's SHA-256 from the
 * start, the seed and the record once drawn.
 */
function LotteryFairness({ draw, seminarId }: { draw: PublicLottery; seminarId: string }) {
  const t = useT()
  return (
    <details className="lottery-fairness" data-testid="lottery-fairness">
      <summary>{t('lotteryEntry.fairness')}</summary>
      <p>{t('lotteryEntry.fairnessLead', { method: draw.method })}</p>
      <dl className="facts">
        <dt>{t('lotteryEntry.seedHash')}</dt>
        <dd>
          <code className="hash" data-testid="public-seed-hash">
            {draw.seedHash}
          </code>
        </dd>
        {draw.seed ? (
          <>
            <dt>{t('lotteryEntry.seed')}</dt>
            <dd>
              <code className="hash" data-testid="public-seed">
                {draw.seed}
              </code>
            </dd>
          </>
        ) : null}
      </dl>
      {draw.seed ? (
        <p>
          {/* A plain link: a file to download, not a page. */}
          <a href={`/seminars/${seminarId}/lottery.json`} download>
            {t('lotteryEntry.record')}
          </a>
        </p>
      ) : (
        <p className="muted">{t('lotteryEntry.seedLater')}</p>
      )}
    </details>
  )
}
