import crypto from 'node:crypto'
import { queueWebhookEvent } from '../webhooks/queue.server'
import type { Db } from '~/utils/db.server'
import { AppError } from '~/utils/errors'
import type { Lang } from '~/utils/i18n'
import { translator } from '~/utils/i18n.server'
import {
  FIGURE_KEYS,
  participationTotals,
  type Breakdown,
  type Figures,
  type ParticipationTotals,
} from '../exports/participation-totals.server'
import { fiscalYearRange, formatDateTime } from '~/utils/time'
import { differenceLine } from './difference-line'
import { signedNumber } from './signed-number'
import {
  liveActual,
  loadIndicators,
  reportedFigure,
  yearRateBasis,
  yearStatus,
  type YearStatus,
} from './indicators.server'
import { currentTime } from '~/utils/clock.server'

/*
 * 締め (docs/decisions/0018-closed-years.md). Closing a fiscal year freezes everything reported
 * for it: every indicator's actual (IndicatorSnapshot) and the participation totals
 * (FiscalYearClose.participation), from which the report sentences and the participation exports
 * are made. Later corrections to the records show as pending differences beside the frozen
 * figures; one acceptance, with a reason, moves all of them together (YearAdjustment).
 */

type Breakdowns = { byIndustry: Breakdown[]; byLocation: Breakdown[] }

export type FigureKey = (typeof FIGURE_KEYS)[number]

/** One participation figure that differs between the frozen totals and the records now. */
export type ParticipationDifference = {
  /** The program, or '' for the grand total. */
  programName: string
  /** The seminar, or null for the program's (or the grand) total. */
  seminarTitle: string | null
  figure: FigureKey
  /** A figure of the industry or 市内/市外/不明 breakdown (figure: personTimes or uniquePersons). */
  breakdown?: { kind: 'industry' | 'location'; key: string }
  reported: number
  live: number
}

export type YearAdjustmentDetail = {
  indicators: { indicatorId: string; code: string; name: string; delta: number }[]
  participation: ParticipationDifference[]
}

export type ShownAdjustment = {
  id: string
  reason: string
  acceptedAt: Date
  acceptedBy: string | null
  detail: YearAdjustmentDetail
}

/** The figures of `live` that differ from `reported`: totals, programs and seminars. */
/** Plain lines for files: the closed state, what waits, and the adjustments with their reasons. */
export function closedYearNotes(reported: ReportedParticipation, pending: YearAdjustmentDetail, lang: Lang): string[] {
  if (!reported.status.closed) return []
  const t = translator(lang)
  const line = (d: ParticipationDifference) => differenceLine(t, d, lang)
  return [
    `${t('close.noteClosed')} ${formatDateTime(reported.status.closedAt!, lang)}`,
    ...pending.indicators.map((d) => `${t('close.pendingTitle')}: ${d.name} ${signedNumber(d.delta)}`),
    ...pending.participation.map((d) => `${t('close.pendingTitle')}: ${line(d)}`),
    ...reported.adjustments.map(
      (a) => `${t('close.adjustmentsTitle')}: ${formatDateTime(a.acceptedAt, lang)} ${a.reason}`,
    ),
  ]
}

