import crypto from 'node:crypto'
import type { Db } from '~/utils/db.server'
import { AppError, isRecordNotFound, isUniqueViolation } from '~/utils/errors'
import { currentTime } from '~/utils/clock.server'
import type { AttendanceMode, Language } from '~/generated/prisma/client'
import { queueMessage } from '../mail/outbox.server'
import { insertAnswers } from '../questions/questions.server'
import { PRIVACY_VERSION } from '../privacy/notice'
import { GROUP_MAX_PEOPLE } from './form-schema'
import { normalizeEmail, personKey } from './identity'
import { ownRegistrationOr404 } from './manage.server'
import {
  cancelRegistrations,
  chosenSessionIds,
  insertChosenSessions,
  insertRegistration,
  type QuestionAnswers,
  modesOffered,
  newCheckinToken,
  newManageToken,
  newRegistrationCode,
  SEAT_FIELDS,
  seminarForRegistration,
  stillTakingApplications,
  takesApplications,
  applicationRefused,
  upsertOrganization,
  upsertPerson,
  createdEvent,
  type NewRegistration,
  type SeminarForRegistration,
} from './registrations.server'

/*
 * Several people of one organization registered in one public form by a contact person
 * (docs/decisions/0036-group-registration.md).
 *
 * All or none: the group's seats are taken by one conditional UPDATE of the seminar row in the
 * same batch as every member's registration, the group's rows and their messages. It matches only
 * while the capacity is still what was read, at least as many seats as people are free and nobody
 * waits in that mode; otherwise Prisma throws P2025 and nothing is written. A group never joins
 * the waiting list: the form says how many seats are left instead (a queue moves one person at a
 * time, so a waiting group would be confirmed in parts).
 */

export type GroupPerson = { name: string; furigana: string; email: string }

export type GroupInput = {
  seminarId: string
  /** The contact person: their email is required (they receive everyone's slips). */
  contact: GroupPerson
  /** The other people, in the form's order; email optional. */
  members: GroupPerson[]
  organizationName: string
  corporateNumber?: string | null
  industry?: string | null
  inCity: boolean
  /** One mode for the whole group (a hybrid seminar's choice is the contact's). */
  mode: AttendanceMode
  language: Language
  submissionKey?: string | null
  /** Where the seminar asks which sessions people attend: the contact's choice, for everyone. */
  sessionIds?: string[]
  /** The form's answers to the seminar's questions: the contact person's (they filled in the form). */
  answers?: QuestionAnswers
}

export type GroupMemberOutcome = { id: string; name: string; code: string; manageToken: string }

export type GroupOutcome = {
  groupId: string
  /** The contact first, then the members in the form's order. */
  registrations: GroupMemberOutcome[]
  /** false when the same form had already registered this group. */
  created: boolean
}

/** Why one person of the group cannot be registered: index 0 is the contact, 1… the members. */
export type GroupProblem = { index: number; reason: 'ALREADY_REGISTERED' | 'TWICE_IN_GROUP' }

/** Refusals of a group form that name the people concerned or the seats left. */
export class GroupRefusal extends AppError {
  readonly problems: GroupProblem[]
  readonly seatsLeft: number | null
  constructor(
    code: 'GROUP_MEMBER_CONFLICT' | 'GROUP_TOO_FEW_SEATS',
    detail: { problems?: GroupProblem[]; seatsLeft?: number },
  ) {
    super(code)
    this.problems = detail.problems ?? []
    this.seatsLeft = detail.seatsLeft ?? null
  }
}

export function isGroupRefusal(error: unknown): error is GroupRefusal {
  return error instanceof GroupRefusal
}

/**
 * What the public form shows for a group refusal: the message above the form, and beside each
 * person concerned why (the contact's email, a member's name); the seats left and the group's
 * size for the message's placeholders.
 */
export function groupRefusalReply(error: GroupRefusal, people: number) {
  const fieldErrors: Record<string, string[]> = {}
  for (const p of error.problems) {
    const field = p.index === 0 ? 'email' : `members[${p.index - 1}].name`
    fieldErrors[field] = [p.reason === 'TWICE_IN_GROUP' ? 'groupMemberTwice' : 'groupMemberRegistered']
  }
  return {
    formErrors: [error.messageKey],
    fieldErrors,
    seatsLeft: error.seatsLeft ?? undefined,
    people,
  }
}

