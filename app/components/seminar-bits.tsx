import type { AvailabilityState, ModeSeats } from '~/modules/scheduling/availability'
import type { Lang, T } from '~/utils/i18n'
import { formatDateTime, formatSessionTime } from '~/utils/time'

/** The English text when the page is in English and one was given, else the Japanese. */
export function localized(lang: Lang, ja: string, en: string | null | undefined): string {
  return lang === 'en' && en ? en : ja
}

export function StateBadge({ state, t }: { state: AvailabilityState; t: T }) {
  return <span className={`badge badge-${state.toLowerCase().replace(/_/g, '-')}`}>{t(`state.${state}`)}</span>
}

export function SeatsSummary({ modes, t, showMode }: { modes: ModeSeats[]; t: T; showMode: boolean }) {
  return (
    <ul className="seats">
      {modes.map((m) => (
        <li key={m.mode}>
          {showMode ? <span className="seats-mode">{t(`mode.${m.mode}`)}: </span> : null}
          {m.capacity === null
            ? t('seminar.unlimited')
            : m.full
              ? `${t('seminar.seatsFull')} (${t('seminar.capacityValue', { count: m.capacity })})`
              : `${t('seminar.seatsLeft', { count: m.left ?? 0 })} / ${t('seminar.capacityValue', { count: m.capacity })}`}
        </li>
      ))}
    </ul>
  )
}

export function SessionTime({
  startsAt,
  endsAt,
  lang,
}: {
  startsAt: Date | string
  endsAt: Date | string
  lang: Lang
}) {
  const s = new Date(startsAt)
  const e = new Date(endsAt)
  return <time dateTime={s.toISOString()}>{formatSessionTime(s, e, lang)}</time>
}

export function RegistrationWindow({
  opensAt,
  closesAt,
  lang,
}: {
  opensAt: Date | string
  closesAt: Date | string
  lang: Lang
}) {
  return (
    <>
      {formatDateTime(new Date(opensAt), lang)} – {formatDateTime(new Date(closesAt), lang)}
    </>
  )
}