export function participationDifferences(
  reported: ParticipationTotals,
  live: ParticipationTotals,
): ParticipationDifference[] {
  const rows = (t: ParticipationTotals) => {
    type Level = { programName: string; seminarTitle: string | null; figures: Figures & Breakdowns }
    const map = new Map<string, Level>()
    map.set('total', { programName: '', seminarTitle: null, figures: t.total })
    for (const p of t.programs) {
      map.set(`p:${p.programId}`, { programName: p.programName, seminarTitle: null, figures: p })
      for (const s of p.seminars)
        map.set(`s:${s.seminarId}`, { programName: p.programName, seminarTitle: s.title, figures: s })
    }
    return map
  }
  const before = rows(reported)
  const after = rows(live)
  const zero = Object.fromEntries(FIGURE_KEYS.map((k) => [k, 0])) as Figures
  const differences: ParticipationDifference[] = []
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(key)
    const a = after.get(key)
    const label = (a ?? b)!
    for (const figure of FIGURE_KEYS) {
      const was = (b?.figures ?? zero)[figure]
      const now = (a?.figures ?? zero)[figure]
      if (was !== now)
        differences.push({
          programName: label.programName,
          seminarTitle: label.seminarTitle,
          figure,
          reported: was,
          live: now,
        })
    }
    for (const [kind, pick] of [
      ['industry', (f?: Breakdowns) => f?.byIndustry ?? []],
      ['location', (f?: Breakdowns) => f?.byLocation ?? []],
    ] as const) {
      const was = new Map(pick(b?.figures).map((x) => [x.key, x]))
      const now = new Map(pick(a?.figures).map((x) => [x.key, x]))
      for (const k of new Set([...was.keys(), ...now.keys()]))
        for (const figure of ['personTimes', 'uniquePersons'] as const) {
          const before = was.get(k)?.[figure] ?? 0
          const after = now.get(k)?.[figure] ?? 0
          if (before !== after)
            differences.push({
              programName: label.programName,
              seminarTitle: label.seminarTitle,
              figure,
              breakdown: { kind, key: k },
              reported: before,
              live: after,
            })
        }
    }
  }
  return differences
}

export type ReportedParticipation = {
  status: YearStatus
  /** What is reported: the frozen totals of a closed year, the records' totals otherwise. */
  totals: ParticipationTotals
  /** Closed years: figures that changed in the records since, waiting to be accepted. */
  pending: ParticipationDifference[]
  adjustments: ShownAdjustment[]
}

/** The participation totals of a fiscal year as reported, for the reports page and the exports. */
export async function reportedParticipation(
  db: Db,
  fiscalYear: number,
  now = currentTime(),
): Promise<ReportedParticipation> {
  const [status, live, row, adjustments] = await Promise.all([
    yearStatus(db, fiscalYear),
    participationTotals(db, fiscalYear, now),
    db.fiscalYearClose.findUnique({ where: { fiscalYear }, select: { participation: true } }),
    yearAdjustments(db, fiscalYear),
  ])
  if (!status.closed || !row?.participation) return { status, totals: live, pending: [], adjustments }
  const frozen = JSON.parse(row.participation) as ParticipationTotals
  return { status, totals: frozen, pending: participationDifferences(frozen, live), adjustments }
}

/** The accepted adjustments of a year, newest first, with who accepted them. */
export async function yearAdjustments(db: Db, fiscalYear: number): Promise<ShownAdjustment[]> {
  const rows = await db.yearAdjustment.findMany({ where: { fiscalYear }, orderBy: { acceptedAt: 'desc' } })
  const users = await db.consoleUser.findMany({
    where: { id: { in: rows.map((r) => r.acceptedById).filter((id): id is string => id !== null) } },
    select: { id: true, name: true },
  })
  const names = new Map(users.map((u) => [u.id, u.name]))
  return rows.map((r) => ({
    id: r.id,
    reason: r.reason,
    acceptedAt: r.acceptedAt,
    acceptedBy: r.acceptedById ? (names.get(r.acceptedById) ?? null) : null,
    detail: JSON.parse(r.detail) as YearAdjustmentDetail,
  }))
}

/** What a close, an acceptance or a reopening did. `changed`: another one came first (a double
 * submit, two people at once), or what the form showed is no longer so; nothing was written. */
export type YearOutcome = 'done' | 'nothing' | 'changed'

/** A write that conflicted with another one: the row's version moved (P2025) or it was created meanwhile (P2002). */
function isConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 'P2025' || code === 'P2002'
}

/**
 * 締め: freezes every figure reported for the year. Closing a closed year changes nothing.
 * `expectedVersion` is the version the confirmation page saw (YearStatus.version).
 */
