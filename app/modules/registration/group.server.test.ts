import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, makeLottery, participant } from '../../../tests/support/factories'
import { drawLottery } from '../lottery/draw.server'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { renderMessage } from '../mail/render.server'
import { cancelFromGroup, groupOfContact, groupsOfSeminar, registerGroup, type GroupInput } from './group.server'
import { cancelOwnRegistration } from './manage.server'
import { registerOnBehalf } from './on-behalf.server'
import { OnBehalfSchema } from './on-behalf-schema'
import { registerFromPublicPage } from './public-registration.server'
import { register } from './registrations.server'
import { registrationFormSchema } from './form-schema'
import { createConsoleUser } from '../accounts/console-users.server'

let db: Db
let drop: () => Promise<void>
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
})
afterAll(async () => drop())

const unique = () => crypto.randomUUID().slice(0, 8)

/** A contact person and `others` more people of their company, the last one without email. */
function group(seminarId: string, others = 2, overrides: Partial<GroupInput> = {}): GroupInput {
  const id = unique()
  return {
    seminarId,
    contact: { name: `代表 花子${id}`, furigana: 'だいひょう はなこ', email: `contact-${id}@example.jp` },
    members: Array.from({ length: others }, (_, i) => ({
      name: `同僚 ${i + 1}郎${id}`,
      furigana: 'どうりょう',
      email: i === others - 1 ? '' : `member${i + 1}-${id}@example.jp`,
    })),
    organizationName: `株式会社グループ${id}`,
    corporateNumber: null,
    industry: 'E',
    inCity: true,
    mode: 'IN_PERSON',
    language: 'ja',
    submissionKey: crypto.randomUUID(),
    ...overrides,
  }
}

/** What a call answered: its outcome, or the refusal's code and details. */
async function attempt(input: GroupInput) {
  try {
    return { ok: await registerGroup(db, input) }
  } catch (error) {
    const e = error as { code?: string; problems?: unknown; seatsLeft?: number | null }
    if (!e.code) throw error
    return { code: e.code, problems: e.problems, seatsLeft: e.seatsLeft }
  }
}

/** Seats taken equal the confirmed registrations, never more than the capacity. */
async function seatsAddUp(seminarId: string) {
  const seminar = await db.seminar.findUniqueOrThrow({ where: { id: seminarId } })
  const confirmed = await db.registration.count({ where: { seminarId, status: 'CONFIRMED', mode: 'IN_PERSON' } })
  expect(seminar.seatsTakenInPerson).toBe(confirmed)
  if (seminar.capacityInPerson !== null) expect(confirmed).toBeLessThanOrEqual(seminar.capacityInPerson)
  return confirmed
}

async function written(seminarId: string) {
  return {
    registrations: await db.registration.count({ where: { seminarId } }),
    groups: await db.registrationGroup.count({ where: { seminarId } }),
    messages: await db.outboxMessage.count({ where: { seminarId } }),
    seats: (await db.seminar.findUniqueOrThrow({ where: { id: seminarId } })).seatsTakenInPerson,
  }
}