/** Seats a newcomer may take in a mode now: none while someone waits; Infinity without a limit. */
function seatsLeft(seminar: SeminarForRegistration, mode: 'IN_PERSON' | 'ONLINE', waiting: boolean): number {
  const fields = SEAT_FIELDS[mode]
  const capacity = seminar[fields.capacity]
  if (capacity === null) return Number.POSITIVE_INFINITY
  if (waiting) return 0
  return Math.max(0, capacity - seminar[fields.taken])
}

async function someoneWaits(db: Db, seminarId: string, mode: string): Promise<boolean> {
  const rows = await db.$queryRaw<unknown[]>`SELECT 1 AS "found" FROM "Registration"
    WHERE "seminarId" = ${seminarId} AND CAST("mode" AS TEXT) = ${mode} AND CAST("status" AS TEXT) = 'WAITLISTED'
    LIMIT 1`
  return rows.length > 0
}

/** The people's keys (email, or name + furigana + organization) and who is there twice or already. */
async function groupProblems(db: Db, seminarId: string, keys: string[]): Promise<GroupProblem[]> {
  const problems: GroupProblem[] = []
  const seen = new Set<string>()
  keys.forEach((key, index) => {
    if (seen.has(key)) problems.push({ index, reason: 'TWICE_IN_GROUP' })
    seen.add(key)
  })
  const active = await db.registration.findMany({
    where: { seminarId, activeEmailKey: { in: [...seen] } },
    select: { activeEmailKey: true },
  })
  const taken = new Set(active.map((r) => r.activeEmailKey))
  keys.forEach((key, index) => {
    if (taken.has(key) && !problems.some((p) => p.index === index)) {
      problems.push({ index, reason: 'ALREADY_REGISTERED' })
    }
  })
  return problems.sort((a, b) => a.index - b.index)
}

/**
 * The group this form already registered (a double click, a reload), or 'another' when the key
 * came back with another seminar or contact (the form changed after going back in the browser).
 */
async function sameGroupSubmission(
  db: Db,
  submissionKey: string | null | undefined,
  seminarId: string,
  contactKey: string,
): Promise<GroupOutcome | 'another' | null> {
  if (!submissionKey) return null
  const group = await db.registrationGroup.findUnique({
    where: { submissionKey },
    select: {
      id: true,
      seminarId: true,
      members: {
        orderBy: { position: 'asc' },
        select: {
          registration: { select: { id: true, name: true, code: true, manageToken: true, emailNormalized: true } },
        },
      },
    },
  })
  if (!group) return null
  const contact = group.members[0]?.registration
  if (group.seminarId !== seminarId || contact?.emailNormalized !== contactKey) return 'another'
  return {
    groupId: group.id,
    registrations: group.members.map(({ registration: { emailNormalized: _, ...r } }) => r),
    created: false,
  }
}

/**
 * Registers the contact person and the other people of the group, each with a confirmed seat
 * (a lottery seminar not drawn yet: each with an application, APPLIED, drawn as one unit),
 * registration, code, manage link and slip — or none of them. Refusals: the seminar's (not found,
 * closed, mode not offered), GroupRefusal GROUP_MEMBER_CONFLICT (someone already registered, or
 * twice in the form; nothing written) and GROUP_TOO_FEW_SEATS (with the seats left).
 */