export async function closeFiscalYear(
  db: Db,
  fiscalYear: number,
  userId: string | null,
  now = currentTime(),
  expectedVersion?: number,
): Promise<YearOutcome> {
  const status = await yearStatus(db, fiscalYear)
  if (status.closed) return 'nothing'
  if (expectedVersion !== undefined && expectedVersion !== status.version) return 'changed'
  const indicators = await loadIndicators(db)
  const values = await Promise.all(
    indicators.map(async (i) => {
      const live = await liveActual(db, i, fiscalYear, now)
      // A rate keeps the count its sentence names (回答 118件); a hand-entered rate has none.
      const basis = live.manual ? null : ((await yearRateBasis(db, i, fiscalYear))?.denominator ?? null)
      return { id: i.id, value: live.value, basis }
    }),
  )
  const participation = JSON.stringify(await participationTotals(db, fiscalYear, now))
  const closing = { closedAt: now, closedById: userId, reopenedAt: null, reopenedById: null, participation }
  try {
    await db.$transaction([
      // First, and conditional: a second close at the same moment fails here and writes nothing.
      status.version === -1
        ? db.fiscalYearClose.create({ data: { fiscalYear, ...closing } })
        : db.fiscalYearClose.update({
            where: { fiscalYear, version: status.version },
            data: { ...closing, version: { increment: 1 } },
          }),
      db.indicatorSnapshot.deleteMany({ where: { fiscalYear } }),
      // Adjustments of an earlier close are part of the figures frozen now.
      db.indicatorAdjustment.deleteMany({ where: { fiscalYear } }),
      // Every indicator, with or without a figure: a figure that comes later is a pending difference.
      db.indicatorSnapshot.createMany({
        data: values.map((v) => ({ indicatorId: v.id, fiscalYear, value: v.value, basis: v.basis })),
      }),
      queueWebhookEvent(db, 'fiscal_year.closed', { fiscalYear, indicators: values.length }, now),
      db.auditEvent.create({
        data: {
          actorId: userId,
          action: 'fiscal-year.close',
          entityType: 'FiscalYear',
          entityId: String(fiscalYear),
          detail: JSON.stringify({ indicators: values.length }),
        },
      }),
    ])
  } catch (error) {
    if (isConflict(error)) return 'changed'
    throw error
  }
  return 'done'
}

export type ClosedFigure = {
  closedAt: Date
  /** The figure reported: frozen at the close, plus the adjustments accepted since. */
  reported: number | null
  /** What the records say now. */
  live: number | null
  pending: number
  adjustments: { delta: number; reason: string; acceptedAt: Date }[]
}

/** An indicator's figure of a closed year as reported, beside the records (null if the year is open). */
export async function closedFigure(db: Db, indicatorId: string, fiscalYear: number, now = currentTime()) {
  const status = await yearStatus(db, fiscalYear)
  const indicator = (await loadIndicators(db)).find((i) => i.id === indicatorId)
  if (!status.closed || !indicator) return null
  const figure = await reportedFigure(db, indicator, fiscalYear, status, now)
  return {
    closedAt: status.closedAt!,
    reported: figure.actual,
    live: figure.live,
    pending: figure.pending,
    adjustments: figure.adjustments,
  } satisfies ClosedFigure
}

/** Lines for a file: the closed figure, what waits, the adjustments with their reasons. */
export function closedFigureNotes(figure: ClosedFigure | null, lang: Lang): string[] {
  if (!figure) return []
  const t = translator(lang)
  return [
    `${t('close.noteClosed')} ${formatDateTime(figure.closedAt, lang)}: ${figure.reported ?? ''}`,
    ...(figure.pending !== 0
      ? [
          `${t('close.notePending', { delta: signedNumber(figure.pending) })} (${t('close.liveFigure', { value: figure.live ?? '' })})`,
        ]
      : []),
    ...figure.adjustments.map((a) => t('close.noteAdjusted', { delta: signedNumber(a.delta), reason: a.reason })),
  ]
}