describe('a group registered in one form', () => {
  it('confirms everyone, each with their own registration, code and link, held together by the group', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 10 })
    const input = group(seminar.id, 2)
    const outcome = await registerGroup(db, input)
    expect(outcome.created).toBe(true)
    expect(outcome.registrations).toHaveLength(3)
    const rows = await db.registration.findMany({
      where: { seminarId: seminar.id },
      include: { groupMembership: true },
    })
    expect(rows.every((r) => r.status === 'CONFIRMED' && r.source === 'WEB' && r.consentedAt)).toBe(true)
    expect(new Set(rows.map((r) => r.code)).size).toBe(3)
    expect(new Set(rows.map((r) => r.manageToken)).size).toBe(3)
    expect(new Set(rows.map((r) => r.groupMembership?.groupId))).toEqual(new Set([outcome.groupId]))
    const contact = rows.find((r) => r.id === outcome.registrations[0].id)!
    expect(contact.groupMembership?.position).toBe(0)
    expect(contact.email).toBe(input.contact.email)
    // The member without email is known by name, furigana and the contact's organization.
    const noEmail = rows.find((r) => r.id === outcome.registrations[2].id)!
    expect(noEmail.email).toBe('')
    expect(noEmail.activeEmailKey).toMatch(/^contact:/)
    expect(noEmail.organizationName).toBe(input.organizationName)
    expect(await seatsAddUp(seminar.id)).toBe(3)
    // The contact and the member with an email get a confirmation; the one without none of their own.
    const messages = await db.outboxMessage.findMany({ where: { seminarId: seminar.id } })
    expect(messages.map((m) => m.registrationId).sort()).toEqual(
      [outcome.registrations[0].id, outcome.registrations[1].id].sort(),
    )
    const audit = await db.auditEvent.findFirst({ where: { action: 'registration.group', entityId: outcome.groupId } })
    expect(JSON.parse(audit!.detail)).toMatchObject({ seminarId: seminar.id, people: 3 })
    // The console sees who belongs with whom.
    const groups = await groupsOfSeminar(db, seminar.id)
    expect(groups.get(noEmail.id)).toEqual({ size: 3, contactName: input.contact.name, isContact: false })
  })

  it('mails the contact everyone’s slip: each member’s code, QR code and link', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 10 })
    const input = group(seminar.id, 2)
    const outcome = await registerGroup(db, input)
    const message = await db.outboxMessage.findFirstOrThrow({
      where: { registrationId: outcome.registrations[0].id, kind: 'CONFIRMED' },
    })
    const mail = await renderMessage(db, message)
    const text = String(mail!.text)
    for (const r of outcome.registrations) {
      expect(text).toContain(r.code)
      if (r !== outcome.registrations[0]) expect(text).toContain(`/r/${r.manageToken}`)
    }
    // Three QR codes: the contact's and the two others'.
    expect(mail!.attachments!.filter((a) => a.contentType === 'image/png')).toHaveLength(3)
    expect(String(mail!.html)).toContain('cid:slip-2@jisseki')
    // A member's own mail is their ordinary confirmation: their slip only.
    const own = await db.outboxMessage.findFirstOrThrow({ where: { registrationId: outcome.registrations[1].id } })
    const ownMail = await renderMessage(db, own)
    expect(String(ownMail!.text)).toContain(outcome.registrations[1].code)
    expect(String(ownMail!.text)).not.toContain(outcome.registrations[2].code)
    expect(ownMail!.attachments!.filter((a) => a.contentType === 'image/png')).toHaveLength(1)
  })

  it('writes nothing and says how many seats are left when the group does not fit', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 5 })
    for (let i = 0; i < 3; i++) await register(db, { seminarId: seminar.id, ...participant() })
    const before = await written(seminar.id)
    expect(await attempt(group(seminar.id, 2))).toMatchObject({ code: 'GROUP_TOO_FEW_SEATS', seatsLeft: 2 })
    expect(await written(seminar.id)).toEqual(before)
    // Two fit exactly.
    expect((await attempt(group(seminar.id, 1))).ok?.created).toBe(true)
    expect(await seatsAddUp(seminar.id)).toBe(5)
  })

  it('never passes people on the waiting list: while someone waits, no seat is left for a group', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 1 })
    await register(db, { seminarId: seminar.id, ...participant() })
    const waiting = await register(db, { seminarId: seminar.id, ...participant() })
    expect(waiting.status).toBe('WAITLISTED')
    await db.seminar.update({ where: { id: seminar.id }, data: { capacityInPerson: 10 } })
    // The raised capacity is not filled yet (the console runs fillFreeSeats): the queue comes first.
    expect(await attempt(group(seminar.id, 1))).toMatchObject({ code: 'GROUP_TOO_FEW_SEATS', seatsLeft: 0 })
  })

  it('is refused by a seminar without a waiting list too, and by a closed one', async () => {
    const full = await createSeminar(db, { capacityInPerson: 2, waitlistEnabled: false })
    expect(await attempt(group(full.id, 2))).toMatchObject({ code: 'GROUP_TOO_FEW_SEATS', seatsLeft: 2 })
    const closed = await createSeminar(db, { registrationClosesAt: new Date(Date.now() - 1000) })
    expect(await attempt(group(closed.id, 1))).toMatchObject({ code: 'REGISTRATION_CLOSED' })
  })

  it('takes all seats or none when two groups race for the last seats', async () => {
    for (let round = 0; round < 6; round++) {
      const seminar = await createSeminar(db, { capacityInPerson: 5 })
      const answers = await Promise.all([attempt(group(seminar.id, 2)), attempt(group(seminar.id, 2))])
      const won = answers.filter((a) => a.ok)
      expect(won).toHaveLength(1)
      expect(answers.find((a) => !a.ok)).toMatchObject({ code: 'GROUP_TOO_FEW_SEATS', seatsLeft: 2 })
      expect(await seatsAddUp(seminar.id)).toBe(3)
      expect(await db.registrationGroup.count({ where: { seminarId: seminar.id } })).toBe(1)
    }
  })

  it('fills a seminar exactly with many groups at once, never over its capacity', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 7 })
    const answers = await Promise.all(Array.from({ length: 8 }, () => attempt(group(seminar.id, 1))))
    expect(answers.filter((a) => a.ok)).toHaveLength(3)
    expect(await seatsAddUp(seminar.id)).toBe(6)
    const groups = await db.registrationGroup.findMany({ where: { seminarId: seminar.id }, include: { members: true } })
    expect(groups.map((g) => g.members.length)).toEqual([2, 2, 2])
  })

  it('refuses a form naming someone twice, by email or by name and furigana, and writes nothing', async () => {
    const seminar = await createSeminar(db)
    const input = group(seminar.id, 3)
    const sameEmail = {
      ...input,
      members: [
        input.members[0],
        { ...input.members[1], email: input.members[0].email.toUpperCase() },
        input.members[2],
      ],
    }
    expect(await attempt(sameEmail)).toMatchObject({
      code: 'GROUP_MEMBER_CONFLICT',
      problems: [{ index: 2, reason: 'TWICE_IN_GROUP' }],
    })
    // Without email: the same name and reading (in katakana, full-width spaces) is the same person.
    const noEmail = { name: '無 名子', furigana: 'む なこ', email: '' }
    const sameName = {
      ...input,
      members: [noEmail, { name: '無　名子', furigana: 'ム　ナコ', email: '' }],
    }
    expect(await attempt(sameName)).toMatchObject({
      code: 'GROUP_MEMBER_CONFLICT',
      problems: [{ index: 2, reason: 'TWICE_IN_GROUP' }],
    })
    // The contact's email given again for a member.
    const contactAgain = { ...input, members: [{ ...input.members[0], email: input.contact.email }] }
    expect(await attempt(contactAgain)).toMatchObject({ problems: [{ index: 1, reason: 'TWICE_IN_GROUP' }] })
    expect(await written(seminar.id)).toEqual({ registrations: 0, groups: 0, messages: 0, seats: 0 })
  })

  it('refuses a form naming someone already registered here, with or without email, and writes nothing', async () => {
    const seminar = await createSeminar(db)
    const input = group(seminar.id, 2)
    await register(db, { seminarId: seminar.id, ...participant({ email: input.members[0].email }) })
    // The member without email was entered by staff earlier (the same name key).
    const user = await createConsoleUser(db, {
      email: `staff-${unique()}@city.example.jp`,
      name: '職員',
      password: 'a long password 1',
    })
    await registerOnBehalf(db, {
      seminarId: seminar.id,
      userId: user.id,
      form: OnBehalfSchema.parse({
        name: input.members[1].name,
        furigana: input.members[1].furigana,
        organizationName: input.organizationName,
        industry: 'E',
        inCity: 'yes',
        mode: 'IN_PERSON',
        submissionKey: crypto.randomUUID(),
      }),
    })
    const before = await written(seminar.id)
    expect(await attempt(input)).toMatchObject({
      code: 'GROUP_MEMBER_CONFLICT',
      problems: [
        { index: 1, reason: 'ALREADY_REGISTERED' },
        { index: 2, reason: 'ALREADY_REGISTERED' },
      ],
    })
    expect(await written(seminar.id)).toEqual(before)
  })

  it('registers a form sent twice once, one after the other and at the same moment', async () => {
    const seminar = await createSeminar(db)
    const input = group(seminar.id, 2)
    const first = await registerGroup(db, input)
    const again = await registerGroup(db, input)
    expect(again).toEqual({ ...first, created: false })

    const raced = group(seminar.id, 2)
    const [a, b] = await Promise.all([registerGroup(db, raced), registerGroup(db, raced)])
    expect(a.groupId).toBe(b.groupId)
    expect([a.created, b.created].sort()).toEqual([false, true])
    expect(await db.registrationGroup.count({ where: { seminarId: seminar.id } })).toBe(2)
    expect(await seatsAddUp(seminar.id)).toBe(6)
    expect(await db.outboxMessage.count({ where: { seminarId: seminar.id } })).toBe(4)
  })
})

