import crypto from 'node:crypto'
import type { Db } from '~/utils/db.server'
import { currentTime } from '~/utils/clock.server'
import { AppError, isRecordNotFound } from '~/utils/errors'
import type { Lang } from '~/utils/i18n'
import { tokyoDayAt } from '~/utils/time'
import type { Prisma } from '~/generated/prisma/client'
import type { Answers, AskedQuestion } from '../questions/definitions'
import { answersInWords, askedQuestions } from '../questions/questions.server'
import { queueMessage, queueMessages } from '../mail/outbox.server'
import { identitySecret } from '../privacy/identity.server'
import type { SurveySettings } from './forms'

/*
 * The survey after a seminar (docs/decisions/0047-surveys.md): its settings, the invitations to
 * those who attended and their one reminder, the private link, and the answer stored once.
 */

const HOUR = 3600_000
const DAY = 24 * HOUR

/** Rounds that ended longer ago than this are not invited any more (a survey switched on late). */
export const SURVEY_SEND_WINDOW_MS = 30 * DAY

export const SURVEY_DEFAULTS = {
  enabled: false,
  timing: 'AFTER_LAST_SESSION',
  anonymous: false,
  sendAfterHours: 1,
  reminderAfterDays: 3,
  openDays: 14,
} as const

// ————————————————————————————————————————————— settings

/** The console page: the seminar, the survey's settings (defaults before the first save) and counts. */
export async function surveySettingsPage(db: Db, seminarId: string) {
  const seminar = await db.seminar.findUnique({
    where: { id: seminarId },
    select: { id: true, title: true, survey: true },
  })
  if (!seminar) throw new AppError('SEMINAR_NOT_FOUND')
  const survey = seminar.survey
  const [invited, answered, responses] = survey
    ? await Promise.all([
        db.surveyInvitation.count({ where: { surveyId: survey.id } }),
        db.surveyInvitation.count({ where: { surveyId: survey.id, answered: true } }),
        db.surveyResponse.count({ where: { surveyId: survey.id } }),
      ])
    : [0, 0, 0]
  const settings = survey
    ? {
        enabled: survey.enabled,
        timing: survey.timing,
        anonymous: survey.anonymous,
        sendAfterHours: survey.sendAfterHours,
        reminderAfterDays: survey.reminderAfterDays,
        openDays: survey.openDays,
      }
    : SURVEY_DEFAULTS
  return { seminar: { id: seminar.id, title: seminar.title }, settings, counts: { invited, answered, responses } }
}

/**
 * Saves the survey's settings (the survey is made on the first save). Whether it is anonymous
 * cannot change once it has responses: answers given as anonymous would be shown beside names, or
 * named answers mixed into an "anonymous" survey.
 */
export async function saveSurveySettings(
  db: Db,
  actorId: string,
  seminarId: string,
  input: SurveySettings,
  now = currentTime(),
) {
  const seminar = await db.seminar.findUnique({ where: { id: seminarId }, select: { id: true, survey: true } })
  if (!seminar) throw new AppError('SEMINAR_NOT_FOUND')
  const existing = seminar.survey
  if (existing && existing.anonymous !== input.anonymous) {
    const responses = await db.surveyResponse.count({ where: { surveyId: existing.id } })
    if (responses > 0) throw new AppError('SURVEY_ANONYMITY_FIXED')
  }
  const data = { ...input, updatedAt: now }
  await db.$transaction([
    existing
      ? db.survey.update({ where: { id: existing.id }, data })
      : db.survey.create({ data: { ...data, seminarId, createdAt: now } }),
    db.auditEvent.create({
      data: {
        actorId,
        action: 'survey.settings',
        entityType: 'Seminar',
        entityId: seminarId,
        detail: JSON.stringify({ seminarId, ...input }),
      },
    }),
  ])
}

// ————————————————————————————————————————————— invitations and reminders

/** Attended a session: recorded at the door or afterwards, or online long enough by a meeting report. */
function attendedWhere(sessionId: string | null, minOnlineMinutes: number): Prisma.AttendanceWhereInput {
  return {
    ...(sessionId ? { sessionId } : {}),
    OR: [{ source: { not: 'IMPORT' } }, { source: 'IMPORT', onlineMinutes: { gte: minOnlineMinutes } }],
  }
}

type Round = { roundKey: string; sessionId: string | null; endedAt: Date }

/** The rounds of a survey due now: each session that ended, or the last one. */
function dueRounds(
  survey: { timing: string; sendAfterHours: number },
  sessions: { id: string; endsAt: Date }[],
  now: Date,
): Round[] {
  const rounds: Round[] =
    survey.timing === 'AFTER_EACH_SESSION'
      ? sessions.map((s) => ({ roundKey: s.id, sessionId: s.id, endedAt: s.endsAt }))
      : sessions.length
        ? [{ roundKey: '', sessionId: null, endedAt: sessions[sessions.length - 1].endsAt }]
        : []
  return rounds.filter(
    (r) =>
      r.endedAt.getTime() + survey.sendAfterHours * HOUR <= now.getTime() &&
      now.getTime() - r.endedAt.getTime() <= SURVEY_SEND_WINDOW_MS,
  )
}