/** Every difference waiting in a closed year: per indicator, and in the participation totals. */
export async function pendingDifferences(
  db: Db,
  fiscalYear: number,
  now = currentTime(),
  participation?: ReportedParticipation,
) {
  const status = await yearStatus(db, fiscalYear)
  if (!status.closed) return { indicators: [], participation: [] } satisfies YearAdjustmentDetail
  const indicators = await loadIndicators(db)
  const figures = await Promise.all(
    indicators.map(async (i) => ({ i, figure: await reportedFigure(db, i, fiscalYear, status, now) })),
  )
  return {
    indicators: figures
      .filter(({ figure }) => figure.pending !== 0)
      .map(({ i, figure }) => ({ indicatorId: i.id, code: i.code, name: i.name, delta: figure.pending })),
    participation: (participation ?? (await reportedParticipation(db, fiscalYear, now))).pending,
  } satisfies YearAdjustmentDetail
}

/** A short fingerprint of the differences a page showed: accepting checks they are still the same. */
export function differencesDigest(detail: YearAdjustmentDetail): string {
  return crypto.createHash('sha256').update(JSON.stringify(detail)).digest('hex').slice(0, 32)
}

/**
 * Accepts every pending difference of a closed year, with one reason: the indicators take an
 * adjustment each, the participation totals are frozen anew. `seen` is what the page showed
 * (the year's version and the differences' digest): if either moved since, nothing is written.
 */
export async function acceptDifferences(
  db: Db,
  input: { fiscalYear: number; reason: string; userId: string; seen?: { version: number; digest: string } },
  now = currentTime(),
): Promise<{ outcome: YearOutcome; detail: YearAdjustmentDetail }> {
  const { fiscalYear, reason, userId, seen } = input
  const status = await yearStatus(db, fiscalYear)
  const detail = await pendingDifferences(db, fiscalYear, now)
  if (seen && (seen.version !== status.version || seen.digest !== differencesDigest(detail)))
    return { outcome: 'changed', detail }
  if (!status.closed || (detail.indicators.length === 0 && detail.participation.length === 0))
    return { outcome: 'nothing', detail }
  const participation = JSON.stringify(await participationTotals(db, fiscalYear, now))
  // A rate's count moves with its figure: the sentence then names the respondents behind it.
  const indicators = await loadIndicators(db)
  const bases = (
    await Promise.all(
      detail.indicators.map(async (d) => {
        const i = indicators.find((x) => x.id === d.indicatorId)
        if (!i || (i.rule !== 'SATISFACTION_RATE' && i.rule !== 'RESPONSE_RATE')) return []
        const live = await liveActual(db, i, fiscalYear, now)
        const basis = live.manual ? null : ((await yearRateBasis(db, i, fiscalYear))?.denominator ?? null)
        return [{ indicatorId: i.id, basis }]
      }),
    )
  ).flat()
  try {
    await db.$transaction([
      // First, and conditional: the same differences accepted twice at once are accepted once.
      db.fiscalYearClose.update({
        where: { fiscalYear, version: status.version },
        data: { participation, version: { increment: 1 } },
      }),
      ...detail.indicators.map((d) =>
        db.indicatorAdjustment.create({
          data: {
            indicatorId: d.indicatorId,
            fiscalYear,
            delta: d.delta,
            reason,
            acceptedById: userId,
            acceptedAt: now,
          },
        }),
      ),
      ...bases.map((b) =>
        db.indicatorSnapshot.updateMany({
          where: { indicatorId: b.indicatorId, fiscalYear },
          data: { basis: b.basis },
        }),
      ),
      db.yearAdjustment.create({
        data: { fiscalYear, reason, detail: JSON.stringify(detail), acceptedById: userId, acceptedAt: now },
      }),
      db.auditEvent.create({
        data: {
          actorId: userId,
          action: 'fiscal-year.adjust',
          entityType: 'FiscalYear',
          entityId: String(fiscalYear),
          detail: JSON.stringify({ reason, ...detail }),
        },
      }),
    ])
  } catch (error) {
    if (isConflict(error)) return { outcome: 'changed', detail }
    throw error
  }
  return { outcome: 'done', detail }
}

