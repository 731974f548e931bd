import crypto from 'node:crypto'
import type { Db } from '~/utils/db.server'
import { queueMessage, queueWaitlistNotice } from '../mail/outbox.server'
import { queueWebhookEvent } from '../webhooks/queue.server'
import { personIdentityHash } from '../privacy/identity.server'
import { PRIVACY_VERSION } from '../privacy/notice'
import { AppError, isRecordNotFound, isUniqueViolation } from '~/utils/errors'
import type { AttendanceMode, Language, RegistrationSource } from '~/generated/prisma/client'
import { normalizeOrganizationName, organizationIdentityKey, personKey } from './identity'
import { currentTime } from '~/utils/clock.server'
import type { Answers, AskedQuestion } from '../questions/definitions'
import { insertAnswers } from '../questions/questions.server'

/*
 * Seat allocation (docs/decisions/0004-seat-allocation.md).
 *
 * Every change to seats or to a waiting list is one batch transaction that starts by updating
 * the seminar row: on SQLite writes are serialized anyway, on PostgreSQL that UPDATE takes the
 * row lock, so the statements after it see a stable queue. A seat is taken by a conditional
 * UPDATE (`seatsTaken < capacity`); when it matches no row Prisma throws P2025 and the whole
 * batch rolls back, so the registration is never written without its seat.
 */

export type RegistrationInput = {
  seminarId: string
  name: string
  furigana: string
  email: string
  organizationName?: string | null
  corporateNumber?: string | null
  industry?: string | null
  inCity: boolean
  mode: AttendanceMode
  language: Language
  submissionKey?: string | null
  source?: RegistrationSource
  /** A telephone number (applications by phone or on paper, entered by staff). */
  phone?: string | null
  /** The console user who entered it on the person's behalf (source CONSOLE). */
  enteredById?: string | null
  /** Queue the confirmation and later messages (default). Staff may print the slip instead. */
  sendMail?: boolean
  /**
   * The sessions the person will attend, where the seminar lets them choose (sessionChoice): at
   * least one on the public form; none from staff means every session. Ignored otherwise.
   */
  sessionIds?: string[]
  /** Answers to the seminar's own questions, checked against them (docs/decisions/0046-questions.md). */
  answers?: QuestionAnswers
}

/** Answers of a form, with the questions they were checked against (their words are stored with them). */
export type QuestionAnswers = { questions: AskedQuestion[]; values: Answers | undefined }

export type RegistrationOutcome = {
  id: string
  status: 'CONFIRMED' | 'WAITLISTED' | 'CANCELLED' | 'APPLIED' | 'NOT_SELECTED'
  waitlistPosition: number | null
  manageToken: string
  code: string
  /** false when the same form submission had already created this registration. */
  created: boolean
}

export const SEAT_FIELDS = {
  IN_PERSON: { taken: 'seatsTakenInPerson', capacity: 'capacityInPerson' },
  ONLINE: { taken: 'seatsTakenOnline', capacity: 'capacityOnline' },
} as const

// Crockford base32 without I, L, O, U: easy to read aloud and to type at the door.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** An 8-character registration code (40 random bits), e.g. "K7QX3M9P". */
export function newRegistrationCode(): string {
  const bytes = crypto.randomBytes(8)
  let code = ''
  for (const b of bytes) code += CODE_ALPHABET[b % 32]
  return code
}

/** What the slip's QR code carries: 128 random bits as 32 hex digits (read alike in any case). */
export function newCheckinToken(): string {
  return crypto.randomBytes(16).toString('hex').toUpperCase()
}

/** The manage link's secret: 256 random bits. */
export function newManageToken(): string {
  return crypto.randomBytes(32).toString('base64url')
}

export function modesOffered(mode: 'IN_PERSON' | 'ONLINE' | 'HYBRID'): AttendanceMode[] {
  return mode === 'HYBRID' ? ['IN_PERSON', 'ONLINE'] : [mode]
}