describe('cancelling in a group', () => {
  it('the contact cancels one person; their seat goes to the first person waiting', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 3 })
    const g = await registerGroup(db, group(seminar.id, 2))
    const waiting = await register(db, { seminarId: seminar.id, ...participant() })
    expect(waiting.status).toBe('WAITLISTED')
    const [contact, , noEmail] = g.registrations
    expect(await cancelFromGroup(db, { contactRegistrationId: contact.id, registrationId: noEmail.id })).toBe(1)
    const statuses = await db.registration.findMany({
      where: { seminarId: seminar.id },
      select: { id: true, status: true },
    })
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toMatchObject({
      [contact.id]: 'CONFIRMED',
      [noEmail.id]: 'CANCELLED',
      [waiting.id]: 'CONFIRMED',
    })
    expect(await seatsAddUp(seminar.id)).toBe(3)
    // Nobody was mailed about the cancellation of someone without an address; the promoted person was.
    const kinds = await db.outboxMessage.findMany({
      where: { seminarId: seminar.id, kind: { in: ['CANCELLED', 'PROMOTED'] } },
      select: { kind: true, registrationId: true },
    })
    expect(kinds).toEqual([{ kind: 'PROMOTED', registrationId: waiting.id }])
    // A person of another group (or none) cannot be cancelled from this link.
    const other = await register(db, { seminarId: seminar.id, ...participant() })
    await expect(
      cancelFromGroup(db, { contactRegistrationId: contact.id, registrationId: other.id }),
    ).rejects.toMatchObject({ code: 'REGISTRATION_NOT_FOUND' })
    // A member's link is not a contact's: it manages no group.
    expect(await groupOfContact(db, g.registrations[1].id)).toBeNull()
  })

  it('the contact cancels the whole group at once; the seats go to those waiting, in order', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 3 })
    const g = await registerGroup(db, group(seminar.id, 2))
    const waiting = []
    for (let i = 0; i < 4; i++) waiting.push(await register(db, { seminarId: seminar.id, ...participant() }))
    expect(await cancelFromGroup(db, { contactRegistrationId: g.registrations[0].id, all: true })).toBe(3)
    const after = await db.registration.findMany({
      where: { id: { in: waiting.map((w) => w.id) } },
      select: { id: true, status: true, waitlistPosition: true },
    })
    const byId = new Map(after.map((r) => [r.id, r]))
    expect(waiting.slice(0, 3).map((w) => byId.get(w.id)!.status)).toEqual(['CONFIRMED', 'CONFIRMED', 'CONFIRMED'])
    expect(byId.get(waiting[3].id)).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 })
    expect(await seatsAddUp(seminar.id)).toBe(3)
    // Cancelling everyone again changes nothing.
    expect(await cancelFromGroup(db, { contactRegistrationId: g.registrations[0].id, all: true })).toBe(0)
    const audit = await db.auditEvent.findMany({ where: { action: 'registration.group-cancel', entityId: g.groupId } })
    expect(audit).toHaveLength(1)
  })

  it('where the seminar asks for sessions, the contact’s choice is everyone’s, and one is required', async () => {
    const seminar = await createSeminar(db, { sessionChoice: true, capacityInPerson: 10 })
    const start = new Date(Date.now() + 20 * 24 * 3_600_000)
    const second = await db.session.create({
      data: { seminarId: seminar.id, number: 2, startsAt: start, endsAt: new Date(start.getTime() + 3_600_000) },
    })
    expect(await attempt(group(seminar.id, 2, { sessionIds: [] }))).toMatchObject({ code: 'SESSION_CHOICE_REQUIRED' })
    expect(await db.registration.count({ where: { seminarId: seminar.id } })).toBe(0)
    const g = await registerGroup(db, group(seminar.id, 2, { sessionIds: [second.id] }))
    const chosen = await db.registrationSession.findMany({
      where: { registrationId: { in: g.registrations.map((r) => r.id) } },
    })
    expect(chosen.map((c) => c.sessionId)).toEqual([second.id, second.id, second.id])
  })

  it('a member with their own link cancels themselves; the rest of the group stays', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 10 })
    const g = await registerGroup(db, group(seminar.id, 2))
    await cancelOwnRegistration(db, g.registrations[1].manageToken)
    const view = await groupOfContact(db, g.registrations[0].id)
    expect(view!.members.map((m) => m.status)).toEqual(['CONFIRMED', 'CANCELLED', 'CONFIRMED'])
    expect(await seatsAddUp(seminar.id)).toBe(2)
  })
})