/**
 * Invites those who attended each round that is due, and queues their mails. Each invitation is
 * inserted with ON CONFLICT DO NOTHING on its unique key, and its mail is queued in the same
 * transaction only when this process inserted it: two processes running at once invite once.
 */
export async function queueSurveyInvitations(db: Db, now = currentTime()): Promise<number> {
  const surveys = await db.survey.findMany({
    where: {
      enabled: true,
      seminar: {
        status: 'PUBLISHED',
        // A survey without questions would be an empty form.
        questions: { some: { form: 'SURVEY', retiredAt: null } },
        sessions: { some: { endsAt: { gte: new Date(now.getTime() - SURVEY_SEND_WINDOW_MS), lte: now } } },
      },
    },
    select: {
      id: true,
      seminarId: true,
      timing: true,
      sendAfterHours: true,
      openDays: true,
      seminar: {
        select: {
          minOnlineMinutes: true,
          sessions: { select: { id: true, endsAt: true }, orderBy: { endsAt: 'asc' } },
        },
      },
    },
  })
  let invited = 0
  for (const survey of surveys) {
    for (const round of dueRounds(survey, survey.seminar.sessions, now)) {
      const attendees = await db.registration.findMany({
        where: {
          seminarId: survey.seminarId,
          role: 'PARTICIPANT',
          status: { not: 'CANCELLED' },
          anonymizedAt: null,
          email: { not: '' },
          attendances: { some: attendedWhere(round.sessionId, survey.seminar.minOnlineMinutes) },
          surveyInvitations: { none: { surveyId: survey.id, roundKey: round.roundKey } },
        },
        select: { id: true },
      })
      if (!attendees.length) continue
      const closesAt = new Date(now.getTime() + survey.openDays * DAY)
      invited += await db.$transaction(async (txClient) => {
        const tx = txClient as unknown as Db
        const fresh: string[] = []
        for (const a of attendees) {
          const inserted = await tx.$executeRaw`INSERT INTO "SurveyInvitation"
              ("id", "surveyId", "registrationId", "roundKey", "sessionId", "invitedAt", "closesAt", "answered", "createdAt")
            VALUES (${crypto.randomUUID()}, ${survey.id}, ${a.id}, ${round.roundKey}, ${round.sessionId}, ${now},
              ${closesAt}, false, ${now})
            ON CONFLICT ("surveyId", "registrationId", "roundKey") DO NOTHING`
          if (inserted > 0) fresh.push(a.id)
        }
        if (fresh.length) {
          await queueMessages(
            tx,
            fresh.map((registrationId) => ({
              kind: 'SURVEY_INVITATION' as const,
              seminarId: survey.seminarId,
              registrationId,
              sessionId: round.sessionId,
            })),
            now,
          )
        }
        return fresh.length
      })
    }
  }
  return invited
}

/**
 * The one reminder, `reminderAfterDays` after the invitation, to those who have not answered while
 * the survey is still open. Each invitation is marked in the batch that queues its mail.
 */
export async function queueSurveyReminders(db: Db, now = currentTime()): Promise<number> {
  const due = await db.surveyInvitation.findMany({
    where: {
      answered: false,
      remindedAt: null,
      closesAt: { gt: now },
      // The earliest reminder is a day after the invitation: younger ones are not read every tick.
      invitedAt: { lte: new Date(now.getTime() - DAY) },
      survey: { enabled: true, reminderAfterDays: { gt: 0 } },
      registration: { status: { not: 'CANCELLED' }, anonymizedAt: null, email: { not: '' } },
    },
    select: {
      id: true,
      registrationId: true,
      sessionId: true,
      invitedAt: true,
      survey: { select: { seminarId: true, reminderAfterDays: true } },
    },
  })
  let queued = 0
  for (const inv of due) {
    if (inv.invitedAt.getTime() + inv.survey.reminderAfterDays * DAY > now.getTime()) continue
    try {
      await db.$transaction([
        db.surveyInvitation.update({
          where: { id: inv.id, remindedAt: null, answered: false },
          data: { remindedAt: now },
        }),
        queueMessage(
          db,
          {
            kind: 'SURVEY_REMINDER',
            seminarId: inv.survey.seminarId,
            registrationId: inv.registrationId,
            sessionId: inv.sessionId,
          },
          now,
        ),
      ])
      queued++
    } catch (error) {
      // Another process reminded them first, or they answered meanwhile.
      if (!isRecordNotFound(error)) throw error
    }
  }
  return queued
}

// ————————————————————————————————————————————— the private link

function signature(invitationId: string, secret = identitySecret()): string {
  return crypto.createHmac('sha256', secret).update(`survey:${invitationId}`).digest('base64url')
}

/**
 * The link's token: the invitation's id and its HMAC under the identity secret. Nothing secret is
 * stored; the token is computed again whenever the mail is rendered.
 */
export function surveyToken(invitationId: string, secret = identitySecret()): string {
  return `${invitationId}.${signature(invitationId, secret)}`
}