export async function registerGroup(db: Db, groupInput: GroupInput, now = currentTime()): Promise<GroupOutcome> {
  let input = groupInput
  const people = [input.contact, ...input.members]
  if (input.members.length === 0 || people.length > GROUP_MAX_PEOPLE) throw new AppError('BAD_REQUEST')
  if (!input.contact.email.trim()) throw new AppError('CONTACT_REQUIRED')
  const keys = people.map((p) => personKey({ ...p, organizationName: input.organizationName }))
  if (keys.some((k) => k === null)) throw new AppError('CONTACT_REQUIRED')
  const personKeys = keys as string[]
  const contactKey = normalizeEmail(input.contact.email)

  const resubmitted = await sameGroupSubmission(db, input.submissionKey, input.seminarId, contactKey)
  if (resubmitted === 'another') input = { ...input, submissionKey: null }
  else if (resubmitted) return resubmitted

  let seminar = await seminarForRegistration(db, input.seminarId)
  if (!seminar || seminar.status !== 'PUBLISHED') throw new AppError('SEMINAR_NOT_FOUND')
  if (now < seminar.registrationOpensAt) throw new AppError('REGISTRATION_NOT_OPEN')
  if (now > seminar.registrationClosesAt) throw new AppError('REGISTRATION_CLOSED')
  if (!modesOffered(seminar.mode).includes(input.mode)) throw new AppError('MODE_NOT_OFFERED')
  const mode = input.mode
  // Like the mode, the sessions are the contact's choice for the whole group (docs/decisions/0035).
  const sessionIds = seminar.sessionChoice
    ? await chosenSessionIds(db, seminar.id, input.sessionIds ?? [], { required: true })
    : []

  // A lottery not drawn yet takes the group's application: no seats now, drawn together (0049).
  let lotteryPending = takesApplications(seminar, { publicForm: true, now })

  const problems = await groupProblems(db, seminar.id, personKeys)
  if (problems.length) throw new GroupRefusal('GROUP_MEMBER_CONFLICT', { problems })
  if (!lotteryPending) {
    const left = seatsLeft(seminar, mode, await someoneWaits(db, seminar.id, mode))
    if (left < people.length) throw new GroupRefusal('GROUP_TOO_FEW_SEATS', { seatsLeft: left })
  }

  const organizationId = await upsertOrganization(db, input.organizationName, input.corporateNumber ?? null)
  const personIds: string[] = []
  for (const [i, p] of people.entries()) personIds.push(await upsertPerson(db, personKeys[i], p.name, p.furigana))

  const fields = SEAT_FIELDS[mode]
  for (let attempt = 0; attempt < 5; attempt++) {
    const groupId = crypto.randomUUID()
    const rows: NewRegistration[] = people.map((p, i) => ({
      id: crypto.randomUUID(),
      seminarId: seminar!.id,
      personId: personIds[i],
      organizationId,
      name: p.name,
      furigana: p.furigana,
      email: p.email.trim(),
      emailNormalized: personKeys[i],
      organizationName: input.organizationName,
      corporateNumber: input.corporateNumber || null,
      industry: input.industry || null,
      inCity: input.inCity,
      mode,
      status: lotteryPending ? 'APPLIED' : 'CONFIRMED',
      activeEmailKey: personKeys[i],
      // The group holds the form's key; the registrations hold none of it.
      submissionKey: null,
      language: input.language,
      source: 'WEB',
      phone: null,
      enteredById: null,
      manageToken: newManageToken(),
      code: newRegistrationCode(),
      checkinToken: newCheckinToken(),
      // The contact agreed to the privacy notice for everyone the form names.
      consentedAt: now,
      privacyVersion: PRIVACY_VERSION,
      createdAt: now,
    }))
    const capacity = seminar[fields.capacity]
    try {
      await db.$transaction([
        lotteryPending
          ? // An application: only while the lottery is not drawn and its time has not come.
            stillTakingApplications(db, seminar.id, now, now)
          : // All the seats or none: only while the capacity is what was read, enough seats are
            // free and nobody waits in this mode (waiting people come first, as in register()).
            db.seminar.update({
              where: {
                id: seminar.id,
                [fields.capacity]: capacity,
                ...(capacity === null ? {} : { [fields.taken]: { lte: capacity - people.length } }),
                registrations: { none: { mode, status: 'WAITLISTED' as const } },
              },
              data: { [fields.taken]: { increment: people.length }, queueVersion: { increment: 1 } },
            }),
        ...rows.map((r) => insertRegistration(db, r)),
        ...rows.flatMap((r) => insertChosenSessions(db, r.id, sessionIds, now)),
        ...insertAnswers(db, rows[0].id, input.answers?.questions ?? [], input.answers?.values, now),
        db.registrationGroup.create({
          data: { id: groupId, seminarId: seminar.id, submissionKey: input.submissionKey || null, createdAt: now },
        }),
        db.registrationGroupMember.createMany({
          data: rows.map((r, position) => ({ registrationId: r.id, groupId, position })),
        }),
        // The contact's confirmation lists everyone with their slips (mail/render.server.ts); each
        // member who gave an email also gets their own.
        ...rows
          .filter((r) => r.email !== '')
          .map((r) =>
            queueMessage(
              db,
              { kind: lotteryPending ? 'LOTTERY_APPLIED' : 'CONFIRMED', seminarId: seminar!.id, registrationId: r.id },
              now,
            ),
          ),
        // One event per person (a receiver counting registrations counts a group's people).
        ...rows.map((r) =>
          createdEvent(db, { id: r.id, seminarId: seminar!.id, status: r.status, mode, source: 'WEB', groupId }, now),
        ),
        db.auditEvent.create({
          data: {
            action: 'registration.group',
            entityType: 'RegistrationGroup',
            entityId: groupId,
            detail: JSON.stringify({
              seminarId: seminar.id,
              people: rows.length,
              mode,
              codes: rows.map((r) => r.code),
              ...(lotteryPending ? { status: 'APPLIED' } : {}),
            }),
            at: now,
          },
        }),
      ])
      return {
        groupId,
        registrations: rows.map((r) => ({ id: r.id, name: r.name, code: r.code, manageToken: r.manageToken })),
        created: true,
      }
    } catch (error) {
      if (isRecordNotFound(error)) {
        // Seats taken, someone started waiting, or the capacity changed meanwhile: look again.
        if (lotteryPending) {
          // Drawn a moment ago, or made first come: seats go first come from now on.
          seminar = await applicationRefused(db, seminar.id)
          lotteryPending = false
        } else {
          const now2 = await seminarForRegistration(db, seminar.id)
          if (!now2) throw new AppError('SEMINAR_NOT_FOUND')
          seminar = now2
        }
        const leftNow = seatsLeft(seminar, mode, await someoneWaits(db, seminar.id, mode))
        if (leftNow < people.length) throw new GroupRefusal('GROUP_TOO_FEW_SEATS', { seatsLeft: leftNow })
        continue
      }
      if (isUniqueViolation(error, 'submissionKey') || isUniqueViolation(error, 'activeEmailKey')) {
        // The same form arrived twice at once (the first one won: answer with it), or someone of
        // the group registered meanwhile.
        const same = await sameGroupSubmission(db, input.submissionKey, seminar.id, contactKey)
        if (same && same !== 'another') return same
        const raced = await groupProblems(db, seminar.id, personKeys)
        if (raced.length) throw new GroupRefusal('GROUP_MEMBER_CONFLICT', { problems: raced })
        throw error
      }
      // A collision of a random code or token: draw new ones.
      if (
        isUniqueViolation(error, 'code') ||
        isUniqueViolation(error, 'manageToken') ||
        isUniqueViolation(error, 'checkinToken')
      )
        continue
      throw error
    }
  }
  throw new AppError('DUPLICATE_CODE')
}