describe('the public page with a group', () => {
  const form = (seminarId: string, email: string, members: { name: string; furigana: string; email?: string }[]) => ({
    seminarId,
    language: 'ja' as const,
    address: '203.0.113.90',
    form: {
      name: '窓口 一子',
      furigana: 'まどぐち いちこ',
      email,
      organizationName: '株式会社上限',
      corporateNumber: undefined,
      industry: 'E' as const,
      inCity: true,
      mode: 'IN_PERSON' as const,
      consent: 'on' as const,
      submissionKey: crypto.randomUUID(),
      sessionIds: [] as string[],
      members,
    },
  })

  it('counts the rate limits for the address, the contact and every member’s mailbox first', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 50 })
    const member = `limited-${unique()}@example.jp`
    const send = (i: number) =>
      registerFromPublicPage(
        db,
        form(seminar.id, `c${i}-${unique()}@example.jp`, [
          { name: `同僚 ${i}`, furigana: 'どうりょう', email: member },
        ]),
      )
    expect(await send(0)).toBeNull()
    // The member's mailbox is registered now: the next four forms naming it are refused by name
    // (and each counted against that mailbox, which every such form would mail).
    for (let i = 1; i < 5; i++) await expect(send(i)).rejects.toMatchObject({ code: 'GROUP_MEMBER_CONFLICT' })
    // The sixth in the hour is stopped by the mailbox's limit before anything is looked up.
    expect(await send(5)).toMatchObject({ reason: 'email' })
    expect(await db.registrationGroup.count({ where: { seminarId: seminar.id } })).toBe(1)
  })
})

