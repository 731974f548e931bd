import { SEATS_FIELDS } from '../scheduling/availability'
import { z } from 'zod'
import type { Prisma } from '~/generated/prisma/client'
import { isAppError } from '~/utils/errors'
import { checkIn, undoCheckIn } from '../attendance/checkin.server'
import { currentFiscalYear, dashboard } from '../indicators/indicators.server'
import { reportedParticipation } from '../indicators/year-close.server'
import { FIGURE_KEYS } from '../exports/participation-totals.server'
import { answersSchema } from '../questions/definitions'
import { askedQuestions } from '../questions/questions.server'
import { buildRegistrationFormSchema } from '../registration/form-schema'
import { cancelRegistration, register } from '../registration/registrations.server'
import {
  ApiError,
  apiNotFound,
  decodeCursor,
  encodeCursor,
  mayProgram,
  PAGE_SIZE,
  parseWith,
  programFilter,
  queryOf,
  type ApiAnswer,
  type ApiContext,
} from './http.server'

/*
 * What each endpoint of /api/v1 does (docs/decisions/0055-api.md): one function per endpoint,
 * each a call of the module the console or the public form uses. Lists page by an opaque signed
 * cursor on the row id; a token limited to programs finds nothing of the others (404).
 * The shapes written here are the ones app/modules/api/openapi.ts describes.
 */

const limitParam = z.coerce.number().int().min(1).max(PAGE_SIZE.max).default(PAGE_SIZE.default)
const iso = (d: Date | null) => (d ? d.toISOString() : null)

// Seminars

const SEMINAR_SELECT = {
  ...SEATS_FIELDS,
  id: true,
  programId: true,
  program: { select: { code: true } },
  title: true,
  titleEn: true,
  category: { select: { name: true } },
  venueName: true,
  lottery: { select: { drawAt: true } },
} satisfies Prisma.SeminarSelect

type SeminarRow = Prisma.SeminarGetPayload<{ select: typeof SEMINAR_SELECT }>

function seminarJson(s: SeminarRow) {
  return {
    id: s.id,
    programId: s.programId,
    programCode: s.program.code,
    title: s.title,
    titleEn: s.titleEn,
    status: s.status,
    mode: s.mode,
    category: s.category?.name ?? null,
    venueName: s.venueName,
    capacityInPerson: s.capacityInPerson,
    capacityOnline: s.capacityOnline,
    seatsTakenInPerson: s.seatsTakenInPerson,
    seatsTakenOnline: s.seatsTakenOnline,
    waitlistEnabled: s.waitlistEnabled,
    lottery: s.lottery !== null,
    registrationOpensAt: s.registrationOpensAt.toISOString(),
    registrationClosesAt: s.registrationClosesAt.toISOString(),
  }
}

const SeminarListQuery = z.object({
  status: z.enum(['DRAFT', 'PUBLISHED', 'CANCELLED']).optional(),
  limit: limitParam,
  cursor: z.string().max(1000).optional(),
})

/** GET /api/v1/seminars: every seminar the token may see, oldest first, a page at a time. */
export async function listSeminars(ctx: ApiContext): Promise<ApiAnswer> {
  const query = parseWith(SeminarListQuery, queryOf(ctx.request))
  const list = `seminars:${query.status ?? ''}`
  const after = decodeCursor(list, query.cursor)
  const rows = await ctx.db.seminar.findMany({
    where: {
      ...programFilter(ctx.caller),
      ...(query.status ? { status: query.status } : {}),
      ...(after ? { id: { gt: after } } : {}),
    },
    orderBy: { id: 'asc' },
    take: query.limit + 1,
    select: SEMINAR_SELECT,
  })
  const page = rows.slice(0, query.limit)
  const more = rows.length > query.limit
  return {
    status: 200,
    body: { data: page.map(seminarJson), nextCursor: more ? encodeCursor(list, page[page.length - 1].id) : null },
  }
}

/** GET /api/v1/seminars/{id}: one seminar with its sessions. */
export async function getSeminar(ctx: ApiContext): Promise<ApiAnswer> {
  const seminar = await ctx.db.seminar.findUnique({
    where: { id: ctx.params.id ?? '' },
    select: {
      ...SEMINAR_SELECT,
      sessions: {
        orderBy: { number: 'asc' },
        select: { id: true, number: true, title: true, startsAt: true, endsAt: true, venueName: true },
      },
    },
  })
  if (!seminar || !mayProgram(ctx.caller, seminar.programId)) throw apiNotFound()
  return {
    status: 200,
    body: {
      data: {
        ...seminarJson(seminar),
        sessions: seminar.sessions.map((s) => ({
          id: s.id,
          number: s.number,
          title: s.title,
          startsAt: s.startsAt.toISOString(),
          endsAt: s.endsAt.toISOString(),
          venueName: s.venueName,
        })),
      },
    },
  }
}