/** Registers a participant: a confirmed seat if one is free, else a place on the waiting list. */
export async function register(
  db: Db,
  registrationInput: RegistrationInput,
  now = currentTime(),
): Promise<RegistrationOutcome> {
  let input = registrationInput
  // The email, or for an application without one the person's name key (identity.ts).
  const emailNormalized = personKey(input)
  if (!emailNormalized) throw new AppError('CONTACT_REQUIRED')
  const source = input.source ?? 'WEB'
  // The resubmission, the seminar and the active-email check in one statement (registrationStart);
  // they are judged in this order, as if read one after the other.
  const start = await registrationStart(db, input.seminarId, input.submissionKey, emailNormalized, {
    name: input.organizationName ?? null,
    corporateNumber: input.corporateNumber ?? null,
  })
  const resubmitted = start.submitted
  if (resubmitted === 'another') input = { ...input, submissionKey: null }
  else if (resubmitted) return resubmitted
  const seminar = start.seminar
  if (!seminar || (seminar.status !== 'PUBLISHED' && source === 'WEB')) {
    throw new AppError('SEMINAR_NOT_FOUND')
  }
  if (seminar.status === 'CANCELLED') throw new AppError('REGISTRATION_CLOSED')
  // The public window binds the public form; staff take applications by phone or on paper
  // before it opens and after it closes.
  if (source === 'WEB' && now < seminar.registrationOpensAt) throw new AppError('REGISTRATION_NOT_OPEN')
  if (source === 'WEB' && now > seminar.registrationClosesAt) throw new AppError('REGISTRATION_CLOSED')
  if (!modesOffered(seminar.mode).includes(input.mode)) throw new AppError('MODE_NOT_OFFERED')
  const sessionIds = seminar.sessionChoice
    ? await chosenSessionIds(db, seminar.id, input.sessionIds ?? [], { required: source === 'WEB' })
    : []
  // A lottery not drawn yet takes applications (web and staff) instead of giving seats (0049).
  const lotteryPending = takesApplications(seminar, { publicForm: source === 'WEB', now })

  if (start.activeEmail) throw new AppError('DUPLICATE_EMAIL')

  const personId = await upsertPerson(db, emailNormalized, input.name, input.furigana)
  // Found by the first statement as upsertOrganization looks first; made (or given its number) there.
  const organizationId =
    start.organizationId === null
      ? await upsertOrganization(db, input.organizationName ?? null, input.corporateNumber ?? null)
      : (start.organizationId ?? null)
  const fields = SEAT_FIELDS[input.mode]
  const capacity = seminar[fields.capacity]
  // Registrations made online or by staff get their messages (walk-ins and imports are present
  // already), unless staff print the slip instead or there is no address to send them to.
  const mailed = (source === 'WEB' || source === 'CONSOLE') && input.sendMail !== false && input.email.trim() !== ''

  const data = {
    seminarId: seminar.id,
    personId,
    organizationId,
    name: input.name,
    furigana: input.furigana,
    email: input.email.trim(),
    emailNormalized,
    organizationName: input.organizationName || null,
    corporateNumber: input.corporateNumber || null,
    industry: input.industry || null,
    inCity: input.inCity,
    mode: input.mode,
    activeEmailKey: emailNormalized,
    submissionKey: input.submissionKey || null,
    language: input.language,
    source,
    phone: input.phone || null,
    enteredById: input.enteredById ?? null,
    // The public form cannot be sent without agreeing to the privacy notice (form-schema.ts).
    consentedAt: source === 'WEB' ? now : null,
    privacyVersion: source === 'WEB' ? PRIVACY_VERSION : null,
    createdAt: now,
  }

  for (let attempt = 0; attempt < 3; attempt++) {
    const id = crypto.randomUUID()
    const secrets = { manageToken: newManageToken(), code: newRegistrationCode(), checkinToken: newCheckinToken() }
    try {
      if (lotteryPending && (source === 'WEB' || source === 'CONSOLE')) {
        try {
          await db.$transaction([
            stillTakingApplications(db, seminar.id, source === 'WEB' ? now : null, now),
            insertRegistration(db, { ...data, ...secrets, id, status: 'APPLIED' }),
            ...insertChosenSessions(db, id, sessionIds, now),
            ...insertAnswers(db, id, input.answers?.questions ?? [], input.answers?.values, now),
            ...(mailed
              ? [queueMessage(db, { kind: 'LOTTERY_APPLIED', seminarId: seminar.id, registrationId: id }, now)]
              : []),
            createdEvent(db, { id, seminarId: seminar.id, status: 'APPLIED', mode: input.mode, source }, now),
          ])
          return { id, status: 'APPLIED', waitlistPosition: null, ...secrets, created: true }
        } catch (error) {
          if (!isRecordNotFound(error)) throw error
          await applicationRefused(db, seminar.id)
        }
      }
      // 1. A free seat nobody is waiting for: take it and write the confirmed registration in
      //    one batch. Waiting people always come first. (Skipped when the seminar looked full a
      //    moment ago and keeps a queue: a seat freed meanwhile goes to the queue's head, see 2.)
      const looksFull = capacity !== null && seminar[fields.taken] >= capacity
      if (!looksFull || !seminar.waitlistEnabled) {
        try {
          await db.$transaction([
            takeSeatOp(db, seminar.id, input.mode, capacity, { onlyIfNobodyWaits: true }),
            insertRegistration(db, { ...data, ...secrets, id, status: 'CONFIRMED' }),
            ...insertChosenSessions(db, id, sessionIds, now),
            ...insertAnswers(db, id, input.answers?.questions ?? [], input.answers?.values, now),
            ...(mailed
              ? [queueMessage(db, { kind: 'CONFIRMED', seminarId: seminar.id, registrationId: id }, now)]
              : []),
            createdEvent(db, { id, seminarId: seminar.id, status: 'CONFIRMED', mode: input.mode, source }, now),
          ])
          return { id, status: 'CONFIRMED', waitlistPosition: null, ...secrets, created: true }
        } catch (error) {
          if (!isRecordNotFound(error)) throw error
        }
      }
      // 2. Full: join the end of this mode's waiting list, if the seminar keeps one.
      if (!seminar.waitlistEnabled) throw new AppError('SEMINAR_FULL')
      const written = await db.$transaction([
        db.$executeRaw`UPDATE "Seminar" SET "queueVersion" = "queueVersion" + 1 WHERE "id" = ${seminar.id}`,
        insertRegistration(db, { ...data, ...secrets, id, status: 'WAITLISTED' }),
        // The position comes back with the commit (RETURNING: SQLite 3.35+, PostgreSQL).
        db.$queryRaw<{ waitlistPosition: number | null }[]>`UPDATE "Registration" SET "waitlistPosition" = (
            SELECT COALESCE(MAX("waitlistPosition"), 0) + 1 FROM "Registration"
            WHERE "seminarId" = ${seminar.id} AND CAST("mode" AS TEXT) = ${input.mode}
              AND CAST("status" AS TEXT) = 'WAITLISTED')
          WHERE "id" = ${id} RETURNING "waitlistPosition"`,
        ...(mailed ? queueWaitlistNotice(db, seminar.id, id, now) : []),
        ...insertChosenSessions(db, id, sessionIds, now),
        ...insertAnswers(db, id, input.answers?.questions ?? [], input.answers?.values, now),
        createdEvent(db, { id, seminarId: seminar.id, status: 'WAITLISTED', mode: input.mode, source }, now),
      ])
      const placed = written[2] as { waitlistPosition: number | null }[]
      // Committed, the waiting-list notice with it: nothing after this may turn the answer into an
      // error (docs/decisions/0025). A seat may have been freed between the two batches: fill it
      // from the head of the queue, best effort.
      const promoted = await fillFreeSeatsAfterCommit(db, seminar.id, now)
      const committed = promoted.includes(id)
        ? { status: 'CONFIRMED' as const, waitlistPosition: null }
        : { status: 'WAITLISTED' as const, waitlistPosition: Number(placed[0].waitlistPosition) }
      return { id, ...(await stateAfterCommit(db, id, committed)), ...secrets, created: true }
    } catch (error) {
      if (isUniqueViolation(error, 'submissionKey') || isUniqueViolation(error, 'activeEmailKey')) {
        // The same form arrived twice at once: the first one won, answer with its result.
        const same = await sameSubmission(db, input.submissionKey, seminar.id, emailNormalized)
        if (same && same !== 'another') return same
        throw new AppError('DUPLICATE_EMAIL')
      }
      // A collision of the random code or token: draw new ones.
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

/**
 * The webhook event of a new registration (docs/decisions/0056-webhooks.md), for its batch: ids
 * and states only, no personal data.
 */
export function createdEvent(
  db: Db,
  r: { id: string; seminarId: string; status: string; mode: Mode; source: string; groupId?: string | null },
  now: Date,
) {
  return queueWebhookEvent(
    db,
    'registration.created',
    {
      registrationId: r.id,
      seminarId: r.seminarId,
      status: r.status,
      mode: r.mode,
      source: r.source,
      ...(r.groupId ? { groupId: r.groupId } : {}),
    },
    now,
  )
}

/**
 * The registration as it stands now (earlier people in the queue may have been promoted since
 * the commit); what was committed when the database cannot be read at the moment.
 */
async function stateAfterCommit(
  db: Db,
  id: string,
  committed: Pick<RegistrationOutcome, 'status' | 'waitlistPosition'>,
): Promise<Pick<RegistrationOutcome, 'status' | 'waitlistPosition'>> {
  try {
    const [saved] = await db.$queryRaw<Pick<RegistrationOutcome, 'status' | 'waitlistPosition'>[]>`
      SELECT "status", "waitlistPosition" FROM "Registration" WHERE "id" = ${id}`
    return saved ?? committed
  } catch (error) {
    console.error(`Registration ${id} committed; its state could not be read again:`, error)
    return committed
  }
}

type SubmittedRow = Omit<RegistrationOutcome, 'created'> & { seminarId: string; emailNormalized: string }

/** A resubmitted form's registration as sameSubmission answers it. */
function submittedOutcome(
  r: SubmittedRow | null | undefined,
  seminarId: string,
  emailNormalized: string,
): RegistrationOutcome | 'another' | null {
  if (!r) return null
  if (r.seminarId !== seminarId || r.emailNormalized !== emailNormalized) return 'another'
  return {
    id: r.id,
    status: r.status,
    waitlistPosition: r.waitlistPosition,
    manageToken: r.manageToken,
    code: r.code,
    created: false,
  }
}

/**
 * What register() reads before it writes, in one statement (one client call, one turn on SQLite's
 * connection): the registration a resubmitted form already made (sameSubmission), the seminar
 * (seminarForRegistration) and whether the email holds an active registration of it. Each part is
 * the query it replaces, as a subquery: none depends on another. `seminar` is null when there is no
 * such seminar; then no registration can belong to it, so `submitted` is 'another' or null.
 * `organizationId` is what upsertOrganization's first look finds (by the corporate number when one
 * is given, else the oldest of the name); null when it finds none (upsertOrganization then makes it
 * or gives it its number), undefined when the form names no organization.
 */
async function registrationStart(
  db: Db,
  seminarId: string,
  submissionKey: string | null | undefined,
  emailNormalized: string,
  organization: { name: string | null; corporateNumber: string | null },
): Promise<{
  submitted: RegistrationOutcome | 'another' | null
  seminar: SeminarForRegistration | null
  activeEmail: boolean
  organizationId: string | null | undefined
}> {
  const key = submissionKey || null
  const named = organizationIdentityKey(organization.name, organization.corporateNumber) !== null
  const byNumber = named && organization.corporateNumber ? organization.corporateNumber : null
  const byName =
    named && !organization.corporateNumber && organization.name ? normalizeOrganizationName(organization.name) : null
  const rows = await db.$queryRaw<
    (Partial<SeminarForRegistration> & {
      seminarFound: number | bigint | boolean | null
      activeEmail: number | bigint | boolean | null
      submittedId: string | null
      submittedStatus: RegistrationOutcome['status'] | null
      submittedWaitlistPosition: number | null
      submittedManageToken: string | null
      submittedCode: string | null
      submittedSeminarId: string | null
      submittedEmailNormalized: string | null
      organizationByNumber: string | null
      organizationByName: string | null
    })[]
  >`SELECT s."id" IS NOT NULL AS "seminarFound", s."id", s."status", s."mode", s."registrationOpensAt",
      s."registrationClosesAt", s."capacityInPerson", s."capacityOnline", s."seatsTakenInPerson", s."seatsTakenOnline",
      s."waitlistEnabled", s."sessionChoice", l."drawAt" AS "lotteryDrawAt", l."drawnAt" AS "lotteryDrawnAt",
      EXISTS (SELECT 1 FROM "Registration" a
        WHERE a."seminarId" = ${seminarId} AND a."activeEmailKey" = ${emailNormalized}) AS "activeEmail",
      r."id" AS "submittedId", r."status" AS "submittedStatus", r."waitlistPosition" AS "submittedWaitlistPosition",
      r."manageToken" AS "submittedManageToken", r."code" AS "submittedCode", r."seminarId" AS "submittedSeminarId",
      r."emailNormalized" AS "submittedEmailNormalized",
      (SELECT o."id" FROM "Organization" o WHERE o."corporateNumber" = ${byNumber}) AS "organizationByNumber",
      (SELECT o."id" FROM "Organization" o WHERE o."normalizedName" = ${byName}
        ORDER BY o."createdAt" ASC LIMIT 1) AS "organizationByName"
    FROM (SELECT 1 AS "one") o
      LEFT JOIN "Seminar" s ON s."id" = ${seminarId}
      LEFT JOIN "Lottery" l ON l."seminarId" = s."id"
      LEFT JOIN "Registration" r ON r."submissionKey" = ${key}`
  const row = rows[0]
  const submitted = submittedOutcome(
    row.submittedId === null
      ? null
      : {
          id: row.submittedId,
          status: row.submittedStatus!,
          waitlistPosition: row.submittedWaitlistPosition,
          manageToken: row.submittedManageToken!,
          code: row.submittedCode!,
          seminarId: row.submittedSeminarId!,
          emailNormalized: row.submittedEmailNormalized!,
        },
    seminarId,
    emailNormalized,
  )
  const seminar: SeminarForRegistration | null = row.seminarFound
    ? {
        id: row.id!,
        status: row.status!,
        mode: row.mode!,
        registrationOpensAt: row.registrationOpensAt!,
        registrationClosesAt: row.registrationClosesAt!,
        capacityInPerson: row.capacityInPerson ?? null,
        capacityOnline: row.capacityOnline ?? null,
        seatsTakenInPerson: row.seatsTakenInPerson!,
        seatsTakenOnline: row.seatsTakenOnline!,
        waitlistEnabled: Boolean(row.waitlistEnabled),
        sessionChoice: Boolean(row.sessionChoice),
        lotteryDrawAt: row.lotteryDrawAt ?? null,
        lotteryDrawnAt: row.lotteryDrawnAt ?? null,
      }
    : null
  const organizationId = named ? (row.organizationByNumber ?? row.organizationByName ?? null) : undefined
  return { submitted, seminar, activeEmail: Boolean(row.activeEmail), organizationId }
}

/**
 * A form comes back with the key it was rendered with. Submitted again with the same email for
 * the same seminar (a double click, a reload), it is the same registration; changed after going
 * back in the browser, it is 'another' one and gets no key.
 */
async function sameSubmission(
  db: Db,
  submissionKey: string | null | undefined,
  seminarId: string,
  emailNormalized: string,
): Promise<RegistrationOutcome | 'another' | null> {
  if (!submissionKey) return null
  const [r] = await db.$queryRaw<SubmittedRow[]>`
    SELECT "id", "status", "waitlistPosition", "manageToken", "code", "seminarId", "emailNormalized"
    FROM "Registration" WHERE "submissionKey" = ${submissionKey}`
  return submittedOutcome(r, seminarId, emailNormalized)
}

/**
 * The person of a normalized email: found by its keyed identity (privacy/identity.server.ts), which
 * survives anonymization, so someone whose earlier data was removed is the same person again
 * (実人数 stays right); their name and email come back with the new record. Created when new.
 */
export async function upsertPerson(db: Db, emailNormalized: string, name: string, furigana: string): Promise<string> {
  const identityHash = personIdentityHash(emailNormalized)
  const now = currentTime()
  // One statement (INSERT … ON CONFLICT, alike on SQLite and PostgreSQL): the latest name wins.
  const upsert = async () => {
    const [person] = await db.$queryRaw<{ id: string }[]>`
      INSERT INTO "Person" ("id", "emailNormalized", "identityHash", "name", "furigana", "createdAt", "updatedAt")
      VALUES (${crypto.randomUUID()}, ${emailNormalized}, ${identityHash}, ${name}, ${furigana}, ${now}, ${now})
      ON CONFLICT ("identityHash") DO UPDATE SET
        "emailNormalized" = excluded."emailNormalized", "name" = excluded."name", "furigana" = excluded."furigana",
        "anonymizedAt" = NULL, "updatedAt" = excluded."updatedAt"
      RETURNING "id"`
    return person.id
  }
  // Usually the only statement: a known person (met on identityHash) or a new one. It fails, on
  // the unique emailNormalized that ON CONFLICT does not cover, exactly when a row of this email
  // lacks the keyed identity (the update below would have given it one) — or when another request
  // is inserting this new person at the same moment (PostgreSQL). Then the steps below, as before.
  try {
    return await upsert()
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
  }
  // Retried whole on a unique violation: on PostgreSQL a request inserting a new person can collide
  // on emailNormalized — the unique index ON CONFLICT does not cover — with a row another request
  // was inserting at that moment, and answer an error to someone who did register. Run again, the
  // update below finds the row, now committed, and the insert meets it on identityHash.
  return retryOnUniqueRace(async () => {
    // A row of this email without the keyed identity (made by another tool, or before a new
    // secret) takes it first, unless another row already has it; one indexed statement.
    await db.$executeRaw`UPDATE "Person" SET "identityHash" = ${identityHash}
      WHERE "emailNormalized" = ${emailNormalized} AND ("identityHash" IS NULL OR "identityHash" <> ${identityHash})
        AND NOT EXISTS (SELECT 1 FROM "Person" p WHERE p."identityHash" = ${identityHash})`
    return upsert()
  })
}

export async function upsertOrganization(
  db: Db,
  name: string | null,
  corporateNumber: string | null,
): Promise<string | null> {
  const normalizedName = name ? normalizeOrganizationName(name) : ''
  const identityKey = organizationIdentityKey(name, corporateNumber)
  if (!identityKey) return null
  const displayName = name?.trim() || corporateNumber || ''
  return retryOnUniqueRace(async () => {
    if (corporateNumber) {
      const byNumber = await db.organization.findUnique({ where: { corporateNumber }, select: { id: true } })
      if (byNumber) return byNumber.id
      // Known so far by its name only: from now on its number identifies it.
      const byName = normalizedName
        ? await db.organization.findFirst({
            where: { normalizedName, corporateNumber: null },
            orderBy: { createdAt: 'asc' },
            select: { id: true },
          })
        : null
      if (byName) {
        const { count } = await db.organization.updateMany({
          where: { id: byName.id, corporateNumber: null },
          data: { corporateNumber, identityKey },
        })
        // Given a number by someone else meanwhile: look again.
        return count === 1 ? byName.id : upsertOrganization(db, name, corporateNumber)
      }
    } else {
      const [byName] = await db.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Organization"
        WHERE "normalizedName" = ${normalizedName} ORDER BY "createdAt" ASC LIMIT 1`
      if (byName) return byName.id
    }
    const now = currentTime()
    const [created] = await db.$queryRaw<{ id: string }[]>`
      INSERT INTO "Organization" ("id", "identityKey", "corporateNumber", "name", "normalizedName", "createdAt", "updatedAt")
      VALUES (${crypto.randomUUID()}, ${identityKey}, ${corporateNumber}, ${displayName}, ${normalizedName}, ${now}, ${now})
      RETURNING "id"`
    return created.id
  })
}

/** Two first registrations of one person or company at once both try to create it: look again. */
async function retryOnUniqueRace<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn()
    } catch (error) {
      if (attempt >= 2 || !(isUniqueViolation(error) || isRecordNotFound(error))) throw error
    }
  }
}

type Mode = 'IN_PERSON' | 'ONLINE'

/*
 * The statements of the registration path are plain SQL, read alike by SQLite and PostgreSQL
 * (quoted Prisma names; enum columns compared as text): a burst of registrations runs them
 * thousands of times, and the query API costs several times more per statement. The seat itself
 * is still taken by the query API's conditional update (takeSeatOp), whose "no row" error rolls
 * the batch back.
 */

export type SeminarForRegistration = {
  id: string
  status: 'DRAFT' | 'PUBLISHED' | 'CANCELLED'
  mode: 'IN_PERSON' | 'ONLINE' | 'HYBRID'
  registrationOpensAt: Date
  registrationClosesAt: Date
  capacityInPerson: number | null
  capacityOnline: number | null
  seatsTakenInPerson: number
  seatsTakenOnline: number
  waitlistEnabled: boolean
  sessionChoice: boolean
  /** A lottery seminar's draw time (its applications close then); null for first come. */
  lotteryDrawAt: Date | null
  /** When its lottery was drawn; from then on seats left go first come. */
  lotteryDrawnAt: Date | null
}

export async function seminarForRegistration(db: Db, id: string): Promise<SeminarForRegistration | null> {
  const [seminar] = await db.$queryRaw<SeminarForRegistration[]>`
    SELECT s."id", s."status", s."mode", s."registrationOpensAt", s."registrationClosesAt", s."capacityInPerson",
      s."capacityOnline", s."seatsTakenInPerson", s."seatsTakenOnline", s."waitlistEnabled", s."sessionChoice",
      l."drawAt" AS "lotteryDrawAt", l."drawnAt" AS "lotteryDrawnAt"
    FROM "Seminar" s LEFT JOIN "Lottery" l ON l."seminarId" = s."id" WHERE s."id" = ${id}`
  return seminar
    ? { ...seminar, waitlistEnabled: Boolean(seminar.waitlistEnabled), sessionChoice: Boolean(seminar.sessionChoice) }
    : null
}

/**
 * Whether the seminar takes lottery applications rather than giving seats: a lottery not drawn
 * yet (docs/decisions/0049). The public form's period ends at the draw's time
 * (LOTTERY_APPLICATIONS_CLOSED); staff may add applications until the draw runs.
 */
export function takesApplications(
  seminar: Pick<SeminarForRegistration, 'lotteryDrawAt' | 'lotteryDrawnAt'>,
  { publicForm, now }: { publicForm: boolean; now: Date },
): boolean {
  if (seminar.lotteryDrawAt === null || seminar.lotteryDrawnAt !== null) return false
  if (publicForm && now >= seminar.lotteryDrawAt) throw new AppError('LOTTERY_APPLICATIONS_CLOSED')
  return true
}

/**
 * After an application's batch matched no lottery (stillTakingApplications): drawn a moment ago,
 * or made first come, seats go first come from now on — the seminar as it is now is returned;
 * otherwise the application period has closed (LOTTERY_APPLICATIONS_CLOSED).
 */
export async function applicationRefused(db: Db, seminarId: string): Promise<SeminarForRegistration> {
  const again = await seminarForRegistration(db, seminarId)
  if (!again) throw new AppError('SEMINAR_NOT_FOUND')
  if (again.lotteryDrawAt && !again.lotteryDrawnAt) throw new AppError('LOTTERY_APPLICATIONS_CLOSED')
  return again
}

/**
 * The statement that starts an application's batch: it matches the lottery only while it is not
 * drawn (and, for the public form, `applicationsBefore` is before its time), otherwise Prisma throws
 * P2025 and nothing is written. The draw marks the same row first, so on PostgreSQL the two wait
 * for each other and an application is never written after the draw read the list (0049).
 */
export function stillTakingApplications(db: Db, seminarId: string, applicationsBefore: Date | null, now: Date) {
  return db.lottery.update({
    where: { seminarId, drawnAt: null, ...(applicationsBefore ? { drawAt: { gt: applicationsBefore } } : {}) },
    data: { updatedAt: now },
  })
}

/**
 * The sessions chosen on a form, checked against the seminar's own (in their order, each once);
 * refused with SESSION_CHOICE_REQUIRED when one is not the seminar's, or none is chosen where one
 * must be (docs/decisions/0035).
 */
export async function chosenSessionIds(
  db: Pick<Db, 'session'>,
  seminarId: string,
  chosen: string[],
  { required }: { required: boolean },
): Promise<string[]> {
  const sessions = await db.session.findMany({ where: { seminarId }, select: { id: true }, orderBy: { number: 'asc' } })
  const wanted = new Set(chosen)
  if ([...wanted].some((id) => !sessions.some((s) => s.id === id))) throw new AppError('SESSION_CHOICE_REQUIRED')
  if (required && wanted.size === 0) throw new AppError('SESSION_CHOICE_REQUIRED')
  return sessions.filter((s) => wanted.has(s.id)).map((s) => s.id)
}

/** The statements that record the sessions a new registration will attend (none: all of them). */
export function insertChosenSessions(db: Db, registrationId: string, sessionIds: string[], now: Date) {
  return sessionIds.length
    ? [
        db.registrationSession.createMany({
          data: sessionIds.map((sessionId) => ({ registrationId, sessionId, createdAt: now })),
        }),
      ]
    : []
}

export type NewRegistration = {
  id: string
  seminarId: string
  personId: string
  organizationId: string | null
  name: string
  furigana: string
  email: string
  emailNormalized: string
  organizationName: string | null
  corporateNumber: string | null
  industry: string | null
  inCity: boolean
  mode: AttendanceMode
  status: 'CONFIRMED' | 'WAITLISTED' | 'APPLIED'
  activeEmailKey: string
  submissionKey: string | null
  language: Language
  source: RegistrationSource
  phone: string | null
  enteredById: string | null
  manageToken: string
  code: string
  checkinToken: string
  consentedAt: Date | null
  privacyVersion: string | null
  createdAt: Date
}

export function insertRegistration(db: Db, r: NewRegistration) {
  return db.$executeRaw`INSERT INTO "Registration" ("id", "seminarId", "personId", "organizationId", "name",
      "furigana", "email", "emailNormalized", "organizationName", "corporateNumber", "industry", "inCity", "mode",
      "status", "activeEmailKey", "submissionKey", "language", "source", "phone", "enteredById", "manageToken", "code",
      "checkinToken", "consentedAt", "privacyVersion", "createdAt", "updatedAt")
    VALUES (${r.id}, ${r.seminarId}, ${r.personId}, ${r.organizationId}, ${r.name}, ${r.furigana}, ${r.email},
      ${r.emailNormalized}, ${r.organizationName}, ${r.corporateNumber}, ${r.industry}, ${r.inCity}, ${r.mode},
      ${r.status}, ${r.activeEmailKey}, ${r.submissionKey}, ${r.language}, ${r.source}, ${r.phone}, ${r.enteredById},
      ${r.manageToken}, ${r.code}, ${r.checkinToken}, ${r.consentedAt}, ${r.privacyVersion}, ${r.createdAt},
      ${r.createdAt})`
}

/**
 * The seminar UPDATE that starts every seat change. It takes a seat only while one is free (and,
 * for newcomers, only while nobody waits in that mode); otherwise it matches no row, Prisma throws
 * P2025 and the batch rolls back.
 */
export function takeSeatOp(
  db: Db,
  seminarId: string,
  mode: Mode,
  capacity: number | null,
  { onlyIfNobodyWaits }: { onlyIfNobodyWaits: boolean },
) {
  const fields = SEAT_FIELDS[mode]
  return db.seminar.update({
    where: {
      id: seminarId,
      ...(capacity === null ? {} : { [fields.taken]: { lt: db.seminar.fields[fields.capacity] } }),
      ...(onlyIfNobodyWaits ? { registrations: { none: { mode, status: 'WAITLISTED' as const } } } : {}),
    },
    data: { [fields.taken]: { increment: 1 }, queueVersion: { increment: 1 } },
  })
}

/** Moves the head of a queue onto a seat and closes the gap behind it (no seat counting). */
function promoteHeadOps(
  db: Db,
  seminarId: string,
  mode: Mode,
  head: { id: string; waitlistPosition: number; email: string },
  now: Date,
) {
  return [
    db.registration.update({
      where: { id: head.id, status: 'WAITLISTED', waitlistPosition: head.waitlistPosition },
      data: { status: 'CONFIRMED', waitlistPosition: null, promotedAt: now },
    }),
    // Someone who applied without email hears it from staff (the seminar page shows who moved up).
    ...(head.email ? [queueMessage(db, { kind: 'PROMOTED', seminarId, registrationId: head.id }, now)] : []),
    queueWebhookEvent(db, 'registration.promoted', { registrationId: head.id, seminarId, mode }, now),
    db.registration.updateMany({
      where: { seminarId, mode, status: 'WAITLISTED', waitlistPosition: { gt: head.waitlistPosition } },
      data: { waitlistPosition: { decrement: 1 } },
    }),
  ]
}

async function queueHead(db: Db, seminarId: string, mode: Mode) {
  const [head] = await db.$queryRaw<{ id: string; waitlistPosition: number | null; email: string }[]>`
    SELECT "id", "waitlistPosition", "email" FROM "Registration"
    WHERE "seminarId" = ${seminarId} AND CAST("mode" AS TEXT) = ${mode} AND CAST("status" AS TEXT) = 'WAITLISTED'
    ORDER BY "waitlistPosition" ASC LIMIT 1`
  return head && head.waitlistPosition !== null
    ? { id: head.id, waitlistPosition: head.waitlistPosition, email: head.email }
    : null
}

/**
 * Promotes waiting people, in order, while seats are free in the modes the seminar offers (after
 * a capacity was raised, or to heal a seat left free). Safe to call at any time and from several
 * places at once: each promotion is one conditional batch. Returns the promoted ids.
 */
export async function fillFreeSeats(db: Db, seminarId: string, now = currentTime()): Promise<string[]> {
  const promoted: string[] = []
  const initial = await db.seminar.findUnique({ where: { id: seminarId }, select: { mode: true } })
  if (!initial) return promoted
  for (const mode of modesOffered(initial.mode)) {
    const fields = SEAT_FIELDS[mode]
    for (let guard = 0; guard < 10_000; guard++) {
      const seminar = await seminarForRegistration(db, seminarId)
      if (!seminar || seminar.status === 'CANCELLED' || !modesOffered(seminar.mode).includes(mode)) return promoted
      const capacity = seminar[fields.capacity]
      if (capacity !== null && seminar[fields.taken] >= capacity) break
      const head = await queueHead(db, seminarId, mode)
      if (!head) break
      try {
        await db.$transaction([
          takeSeatOp(db, seminarId, mode, capacity, { onlyIfNobodyWaits: false }),
          ...promoteHeadOps(db, seminarId, mode, head, now),
        ])
        promoted.push(head.id)
      } catch (error) {
        // Someone else changed the queue or took the seat first: look again.
        if (!isRecordNotFound(error)) throw error
      }
    }
  }
  return promoted
}

export type CancelActor =
  | { by: 'PARTICIPANT' }
  | { by: 'ORGANIZER'; userId: string }
  /** A lottery winner's confirmation deadline passed (docs/decisions/0049-lottery.md). */
  | { by: 'UNCONFIRMED' }

/** The client of a transaction, or the client itself: the statements below run on either. */
export type Client = Pick<Db, 'registration' | 'seminar' | 'auditEvent' | 'outboxMessage' | '$executeRaw' | '$queryRaw'>

/**
 * Cancels a registration. A confirmed seat passes straight to the first person waiting in the
 * same transaction, so it is never free while someone waits. Cancelling twice is refused with
 * ALREADY_CANCELLED. Returns the ids promoted as a result.
 *
 * The transaction first locks the seminar's queue row (the UPDATE every seat change starts with):
 * from then on nobody else changes its seats or waiting lists until it commits, so what it reads
 * stays true and it cannot lose a race. Read before the lock, every concurrent cancellation
 * promoted the same head, and all but one started again (docs/decisions/0025).
 */
export async function cancelRegistration(
  db: Db,
  registrationId: string,
  actor: CancelActor,
  now = currentTime(),
): Promise<{ promoted: string[] }> {
  const found = await db.registration.findUnique({ where: { id: registrationId }, select: { seminarId: true } })
  if (!found) throw new AppError('REGISTRATION_NOT_FOUND')
  const { seminarId } = found
  const promoted = await db.$transaction(async (tx) => {
    await lockQueue(tx, seminarId)
    return cancelLocked(tx, registrationId, actor, now)
  })
  // Committed: the answer is the cancellation. Healing a seat left free is the next change's job
  // if it fails here (every waitlisting and cancellation runs it).
  return { promoted: [...promoted, ...(await fillFreeSeatsAfterCommit(db, seminarId, now))] }
}

/**
 * Cancels several registrations of one seminar in one transaction (a group's contact cancelling
 * everyone, docs/decisions/0036): the queue is locked once, each is cancelled as cancelRegistration
 * does, and each freed seat passes to the head of its queue. Those already cancelled are skipped.
 */
export async function cancelRegistrations(
  db: Db,
  seminarId: string,
  registrationIds: string[],
  actor: CancelActor,
  now = currentTime(),
): Promise<{ cancelled: string[]; promoted: string[] }> {
  const result = await db.$transaction(async (tx) => {
    await tx.$executeRaw`UPDATE "Seminar" SET "queueVersion" = "queueVersion" + 1 WHERE "id" = ${seminarId}`
    const cancelled: string[] = []
    const promoted: string[] = []
    for (const id of registrationIds) {
      const r = await tx.registration.findUnique({ where: { id }, select: { seminarId: true, status: true } })
      if (!r || r.seminarId !== seminarId) throw new AppError('REGISTRATION_NOT_FOUND')
      // Cancelled already, or not selected in a lottery (it holds nothing): nothing to cancel.
      if (r.status === 'CANCELLED' || r.status === 'NOT_SELECTED') continue
      promoted.push(...(await cancelLocked(tx, id, actor, now)))
      cancelled.push(id)
    }
    return { cancelled, promoted }
  })
  return { ...result, promoted: [...result.promoted, ...(await fillFreeSeatsAfterCommit(db, seminarId, now))] }
}

/** The cancellation's statements, on a transaction that holds the seminar's queue row. */
async function cancelLocked(tx: Client, registrationId: string, actor: CancelActor, now: Date): Promise<string[]> {
  const r = await tx.registration.findUnique({ where: { id: registrationId } })
  if (!r) throw new AppError('REGISTRATION_NOT_FOUND')
  // Not selected in a lottery: nothing is held, nothing to cancel.
  if (r.status === 'CANCELLED' || r.status === 'NOT_SELECTED') throw new AppError('ALREADY_CANCELLED')
  await tx.registration.update({
    // A lapse only while the deadline is still missed: confirmed meanwhile, it matches nothing (P2025).
    where: { id: r.id, status: r.status, ...(actor.by === 'UNCONFIRMED' ? { confirmBy: { lt: now } } : {}) },
    data: {
      status: 'CANCELLED',
      confirmBy: null,
      waitlistPosition: null,
      activeEmailKey: null,
      cancelledAt: now,
      cancelledBy: actor.by,
      cancelledByUserId: actor.by === 'ORGANIZER' ? actor.userId : null,
    },
  })
  if ((r.source === 'WEB' || r.source === 'CONSOLE') && r.email) {
    await queueMessage(tx as Db, { kind: 'CANCELLED', seminarId: r.seminarId, registrationId: r.id }, now)
  }
  await queueWebhookEvent(
    tx,
    'registration.cancelled',
    {
      registrationId: r.id,
      seminarId: r.seminarId,
      previousStatus: r.status,
      mode: r.mode,
      cancelledBy: actor.by,
    },
    now,
  )
  if (actor.by !== 'PARTICIPANT') {
    await tx.auditEvent.create({
      data: {
        actorId: actor.by === 'ORGANIZER' ? actor.userId : null,
        action: actor.by === 'ORGANIZER' ? 'registration.cancel' : 'lottery.lapse',
        entityType: 'Registration',
        entityId: r.id,
        detail: JSON.stringify({ previousStatus: r.status, code: r.code }),
        at: now,
      },
    })
  }
  return leaveLocked(tx, r, now)
}

/**
 * What a registration holds in its mode, given up (on a transaction that holds the queue row): a
 * waiting place closes the gap behind it; a seat passes to the head of that mode's queue (mailed
 * PROMOTED) or is given back. Returns the ids promoted.
 */
async function leaveLocked(
  tx: Client,
  r: {
    seminarId: string
    mode: Mode
    status: 'CONFIRMED' | 'WAITLISTED' | 'CANCELLED' | 'APPLIED' | 'NOT_SELECTED'
    waitlistPosition: number | null
  },
  now: Date,
): Promise<string[]> {
  // A lottery application holds no seat and no place.
  if (r.status === 'APPLIED' || r.status === 'NOT_SELECTED') return []
  if (r.status === 'WAITLISTED') {
    // Close the gap behind it.
    await tx.registration.updateMany({
      where: {
        seminarId: r.seminarId,
        mode: r.mode,
        status: 'WAITLISTED',
        waitlistPosition: { gt: r.waitlistPosition ?? 0 },
      },
      data: { waitlistPosition: { decrement: 1 } },
    })
    return []
  }
  const fields = SEAT_FIELDS[r.mode]
  const seminar = await tx.seminar.findUniqueOrThrow({ where: { id: r.seminarId } })
  const capacity = seminar[fields.capacity]
  const head = await queueHead(tx as Db, r.seminarId, r.mode)
  // The seat passes on unless the capacity was lowered below the seats taken.
  if (head !== null && (capacity === null || seminar[fields.taken] <= capacity)) {
    for (const op of promoteHeadOps(tx as Db, r.seminarId, r.mode, head, now)) await op
    return [head.id]
  }
  await tx.seminar.update({ where: { id: r.seminarId }, data: { [fields.taken]: { decrement: 1 } } })
  return []
}

/** The statement every seat change starts with: it locks the seminar's queue until the commit (0025). */
export function lockQueue(tx: Client, seminarId: string) {
  return tx.$executeRaw`UPDATE "Seminar" SET "queueVersion" = "queueVersion" + 1 WHERE "id" = ${seminarId}`
}

export type ModeMove = {
  status: 'CONFIRMED' | 'WAITLISTED'
  waitlistPosition: number | null
  /** Who moved up into the seat left in the old mode. */
  promoted: string[]
}

/**
 * Moves a confirmed or waiting registration to the other mode, on a transaction that holds the
 * seminar's queue row (lockQueue first): a free seat of the new mode nobody waits for is taken,
 * else the end of its waiting list — only when the person agreed to (`acceptWaitlist`), since a
 * confirmed person gives up their seat; refused with WAITLIST_CONSENT_REQUIRED otherwise, and with
 * SEMINAR_FULL when the seminar keeps no waiting list. What they held in the old mode is given up
 * as a cancellation gives it up (the seat to the head of that queue). The registration row's mode,
 * status and position are written here; the caller writes everything else in the same transaction.
 */
export async function moveModeLocked(
  tx: Client,
  r: { id: string; seminarId: string; mode: Mode; status: 'CONFIRMED' | 'WAITLISTED'; waitlistPosition: number | null },
  to: Mode,
  acceptWaitlist: boolean,
  now: Date,
): Promise<ModeMove> {
  const seminar = await tx.seminar.findUniqueOrThrow({ where: { id: r.seminarId } })
  if (seminar.status === 'CANCELLED' || !modesOffered(seminar.mode).includes(to)) throw new AppError('MODE_NOT_OFFERED')
  const fields = SEAT_FIELDS[to]
  const capacity = seminar[fields.capacity]
  const someoneWaits = (await queueHead(tx as Db, r.seminarId, to)) !== null
  // Like a newcomer: a seat nobody waits for, or the end of the queue.
  const seatFree = !someoneWaits && (capacity === null || seminar[fields.taken] < capacity)
  if (!seatFree && !seminar.waitlistEnabled) throw new AppError('SEMINAR_FULL')
  if (!seatFree && !acceptWaitlist) throw new AppError('WAITLIST_CONSENT_REQUIRED')
  const promoted = await leaveLocked(tx, r, now)
  if (seatFree) {
    await tx.seminar.update({ where: { id: r.seminarId }, data: { [fields.taken]: { increment: 1 } } })
    await tx.registration.update({
      where: { id: r.id, status: r.status },
      data: { mode: to, status: 'CONFIRMED', waitlistPosition: null },
    })
    return { status: 'CONFIRMED', waitlistPosition: null, promoted }
  }
  const [{ last }] = await tx.$queryRaw<{ last: number | bigint | null }[]>`
    SELECT MAX("waitlistPosition") AS "last" FROM "Registration"
    WHERE "seminarId" = ${r.seminarId} AND CAST("mode" AS TEXT) = ${to} AND CAST("status" AS TEXT) = 'WAITLISTED'`
  const position = Number(last ?? 0) + 1
  await tx.registration.update({
    where: { id: r.id, status: r.status },
    // A win still to be confirmed is given up with its seat: moving up later asks nothing.
    data: { mode: to, status: 'WAITLISTED', waitlistPosition: position, confirmBy: null },
  })
  return { status: 'WAITLISTED', waitlistPosition: position, promoted }
}

/**
 * fillFreeSeats after a change has committed: the change is what the person is answered, so a
 * failure here (the database unreachable a moment later) is logged, not thrown. The seat it would
 * have filled is filled by the next waitlisting or cancellation of the seminar, which run it too.
 */
export async function fillFreeSeatsAfterCommit(db: Db, seminarId: string, now: Date): Promise<string[]> {
  try {
    return await fillFreeSeats(db, seminarId, now)
  } catch (error) {
    console.error(`Seats of seminar ${seminarId} not refilled after a committed change (the next change will):`, error)
    return []
  }
}