/** A group as its contact sees it from their manage link (null when the link is not a contact's). */
export async function groupOfContact(db: Db, contactRegistrationId: string) {
  const membership = await db.registrationGroupMember.findUnique({
    where: { registrationId: contactRegistrationId },
    select: { position: true, groupId: true },
  })
  if (!membership || membership.position !== 0) return null
  const members = await db.registrationGroupMember.findMany({
    where: { groupId: membership.groupId },
    orderBy: { position: 'asc' },
    select: {
      position: true,
      registration: {
        select: { id: true, name: true, code: true, status: true, manageToken: true, email: true, anonymizedAt: true },
      },
    },
  })
  return {
    groupId: membership.groupId,
    members: members.map(({ position, registration: { email, anonymizedAt, ...r } }) => ({
      ...r,
      position,
      hasEmail: email !== '',
      anonymized: anonymizedAt !== null,
    })),
  }
}

/**
 * A participant's manage link with the group they registered as its contact (null for anyone
 * else). The contact sees everyone's name, code, state and link: they were given them by mail.
 */
export async function ownRegistrationWithGroup(db: Db, token: string) {
  const own = await ownRegistrationOr404(db, token)
  return { ...own, group: await groupOfContact(db, own.registration.id) }
}

/** The group page of a contact's link: their group, or not found (404) for anyone else's link. */
export async function contactGroupOr404(db: Db, token: string) {
  const own = await ownRegistrationWithGroup(db, token)
  if (!own.group) throw new AppError('NOT_FOUND')
  return { token: own.token, contactId: own.registration.id, seminarId: own.registration.seminar.id, group: own.group }
}