// Registrations

const REGISTRATION_SELECT = {
  id: true,
  seminarId: true,
  status: true,
  mode: true,
  waitlistPosition: true,
  code: true,
  source: true,
  createdAt: true,
  cancelledAt: true,
  anonymizedAt: true,
  name: true,
  furigana: true,
  email: true,
  organizationName: true,
  phone: true,
  seminar: { select: { programId: true } },
} satisfies Prisma.RegistrationSelect

type RegistrationRow = Prisma.RegistrationGetPayload<{ select: typeof REGISTRATION_SELECT }>

/** A registration; its person (name, email…) only for a token that may read registrations, and never once removed. */
function registrationJson(r: RegistrationRow, ctx: ApiContext) {
  const personal = ctx.caller.scopes.includes('registrations:read')
  return {
    id: r.id,
    seminarId: r.seminarId,
    status: r.status,
    mode: r.mode,
    waitlistPosition: r.waitlistPosition,
    // The reception code opens the check-in: only for a token that may read registrations.
    code: personal && !r.anonymizedAt ? r.code : null,
    source: r.source,
    createdAt: r.createdAt.toISOString(),
    cancelledAt: iso(r.cancelledAt),
    ...(personal
      ? {
          person: r.anonymizedAt
            ? null
            : {
                name: r.name,
                furigana: r.furigana,
                email: r.email || null,
                organizationName: r.organizationName,
                phone: r.phone,
              },
        }
      : {}),
  }
}

const RegistrationListQuery = z.object({
  seminarId: z.string().max(40).optional(),
  status: z.enum(['CONFIRMED', 'WAITLISTED', 'CANCELLED', 'APPLIED', 'NOT_SELECTED']).optional(),
  limit: limitParam,
  cursor: z.string().max(1000).optional(),
})