/** The invitation a token names, when its signature is right; null for anything else. */
export function invitationIdOf(token: string): string | null {
  const dot = token.indexOf('.')
  if (dot <= 0 || token.length > 200) return null
  const id = token.slice(0, dot)
  const given = Buffer.from(token.slice(dot + 1))
  const expected = Buffer.from(signature(id))
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? id : null
}

/** The invitation a mail of the given kind is about (the survey's round of its session), for rendering. */
export async function invitationForMessage(
  db: Db,
  message: { seminarId: string | null; registrationId: string | null; sessionId: string | null },
) {
  if (!message.seminarId || !message.registrationId) return null
  return db.surveyInvitation.findFirst({
    where: {
      survey: { seminarId: message.seminarId },
      registrationId: message.registrationId,
      roundKey: message.sessionId ?? '',
    },
    select: { id: true, answered: true, closesAt: true, survey: { select: { anonymous: true } } },
  })
}

// ————————————————————————————————————————————— answering

export type SurveyState = 'OPEN' | 'ANSWERED' | 'CLOSED'

async function invitationOfToken(db: Db, token: string) {
  const id = invitationIdOf(token)
  const invitation = id
    ? await db.surveyInvitation.findUnique({
        where: { id },
        select: {
          id: true,
          roundKey: true,
          sessionId: true,
          answered: true,
          closesAt: true,
          registration: { select: { language: true } },
          survey: {
            select: {
              id: true,
              anonymous: true,
              seminarId: true,
              seminar: { select: { title: true, titleEn: true, sessions: { select: { id: true, number: true } } } },
            },
          },
        },
      })
    : null
  if (!invitation) throw new AppError('NOT_FOUND')
  return invitation
}

function stateOf(invitation: { answered: boolean; closesAt: Date }, now: Date): SurveyState {
  return invitation.answered ? 'ANSWERED' : invitation.closesAt <= now ? 'CLOSED' : 'OPEN'
}

/** The survey's questions a token's form asks (for the action's schema); 404 for a wrong token. */
export async function surveyQuestionsOf(db: Db, token: string): Promise<AskedQuestion[]> {
  const invitation = await invitationOfToken(db, token)
  return askedQuestions(db, invitation.survey.seminarId, 'SURVEY')
}

/** The participant's page: the seminar, the session of a per-session survey, its state and questions. */
export async function surveyPage(db: Db, token: string, now = currentTime()) {
  const invitation = await invitationOfToken(db, token)
  const { seminar } = invitation.survey
  const state = stateOf(invitation, now)
  const several = seminar.sessions.length > 1
  return {
    token,
    language: (invitation.registration.language === 'en' ? 'en' : 'ja') as Lang,
    seminar: { title: seminar.title, titleEn: seminar.titleEn },
    sessionNumber: several ? (seminar.sessions.find((s) => s.id === invitation.sessionId)?.number ?? null) : null,
    anonymous: invitation.survey.anonymous,
    closesAt: invitation.closesAt,
    state,
    questions: state === 'OPEN' ? await askedQuestions(db, invitation.survey.seminarId, 'SURVEY') : [],
  }
}

/**
 * Stores a participant's answers, once: in one transaction the invitation is marked answered only
 * if it was not (a second submission, even at the same moment, finds nothing to mark and stores
 * nothing), then the response and its answers are written. An anonymous survey's response names
 * no invitation, has random ids and keeps only the Japan day.
 */
export async function answerSurvey(
  db: Db,
  token: string,
  questions: AskedQuestion[],
  answers: Answers | undefined,
  now = currentTime(),
) {
  const invitation = await invitationOfToken(db, token)
  const state = stateOf(invitation, now)
  if (state === 'ANSWERED') throw new AppError('SURVEY_ALREADY_ANSWERED')
  if (state === 'CLOSED') throw new AppError('SURVEY_CLOSED')
  const { anonymous } = invitation.survey
  const responseId = crypto.randomUUID()
  // Random rather than cuid: a cuid carries the time it was made.
  const rows = answersInWords(questions, answers).map((a) => ({ id: crypto.randomUUID(), responseId, ...a }))
  await db.$transaction(async (txClient) => {
    const tx = txClient as unknown as Db
    const marked = await tx.surveyInvitation.updateMany({
      where: { id: invitation.id, answered: false, closesAt: { gt: now } },
      data: { answered: true },
    })
    if (marked.count === 0) {
      const again = await tx.surveyInvitation.findUnique({ where: { id: invitation.id }, select: { answered: true } })
      throw new AppError(again?.answered ? 'SURVEY_ALREADY_ANSWERED' : 'SURVEY_CLOSED')
    }
    await tx.surveyResponse.create({
      data: {
        id: responseId,
        surveyId: invitation.survey.id,
        roundKey: invitation.roundKey,
        sessionId: invitation.sessionId,
        invitationId: anonymous ? null : invitation.id,
        answeredOn: tokyoDayAt(now, 0),
      },
    })
    if (rows.length) await tx.surveyAnswer.createMany({ data: rows })
  })
}