/** The group page's intents from the contact's link: one person, or everyone. */
export async function cancelFromContactLink(
  db: Db,
  token: string,
  intent: { intent: 'cancel-member'; registrationId: string } | { intent: 'cancel-all' },
  now = currentTime(),
): Promise<number> {
  const { contactId } = await contactGroupOr404(db, token)
  return cancelFromGroup(
    db,
    intent.intent === 'cancel-all'
      ? { contactRegistrationId: contactId, all: true }
      : { contactRegistrationId: contactId, registrationId: intent.registrationId },
    now,
  )
}

/**
 * The contact cancels one person of their group, or everyone still registered (themselves too),
 * in one transaction; each freed seat goes to the head of the waiting list as for any cancellation.
 * `registrationId` must be of the contact's own group. Returns how many were cancelled.
 */
export async function cancelFromGroup(
  db: Db,
  input: { contactRegistrationId: string; registrationId?: string; all?: boolean },
  now = currentTime(),
): Promise<number> {
  const group = await groupOfContact(db, input.contactRegistrationId)
  if (!group) throw new AppError('REGISTRATION_NOT_FOUND')
  // Not selected in a lottery holds nothing: there is nothing to cancel (docs/decisions/0049).
  const holding = (m: { status: string }) => m.status !== 'CANCELLED' && m.status !== 'NOT_SELECTED'
  const targets = input.all
    ? group.members.filter(holding).map((m) => m.id)
    : group.members.filter((m) => m.id === input.registrationId).map((m) => m.id)
  if (!input.all && targets.length === 0) throw new AppError('REGISTRATION_NOT_FOUND')
  if (!input.all && group.members.some((m) => m.id === input.registrationId && m.status === 'NOT_SELECTED')) {
    throw new AppError('LOTTERY_NOT_SELECTED')
  }
  if (targets.length === 0) return 0
  const contact = await db.registration.findUniqueOrThrow({
    where: { id: input.contactRegistrationId },
    select: { seminarId: true },
  })
  const { cancelled } = await cancelRegistrations(db, contact.seminarId, targets, { by: 'PARTICIPANT' }, now)
  if (cancelled.length) {
    await db.auditEvent.create({
      data: {
        action: 'registration.group-cancel',
        entityType: 'RegistrationGroup',
        entityId: group.groupId,
        detail: JSON.stringify({ by: 'CONTACT', cancelled: cancelled.length, all: Boolean(input.all) }),
        at: now,
      },
    })
  }
  return cancelled.length
}

/** The groups of a seminar for its console page: for each registration, its group's size and contact. */
export async function groupsOfSeminar(db: Db, seminarId: string) {
  const groups = await db.registrationGroup.findMany({
    where: { seminarId },
    select: {
      id: true,
      members: {
        orderBy: { position: 'asc' },
        select: { position: true, registrationId: true, registration: { select: { name: true } } },
      },
    },
  })
  const byRegistration = new Map<string, { size: number; contactName: string; isContact: boolean }>()
  for (const g of groups) {
    const contact = g.members.find((m) => m.position === 0)
    for (const m of g.members) {
      byRegistration.set(m.registrationId, {
        size: g.members.length,
        contactName: contact?.registration.name ?? '',
        isContact: m.position === 0,
      })
    }
  }
  return byRegistration
}