/** GET /api/v1/registrations?seminarId=&status=&cursor=: registrations, oldest first. */
export async function listRegistrations(ctx: ApiContext): Promise<ApiAnswer> {
  const query = parseWith(RegistrationListQuery, queryOf(ctx.request))
  const list = `registrations:${query.seminarId ?? ''}:${query.status ?? ''}`
  const after = decodeCursor(list, query.cursor)
  if (query.seminarId) {
    const seminar = await ctx.db.seminar.findUnique({ where: { id: query.seminarId }, select: { programId: true } })
    if (!seminar || !mayProgram(ctx.caller, seminar.programId)) throw apiNotFound()
  }
  const rows = await ctx.db.registration.findMany({
    where: {
      ...(query.seminarId ? { seminarId: query.seminarId } : {}),
      ...(ctx.caller.programIds ? { seminar: programFilter(ctx.caller) } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(after ? { id: { gt: after } } : {}),
    },
    orderBy: { id: 'asc' },
    take: query.limit + 1,
    select: REGISTRATION_SELECT,
  })
  const page = rows.slice(0, query.limit)
  const more = rows.length > query.limit
  return {
    status: 200,
    body: {
      data: page.map((r) => registrationJson(r, ctx)),
      nextCursor: more ? encodeCursor(list, page[page.length - 1].id) : null,
    },
  }
}

async function registrationOr404(ctx: ApiContext, id: string): Promise<RegistrationRow> {
  const found = await ctx.db.registration.findUnique({ where: { id }, select: REGISTRATION_SELECT })
  if (!found || !mayProgram(ctx.caller, found.seminar.programId)) throw apiNotFound()
  return found
}

/** GET /api/v1/registrations/{id}. */
export async function getRegistration(ctx: ApiContext): Promise<ApiAnswer> {
  return { status: 200, body: { data: registrationJson(await registrationOr404(ctx, ctx.params.id ?? ''), ctx) } }
}

/** The body of POST /api/v1/seminars/{id}/registrations: the public form's fields and rules, in JSON. */
function newRegistrationSchema(language: 'ja' | 'en') {
  const form = buildRegistrationFormSchema(language).shape
  return z.object({
    name: form.name,
    furigana: form.furigana,
    email: form.email,
    organizationName: form.organizationName,
    corporateNumber: form.corporateNumber,
    industry: form.industry,
    inCity: z.boolean(),
    mode: form.mode,
    sessionIds: form.sessionIds,
    language: z.enum(['ja', 'en']).default('ja'),
    answers: z.record(z.union([z.string(), z.array(z.string())])).optional(),
  })
}

/**
 * POST /api/v1/seminars/{id}/registrations: registers someone through register(), the function the
 * public form registers with — the seminar must take registrations (published, within its
 * period), seats and the waiting list are given as to the form, a person already registered is
 * refused (409 ALREADY_REGISTERED), and the confirmation is mailed as after the form.
 */
export async function createRegistration(ctx: ApiContext): Promise<ApiAnswer> {
  const seminarId = ctx.params.id ?? ''
  const seminar = await ctx.db.seminar.findUnique({ where: { id: seminarId }, select: { programId: true } })
  if (!seminar || !mayProgram(ctx.caller, seminar.programId)) throw apiNotFound()
  const raw = (ctx.body ?? {}) as Record<string, unknown>
  const language = raw.language === 'en' ? 'en' : 'ja'
  const input = parseWith(newRegistrationSchema(language), raw)
  const questions = await askedQuestions(ctx.db, seminarId, 'REGISTRATION')
  const answers = parseWith(z.object({ answers: answersSchema(questions) }), { answers: input.answers }).answers
  let outcome
  try {
    outcome = await register(
      ctx.db,
      {
        seminarId,
        name: input.name,
        furigana: input.furigana ?? '',
        email: input.email,
        organizationName: input.organizationName ?? null,
        corporateNumber: input.corporateNumber ?? null,
        industry: input.industry,
        inCity: input.inCity,
        mode: input.mode,
        language: input.language,
        sessionIds: input.sessionIds,
        answers: { questions, values: answers },
        source: 'WEB',
      },
      ctx.now,
    )
  } catch (error) {
    if (isAppError(error, 'DUPLICATE_EMAIL'))
      throw new ApiError(409, 'ALREADY_REGISTERED', 'api.error.alreadyRegistered', {}, 'email')
    throw error
  }
  await ctx.db.auditEvent.create({
    data: {
      actorId: ctx.caller.userId,
      action: 'registration.api',
      entityType: 'Registration',
      entityId: outcome.id,
      detail: JSON.stringify({ seminarId, status: outcome.status, apiToken: ctx.caller.name }),
      at: ctx.now,
    },
  })
  return {
    status: 201,
    body: { data: registrationJson(await registrationOr404(ctx, outcome.id), ctx) },
    kept: { registrationId: outcome.id },
  }
}

/**
 * A registration call sent again with its Idempotency-Key: the registration as it stands now, not
 * a stored copy of the first answer, which held the person's name and email (removed at once on a
 * deletion request, docs/decisions/0055-api.md).
 */
export async function replayRegistration(ctx: ApiContext, kept: unknown) {
  const { registrationId } = z.object({ registrationId: z.string() }).parse(kept)
  return { data: registrationJson(await registrationOr404(ctx, registrationId), ctx) }
}

/** POST /api/v1/registrations/{id}/cancel: cancelled as staff cancel it; the seat passes to whoever waits. */
export async function cancelRegistrationCall(ctx: ApiContext): Promise<ApiAnswer> {
  const found = await registrationOr404(ctx, ctx.params.id ?? '')
  await cancelRegistration(ctx.db, found.id, { by: 'ORGANIZER', userId: ctx.caller.userId }, ctx.now)
  return {
    status: 200,
    body: { data: registrationJson(await registrationOr404(ctx, found.id), ctx) },
    kept: { registrationId: found.id },
  }
}

// Attendance

const AttendanceBody = z.object({ registrationId: z.string().min(1).max(40) })

async function sessionOr404(ctx: ApiContext) {
  const session = await ctx.db.session.findUnique({
    where: { id: ctx.params.sessionId ?? '' },
    select: { id: true, seminar: { select: { programId: true } } },
  })
  if (!session || !mayProgram(ctx.caller, session.seminar.programId)) throw apiNotFound()
  return session
}

/**
 * POST /api/v1/sessions/{sessionId}/attendance: records that a registered person attended, as
 * checking them in at the door does (counted once, in the indicators at once).
 */
export async function recordAttendance(ctx: ApiContext): Promise<ApiAnswer> {
  const session = await sessionOr404(ctx)
  const { registrationId } = parseWith(AttendanceBody, ctx.body)
  const outcome = await checkIn(
    ctx.db,
    { sessionId: session.id, registrationId, source: 'MANUAL', userId: ctx.caller.userId, notToday: 'proceed' },
    ctx.now,
  )
  if (outcome.outcome === 'NOT_FOUND' || outcome.outcome === 'OTHER_SEMINAR') throw apiNotFound()
  if (outcome.outcome === 'CHECKED_IN' || outcome.outcome === 'ALREADY')
    return {
      status: outcome.outcome === 'CHECKED_IN' ? 201 : 200,
      body: {
        data: {
          sessionId: session.id,
          registrationId,
          attended: true,
          recordedNow: outcome.outcome === 'CHECKED_IN',
          checkedInAt: outcome.at.toISOString(),
        },
      },
    }
  throw new ApiError(409, 'NOT_CONFIRMED', 'api.error.notConfirmed', {}, 'registrationId')
}

/** POST /api/v1/sessions/{sessionId}/attendance/undo: takes a record back (nothing to take back: undone false). */
export async function undoAttendance(ctx: ApiContext): Promise<ApiAnswer> {
  const session = await sessionOr404(ctx)
  const { registrationId } = parseWith(AttendanceBody, ctx.body)
  const registration = await ctx.db.registration.findFirst({
    where: { id: registrationId, seminar: { sessions: { some: { id: session.id } } } },
    select: { id: true },
  })
  if (!registration) throw apiNotFound()
  const undone = await undoCheckIn(ctx.db, { sessionId: session.id, registrationId, userId: ctx.caller.userId })
  return { status: 200, body: { data: { sessionId: session.id, registrationId, attended: false, undone } } }
}

// Indicators

const IndicatorQuery = z.object({ fiscalYear: z.coerce.number().int().min(2000).max(2100).optional() })

/** GET /api/v1/indicators?fiscalYear=: plan and actual of every indicator, per program, as the dashboard shows them. */
export async function listIndicators(ctx: ApiContext): Promise<ApiAnswer> {
  const query = parseWith(IndicatorQuery, queryOf(ctx.request))
  const fiscalYear = query.fiscalYear ?? currentFiscalYear(ctx.now)
  const board = await dashboard(ctx.db, fiscalYear, ctx.now)
  // An indicator of several programs (再掲) counts the seminars of all of them: a token limited to
  // programs gets it only when every one of its programs is among the token's.
  const allowed = ctx.caller.programIds
  const outside = new Set<string>()
  if (allowed) {
    const links = await ctx.db.indicatorProgram.findMany({ select: { indicatorId: true, programId: true } })
    for (const link of links) if (!allowed.includes(link.programId)) outside.add(link.indicatorId)
  }
  return {
    status: 200,
    body: {
      data: {
        fiscalYear,
        closed: board.status.closed,
        programs: board.groups
          .filter((g) => mayProgram(ctx.caller, g.programId))
          .map((g) => ({
            programId: g.programId,
            programName: g.programName,
            indicators: g.rows
              .filter((r) => !outside.has(r.indicatorId))
              .map((r) => ({
                id: r.indicatorId,
                code: r.code,
                name: r.name,
                nameEn: r.nameEn,
                unit: r.unit,
                rule: r.rule,
                cumulative: r.cumulative,
                plan: r.plan,
                actual: r.figure.actual,
                state: r.figure.state,
                rate: r.rate,
              })),
          })),
      },
    },
  }
}

// Exports

/**
 * GET /api/v1/exports/participation?fiscalYear=: the participation totals (参加実績) as the
 * console's export reports them — frozen for a closed year — per program and seminar, with the
 * industry and 市内/市外/不明 breakdowns. The grand total counts distinct people across programs,
 * so a token limited to programs gets its programs only and no total.
 */
export async function participationExport(ctx: ApiContext): Promise<ApiAnswer> {
  const query = parseWith(IndicatorQuery, queryOf(ctx.request))
  const fiscalYear = query.fiscalYear ?? currentFiscalYear(ctx.now)
  const reported = await reportedParticipation(ctx.db, fiscalYear, ctx.now)
  const seminarJson = (s: (typeof reported.totals.programs)[number]['seminars'][number]) => ({
    ...figuresOf(s),
    seminarId: s.seminarId,
    title: s.title,
    category: s.category,
    byIndustry: s.byIndustry,
    byLocation: s.byLocation,
  })
  return {
    status: 200,
    body: {
      data: {
        fiscalYear,
        closed: reported.status.closed,
        programs: reported.totals.programs
          .filter((p) => mayProgram(ctx.caller, p.programId))
          .map((p) => ({
            ...figuresOf(p),
            programId: p.programId,
            programName: p.programName,
            byIndustry: p.byIndustry,
            byLocation: p.byLocation,
            seminars: p.seminars.map(seminarJson),
          })),
        total: ctx.caller.programIds
          ? null
          : {
              ...figuresOf(reported.totals.total),
              byIndustry: reported.totals.total.byIndustry,
              byLocation: reported.totals.total.byLocation,
            },
      },
    },
  }
}

function figuresOf(f: Record<(typeof FIGURE_KEYS)[number], number>) {
  return Object.fromEntries(FIGURE_KEYS.map((k) => [k, f[k]])) as Record<(typeof FIGURE_KEYS)[number], number>
}