describe('the public form’s schema with more people', () => {
  const base = {
    name: '窓口 一子',
    furigana: 'まどぐち いちこ',
    email: 'madoguchi@example.jp',
    industry: 'E',
    inCity: 'yes',
    mode: 'IN_PERSON',
    consent: 'on',
    submissionKey: crypto.randomUUID(),
  }
  const member = (i: number) => ({ name: `同僚 ${i}`, furigana: 'どうりょう', email: '' })
  const issues = (value: Record<string, unknown>) => {
    const parsed = registrationFormSchema('ja').safeParse(value)
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}:${i.message}`)
  }

  it('takes nine more people with the organization, not ten, and not without it', () => {
    const org = { ...base, organizationName: '株式会社まとめ' }
    expect(issues({ ...org, members: Array.from({ length: 9 }, (_, i) => member(i)) })).toEqual([])
    expect(issues({ ...org, members: Array.from({ length: 10 }, (_, i) => member(i)) })).toEqual([
      'members:groupTooLarge',
    ])
    expect(issues({ ...base, members: [member(1)] })).toEqual(['organizationName:groupOrganizationRequired'])
    // One person alone needs no organization, as before.
    expect(issues(base)).toEqual([])
    expect(issues({ ...org, members: [{ name: '', furigana: 'abc', email: 'not an address' }] })).toEqual([
      'members.0.name:required',
      'members.0.furigana:invalidKana',
      'members.0.email:invalidEmail',
    ])
  })
})

describe('a group applying to a lottery seminar (docs/decisions/0049-lottery.md)', () => {
  it('makes everyone an application before the draw: no seat taken or checked, LOTTERY_APPLIED mailed', async () => {
    // Fewer seats than people: a lottery's application is not a seat, so it is taken all the same.
    const seminar = await createSeminar(db, { capacityInPerson: 2 })
    await makeLottery(db, seminar.id)
    const outcome = await registerGroup(db, group(seminar.id, 2))
    expect(outcome.created).toBe(true)
    const rows = await db.registration.findMany({ where: { seminarId: seminar.id } })
    expect(rows.map((r) => r.status)).toEqual(['APPLIED', 'APPLIED', 'APPLIED'])
    expect((await written(seminar.id)).seats).toBe(0)
    const messages = await db.outboxMessage.findMany({ where: { seminarId: seminar.id } })
    expect(messages.map((m) => m.kind)).toEqual(['LOTTERY_APPLIED', 'LOTTERY_APPLIED'])
    const audit = await db.auditEvent.findFirst({ where: { action: 'registration.group', entityId: outcome.groupId } })
    expect(JSON.parse(audit!.detail)).toMatchObject({ people: 3, status: 'APPLIED' })
  })

  it('refuses a group once the draw time has come, and writes nothing', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 10 })
    const lottery = await makeLottery(db, seminar.id)
    const after = new Date(lottery.drawAt.getTime() + 60_000)
    await expect(registerGroup(db, group(seminar.id, 2), after)).rejects.toMatchObject({
      code: 'LOTTERY_APPLICATIONS_CLOSED',
    })
    expect(await written(seminar.id)).toEqual({ registrations: 0, groups: 0, messages: 0, seats: 0 })
  })

  it('is drawn as one: the whole group wins, and the contact’s LOTTERY_WON mail carries everyone’s slip', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 3 })
    await makeLottery(db, seminar.id)
    const outcome = await registerGroup(db, group(seminar.id, 2))
    const staff = await createConsoleUser(db, {
      email: `draw-${unique()}@city.example.jp`,
      name: '抽選 係',
      password: 'a long password 1',
    })
    expect(await drawLottery(db, seminar.id, { userId: staff.id })).toMatchObject({ won: 3 })
    expect(await seatsAddUp(seminar.id)).toBe(3)
    const message = await db.outboxMessage.findFirstOrThrow({
      where: { registrationId: outcome.registrations[0].id, kind: 'LOTTERY_WON' },
    })
    const mail = await renderMessage(db, message)
    const text = String(mail!.text)
    expect(mail!.subject).toContain('【抽選結果・当選】')
    for (const r of outcome.registrations) expect(text).toContain(r.code)
    expect(mail!.attachments!.filter((a) => a.contentType === 'image/png')).toHaveLength(3)
  })

  it('goes first come, with the seat check, once the lottery has been drawn', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 2 })
    await makeLottery(db, seminar.id)
    const staff = await createConsoleUser(db, {
      email: `draw-${unique()}@city.example.jp`,
      name: '抽選 係',
      password: 'a long password 1',
    })
    await register(db, { seminarId: seminar.id, ...participant() })
    await drawLottery(db, seminar.id, { userId: staff.id })
    expect(await attempt(group(seminar.id, 1))).toMatchObject({ code: 'GROUP_TOO_FEW_SEATS', seatsLeft: 1 })
    const seminar2 = await createSeminar(db, { capacityInPerson: 5 })
    await makeLottery(db, seminar2.id)
    await register(db, { seminarId: seminar2.id, ...participant() })
    await drawLottery(db, seminar2.id, { userId: staff.id })
    const outcome = await registerGroup(db, group(seminar2.id, 1))
    const rows = await db.registration.findMany({ where: { id: { in: outcome.registrations.map((r) => r.id) } } })
    expect(rows.map((r) => r.status)).toEqual(['CONFIRMED', 'CONFIRMED'])
    expect(await seatsAddUp(seminar2.id)).toBe(3)
  })

  it('a group not selected holds nothing: its contact has nothing to cancel, all or one', async () => {
    // Two people never fit one seat: the group is not selected (a group never waits).
    const seminar = await createSeminar(db, { capacityInPerson: 1 })
    await makeLottery(db, seminar.id)
    const outcome = await registerGroup(db, group(seminar.id, 1))
    const staff = await createConsoleUser(db, {
      email: `draw-${unique()}@city.example.jp`,
      name: '抽選 係',
      password: 'a long password 1',
    })
    expect(await drawLottery(db, seminar.id, { userId: staff.id })).toMatchObject({ notSelected: 2 })
    const contactRegistrationId = outcome.registrations[0].id
    expect(await cancelFromGroup(db, { contactRegistrationId, all: true })).toBe(0)
    await expect(
      cancelFromGroup(db, { contactRegistrationId, registrationId: outcome.registrations[1].id }),
    ).rejects.toMatchObject({ code: 'LOTTERY_NOT_SELECTED' })
    const rows = await db.registration.findMany({ where: { seminarId: seminar.id } })
    expect(rows.map((r) => r.status)).toEqual(['NOT_SELECTED', 'NOT_SELECTED'])
  })
})