/** Reopening a closed year (admins only, checked by the caller) is logged. */
export async function reopenFiscalYear(
  db: Db,
  fiscalYear: number,
  userId: string,
  reason: string,
  now = currentTime(),
): Promise<YearOutcome> {
  const status = await yearStatus(db, fiscalYear)
  if (!status.closed) return 'nothing'
  try {
    await db.$transaction([
      db.fiscalYearClose.update({
        where: { fiscalYear, version: status.version },
        data: { reopenedAt: now, reopenedById: userId, version: { increment: 1 } },
      }),
      db.auditEvent.create({
        data: {
          actorId: userId,
          action: 'fiscal-year.reopen',
          entityType: 'FiscalYear',
          entityId: String(fiscalYear),
          detail: JSON.stringify({ reason }),
        },
      }),
    ])
  } catch (error) {
    if (isConflict(error)) return 'changed'
    throw error
  }
  return 'done'
}

/**
 * What the dashboard's forms about a closed year ask: reopen it (admins: checked by the caller),
 * or accept its pending differences as the page showed them. Anything but done — a form sent
 * twice, someone else first, an open year — is YEAR_CHANGED_MEANWHILE: nothing was written.
 */
export async function actOnClosedYear(
  db: Db,
  input:
    | { intent: 'reopen'; fiscalYear: number; reason: string }
    | { intent: 'accept'; fiscalYear: number; reason: string; version: number; digest: string },
  userId: string,
  now = currentTime(),
): Promise<void> {
  const { fiscalYear, reason } = input
  const outcome =
    input.intent === 'reopen'
      ? await reopenFiscalYear(db, fiscalYear, userId, reason, now)
      : (
          await acceptDifferences(
            db,
            { fiscalYear, reason, userId, seen: { version: input.version, digest: input.digest } },
            now,
          )
        ).outcome
  if (outcome !== 'done') throw new AppError('YEAR_CHANGED_MEANWHILE')
}

/**
 * What closing a year would leave behind (the confirmation page): the year's sessions still to
 * come with their registrations — their attendance would arrive after the close, as pending
 * differences — and the people who could reopen it.
 */
export async function closePreview(db: Db, fiscalYear: number, now = currentTime()) {
  const { end } = fiscalYearRange(fiscalYear)
  const [status, sessions, admins, indicators] = await Promise.all([
    yearStatus(db, fiscalYear),
    db.session.findMany({
      where: { startsAt: { gte: now, lt: end }, seminar: { status: { not: 'CANCELLED' } } },
      orderBy: { startsAt: 'asc' },
      select: {
        id: true,
        number: true,
        startsAt: true,
        seminar: {
          select: {
            id: true,
            title: true,
            _count: {
              select: {
                registrations: { where: { status: { notIn: ['CANCELLED', 'NOT_SELECTED'] }, role: 'PARTICIPANT' } },
              },
            },
          },
        },
      },
    }),
    db.consoleUser.findMany({
      where: { role: 'ADMIN', disabledAt: null },
      orderBy: { name: 'asc' },
      select: { name: true },
    }),
    db.indicator.count(),
  ])
  return {
    fiscalYear,
    status,
    yearOver: end <= now,
    indicators,
    upcoming: sessions.map((s) => ({
      sessionId: s.id,
      number: s.number,
      startsAt: s.startsAt,
      seminarId: s.seminar.id,
      seminarTitle: s.seminar.title,
      registrations: s.seminar._count.registrations,
    })),
    reopeners: admins.map((a) => a.name),
  }
}

/**
 * Years closed before their participation totals were frozen (by an earlier version): frozen now,
 * once, at start — the closest to what was reported that can still be had.
 */
export async function freezeUnfrozenClosedYears(db: Db, now = currentTime()): Promise<number[]> {
  const rows = await db.fiscalYearClose.findMany({ where: { participation: '', reopenedAt: null } })
  for (const row of rows)
    await db.fiscalYearClose.update({
      where: { fiscalYear: row.fiscalYear },
      data: { participation: JSON.stringify(await participationTotals(db, row.fiscalYear, now)) },
    })
  return rows.map((r) => r.fiscalYear)
}
