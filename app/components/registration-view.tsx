import { localized, SessionTime } from '~/components/seminar-bits'
import type { Lang, T } from '~/utils/i18n'
import { formatDateTime } from '~/utils/time'
import type { RegistrationStatus } from '~/generated/prisma/client'

type Registration = {
  name: string
  email: string
  organizationName: string | null
  mode: 'IN_PERSON' | 'ONLINE'
  status: RegistrationStatus
  waitlistPosition: number | null
  /** Its number in a lottery's draw (抽選番号); null before the draw or without a lottery. */
  lotteryNumber?: number | null
  code: string
  createdAt: Date | string
  cancelledAt: Date | string | null
  qr: string | null
  seminar: {
    title: string
    titleEn: string | null
    venueName: string | null
    venueNameEn?: string | null
    venueAddress: string | null
    onlineUrl: string | null
    sessions: {
      id: string
      number: number
      startsAt: Date | string
      endsAt: Date | string
      /** The session's own title (a series' part), in English where there is one. */
      title?: string | null
      titleEn?: string | null
      venueName: string | null
    }[]
  }
}

export function statusText(r: Pick<Registration, 'status' | 'waitlistPosition' | 'lotteryNumber'>, t: T): string {
  // Placed on the waiting list by a lottery's draw: the reserve list (補欠).
  if (r.status === 'WAITLISTED' && r.lotteryNumber != null) {
    return t('manage.status.RESERVE', { position: r.waitlistPosition ?? '' })
  }
  return t(`manage.status.${r.status}`, { position: r.waitlistPosition ?? '' })
}

/** A lottery seminar's draw as a participant's pages show it (docs/decisions/0049-lottery.md). */
export type LotteryFacts = { drawAt: Date | string; drawnAt: Date | string | null }

/**
 * Where a lottery application stands: waiting for the draw (with its date), or what the draw
 * gave it — a seat, a reserve place or none. Nothing for a first-come registration.
 */
export function LotteryState({
  r,
  draw,
  t,
  lang,
}: {
  r: Pick<Registration, 'status' | 'waitlistPosition' | 'lotteryNumber'>
  /** The seminar's lottery draw; null for a first-come seminar. */
  draw: LotteryFacts | null
  t: T
  lang: Lang
}) {
  if (!draw) return null
  let text: string | null = null
  if (r.status === 'APPLIED')
    text = t('lotteryEntry.appliedBody', { date: formatDateTime(new Date(draw.drawAt), lang) })
  else if (r.lotteryNumber != null) {
    if (r.status === 'CONFIRMED') text = t('lotteryEntry.won')
    else if (r.status === 'WAITLISTED') text = t('lotteryEntry.reserve', { position: r.waitlistPosition ?? '' })
    else if (r.status === 'NOT_SELECTED') text = t('lotteryEntry.notSelected')
  }
  if (!text) return null
  return (
    <p className="notice" data-testid="lottery-state">
      {text}
    </p>
  )
}

/** The reception slip: QR code and registration code, as shown at the door. */
export function ReceptionSlip({ code, qr, t }: { code: string; qr: string | null; t: T }) {
  if (!qr) return null
  return (
    <figure className="slip">
      <figcaption>
        <strong>{t('manage.slip')}</strong> — {t('manage.slipHint')}
      </figcaption>
      <img src={qr} width={240} height={240} alt={t('manage.qrAlt', { code })} />
      <p className="slip-code">
        {t('manage.code')}: <strong data-testid="registration-code">{code}</strong>
      </p>
    </figure>
  )
}

/**
 * A participant's slip, or while they wait, their place in line instead: no QR that the door would
 * refuse (app/modules/registration/slip.server.ts gives a waiting registration none). Once they move
 * up, the slip shows here and comes by mail.
 */
export function SlipOrWaiting({
  r,
  t,
}: {
  r: Pick<Registration, 'status' | 'waitlistPosition' | 'code' | 'qr' | 'lotteryNumber'>
  t: T
}) {
  // A lottery's reserve place is told by LotteryState.
  if (r.status === 'WAITLISTED' && r.lotteryNumber == null) {
    return (
      <p className="notice" data-testid="slip-waiting">
        {t('manage.slipWaiting', { position: r.waitlistPosition ?? '' })}
      </p>
    )
  }
  return <ReceptionSlip code={r.code} qr={r.qr} t={t} />
}

export function RegistrationDetails({ r, t, lang }: { r: Registration; t: T; lang: Lang }) {
  return (
    <dl className="facts">
      <dt>{t('manage.status')}</dt>
      <dd>
        <strong className={`status status-${r.status.toLowerCase()}`} data-testid="registration-status">
          {statusText(r, t)}
        </strong>
      </dd>
      {r.lotteryNumber != null ? (
        <>
          <dt>{t('lotteryEntry.number')}</dt>
          <dd data-testid="lottery-number">{r.lotteryNumber}</dd>
        </>
      ) : null}
      <dt>{t('seminar.sessions')}</dt>
      <dd>
        <p>{localized(lang, r.seminar.title, r.seminar.titleEn)}</p>
        <ol className="sessions compact">
          {r.seminar.sessions.map((s) => (
            <li key={s.id}>
              <SessionTime startsAt={s.startsAt} endsAt={s.endsAt} lang={lang} />
              {s.title ? ` ${localized(lang, s.title, s.titleEn)}` : null}
            </li>
          ))}
        </ol>
      </dd>
      <dt>{t('form.mode')}</dt>
      <dd>
        {t(`attend.${r.mode}`)}
        {r.mode === 'IN_PERSON' && r.seminar.venueName ? (
          <div className="muted">
            {localized(lang, r.seminar.venueName, r.seminar.venueNameEn)} {r.seminar.venueAddress}
          </div>
        ) : null}
        {r.seminar.onlineUrl ? (
          <div>
            {t('manage.onlineUrl')}: <a href={r.seminar.onlineUrl}>{r.seminar.onlineUrl}</a>
          </div>
        ) : null}
      </dd>
      <dt>{t('form.name')}</dt>
      <dd>{r.name}</dd>
      <dt>{t('form.email')}</dt>
      <dd>{r.email}</dd>
      {r.organizationName ? (
        <>
          <dt>{t('form.organization')}</dt>
          <dd>{r.organizationName}</dd>
        </>
      ) : null}
      <dt>{t('manage.registeredAt')}</dt>
      <dd>{formatDateTime(new Date(r.createdAt), lang)}</dd>
      {r.cancelledAt ? (
        <>
          <dt>{t('manage.cancelledAt')}</dt>
          <dd>{formatDateTime(new Date(r.cancelledAt), lang)}</dd>
        </>
      ) : null}
    </dl>
  )
}
